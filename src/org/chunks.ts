/*
 * Big orgs: a retrieve holds at most 10,000 files and about 39 MB zipped (docs/metadata-types.md "Limits the requests respect"),
 * so a request is split into chunks, and the permission files that come back from several chunks
 * are put together as one unlimited request would have returned them. Pure.
 */
import { PERMISSION_TYPES, scopedToRequest, typeHandler } from '../metadata/index.js';
import { parseOrdered, buildOrdered, typeShape } from './metadataPackage.js';
import { ComponentKey, MetadataComponent, keyOf } from './types.js';

/** Real limit 10,000 files; docs/metadata-types.md: batch below 80% of it. */
export const DEFAULT_MAX_RETRIEVE_FILES = 8000;

/**
 * Components that must share a request: an object with its children and its layouts, so that a
 * profile's layout assignments keep their record types (they do only when the object is in the
 * same request).
 */
function groupOf(key: ComponentKey): string {
  if (key.type === 'CustomObject') return `object:${key.fullName}`;
  const object = typeHandler(key.type)?.objectOf?.(key.fullName);
  if (object !== undefined) return `object:${object}`;
  const shape = typeShape(key.type);
  if (shape.parent && !shape.parent.ignoreParentName) return `object:${key.fullName.slice(0, key.fullName.indexOf('.'))}`;
  return keyOf(key);
}

/** How many files a component adds to a retrieve zip (children live in their parent's file). */
function filesOf(key: ComponentKey): number {
  const shape = typeShape(key.type);
  if (shape.parent) return 0;
  if (shape.isBundle) return 5;
  return shape.hasContent ? 2 : 1;
}

function groupFiles(keys: ComponentKey[]): number {
  const own = keys.reduce((sum, key) => sum + filesOf(key), 0);
  // children asked for without their parent come back in a parent file of their own
  const partialParent = keys.some((key) => typeShape(key.type).parent) && !keys.some((key) => key.type === 'CustomObject');
  return own + (partialParent ? 1 : 0);
}

/**
 * Splits a request into chunks of at most `maxFiles` files: permission files go into every chunk
 * (a Profile is scoped to what its request holds; a PermissionSet is whole from API 40 on and goes
 * into the first chunk only), the other components by group, in order.
 */
export function planChunks(keys: ComponentKey[], maxFiles: number, apiVersion = '62.0'): ComponentKey[][] {
  const everyChunk = keys.filter((key) => scopedToRequest(key.type, apiVersion));
  const firstChunk = keys.filter((key) => PERMISSION_TYPES.has(key.type) && !everyChunk.includes(key));
  const groups = new Map<string, ComponentKey[]>();
  for (const key of keys) {
    if (PERMISSION_TYPES.has(key.type)) continue;
    const group = groupOf(key);
    groups.set(group, [...(groups.get(group) ?? []), key]);
  }
  const budget = Math.max(1, maxFiles - everyChunk.length);
  const chunks: ComponentKey[][] = [];
  let current: ComponentKey[] = [...firstChunk];
  let used = firstChunk.length;
  for (const members of groups.values()) {
    const size = groupFiles(members);
    if (current.length > 0 && used + size > budget) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(...members);
    used += size;
  }
  if (current.length > 0 || chunks.length === 0) chunks.push(current);
  return chunks.map((chunk) => [...everyChunk, ...chunk]);
}

type Node = Record<string, unknown>;

function tagOf(node: Node): string {
  return Object.keys(node).find((key) => key !== ':@')!;
}

/**
 * One permission file from the copies several chunks returned: every entry any chunk returned,
 * once, sections in the order the files give them.
 */
export function mergePermissionCopies(copies: MetadataComponent[]): MetadataComponent {
  if (copies.length === 1) return copies[0];
  const tagOrder: string[] = [];
  const entries = new Map<string, Map<string, Node>>();
  let rootTag = copies[0].type;
  for (const copy of copies) {
    const parsed = parseOrdered(copy.xml, `${copy.type} ${copy.fullName}`);
    rootTag = parsed.rootTag;
    let previous: string | undefined;
    for (const node of parsed.children) {
      const tag = tagOf(node);
      if (!tagOrder.includes(tag)) tagOrder.splice(previous === undefined ? 0 : tagOrder.indexOf(previous) + 1, 0, tag);
      previous = tag;
      const byIdentity = entries.get(tag) ?? new Map<string, Node>();
      byIdentity.set(JSON.stringify(node), node);
      entries.set(tag, byIdentity);
    }
  }
  const children = tagOrder.flatMap((tag) => [...(entries.get(tag)?.values() ?? [])]);
  return { ...copies[0], xml: buildOrdered(rootTag, children as never) };
}

/** The components of all chunks, permission files merged. */
export function combineChunkComponents(perChunk: MetadataComponent[][]): MetadataComponent[] {
  const byKey = new Map<string, MetadataComponent[]>();
  for (const components of perChunk) {
    for (const component of components) {
      const key = keyOf(component);
      byKey.set(key, [...(byKey.get(key) ?? []), component]);
    }
  }
  return [...byKey.values()].map((copies) => (PERMISSION_TYPES.has(copies[0].type) ? mergePermissionCopies(copies) : copies[0]));
}
