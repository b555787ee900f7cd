/*
 * The base recorded in a target org: static resources `PostdeployBase` (then `PostdeployBase_2`,
 * ...) holding, gzipped JSON, the reference's version of every component this tool applied there.
 * Apply deploys them with the correction, in the same all-or-nothing deploy, so the org and its base
 * never disagree; the next plan reads them with the target's own retrieve. Pure: no I/O.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { Messages } from '@salesforce/core';
import { hashComponent } from '../diff/index.js';
import { keyOf, type ComponentKey, type MetadataComponent } from '../org/index.js';
import { sha256 } from './canonicalJson.js';
import type { NextBase, PlannedComponent } from './planTypes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

export const BASE_RESOURCE = 'PostdeployBase';
const RESOURCE_TYPE = 'StaticResource';
const FORMAT = 'sf-postdeploy-base';
/**
 * Far below the real limits (a static resource is at most 5 MB, an org holds at most 250 MB of
 * them): 2 MB compressed per resource, 10 resources at most.
 */
export const BASE_LIMITS = { partBytes: 2 * 1024 * 1024, maxParts: 10 };
export type BaseLimits = typeof BASE_LIMITS;
/** the real limit of a static resource's description */
const DESCRIPTION_LIMIT = 255;

/** A base as components by key, with the hash every source of a base uses (see `baseHash`). */
export type BaseComponents = ReadonlyMap<string, MetadataComponent>;

type Part = { format: typeof FORMAT; version: 1; hash: string; part: number; parts: number; components: Array<{ type: string; fullName: string; xml: string }> };

/** One line per component, sorted: the same components give the same hash however they were read. */
export function baseHash(components: BaseComponents): string {
  const lines = [...components.entries()].map(([key, component]) => `${key} ${hashComponent(component.type, component.xml)}`).sort();
  return sha256(lines.join('\n'));
}

export function partName(index: number): string {
  return index === 0 ? BASE_RESOURCE : `${BASE_RESOURCE}_${index + 1}`;
}

/** Whether a static resource is one of ours: never selected, never compared. */
export function isBaseResource(key: ComponentKey): boolean {
  return key.type === RESOURCE_TYPE && /^PostdeployBase(_\d+)?$/.test(key.fullName);
}

export function basePartKeys(from: number, to: number): ComponentKey[] {
  return Array.from({ length: to - from }, (_, i) => ({ type: RESOURCE_TYPE, fullName: partName(from + i) }));
}

export const FIRST_PART: ComponentKey = { type: RESOURCE_TYPE, fullName: BASE_RESOURCE };

function partPath(name: string): string {
  return `staticresources/${name}.resource`;
}

function metaXml(description: string): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<StaticResource xmlns="http://soap.sforce.com/2006/04/metadata">',
    '    <cacheControl>Private</cacheControl>',
    '    <contentType>application/octet-stream</contentType>',
    `    <description>${description}</description>`,
    '</StaticResource>',
    '',
  ].join('\n');
}

/** The base as read from a target's static resources; `parts` says how many the first one announces. */
export type ReadBase = { components: Map<string, MetadataComponent>; hash: string; parts: number };

export class RecordedBaseError extends Error {}

function readPart(component: MetadataComponent): Part {
  const content = Object.values(component.files ?? {})[0];
  if (!content) throw new RecordedBaseError(`${component.fullName} has no content`);
  let part: Part;
  try {
    part = JSON.parse(gunzipSync(content).toString('utf8')) as Part;
  } catch (error) {
    throw new RecordedBaseError(`${component.fullName} is not a base written by sf postdeploy: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (part.format !== FORMAT || part.version !== 1 || !Array.isArray(part.components)) throw new RecordedBaseError(`${component.fullName} is not a base written by sf postdeploy (format ${String(part.format)} ${String(part.version)})`);
  return part;
}

/** How many parts the first part says the base has (1 when it is alone). */
export function announcedParts(first: MetadataComponent): number {
  return readPart(first).parts;
}

/** The base the parts hold, checked whole: every part present and of the same base. */
export function readRecordedBase(parts: MetadataComponent[]): ReadBase {
  const read = parts.map(readPart).sort((a, b) => a.part - b.part);
  const expected = read[0]?.parts ?? 0;
  if (read.length !== expected || read.some((p, i) => p.part !== i + 1 || p.hash !== read[0].hash)) {
    throw new RecordedBaseError(`${BASE_RESOURCE} announces ${expected} part(s); ${read.length} of them were found, not all of the same base`);
  }
  const components = new Map<string, MetadataComponent>();
  for (const part of read) for (const c of part.components) components.set(keyOf(c), { type: c.type, fullName: c.fullName, xml: c.xml });
  return { components, hash: baseHash(components), parts: expected };
}

function gzipped(part: Part): Buffer {
  // no timestamp in the header: the same base always gives the same bytes
  return gzipSync(Buffer.from(JSON.stringify(part), 'utf8'));
}

function splitInto(list: Part['components'], parts: number, hash: string): Buffer[] {
  const groups: Array<Part['components']> = Array.from({ length: parts }, () => []);
  // about the same amount of text in each part, in key order
  const total = list.reduce((sum, c) => sum + c.xml.length, 0);
  let size = 0;
  for (const component of list) {
    groups[Math.min(parts - 1, Math.floor((size * parts) / Math.max(total, 1)))].push(component);
    size += component.xml.length;
  }
  return groups.map((group, index) => gzipped({ format: FORMAT, version: 1, hash, part: index + 1, parts, components: group }));
}

/** The components split into parts under the limit, each part compressed; refused when more than MAX_PARTS would be needed. */
function split(components: MetadataComponent[], hash: string, limits: BaseLimits): Buffer[] {
  const list = components.map(({ type, fullName, xml }) => ({ type, fullName, xml }));
  const whole = gzipped({ format: FORMAT, version: 1, hash, part: 1, parts: 1, components: list });
  const tooBig = (): Error => messages.createError('error.BaseTooBig', [components.length, (whole.length / 1024 / 1024).toFixed(1), limits.maxParts, limits.partBytes / 1024 / 1024]);
  if (whole.length <= limits.partBytes) return [whole];
  // parts compress a little worse than the whole: a tenth of room
  for (let parts = Math.ceil(whole.length / (limits.partBytes * 0.9)); parts <= limits.maxParts; parts++) {
    const buffers = splitInto(list, parts, hash);
    if (buffers.every((b) => b.length <= limits.partBytes)) return buffers;
  }
  throw tooBig();
}

/**
 * The target's next base: its recorded base with every given component replaced by the
 * reference's version. `current` are the parts the target holds now (as retrieved), `readParts`
 * how many it has.
 */
export function nextBase(previous: BaseComponents | undefined, applied: MetadataComponent[], current: ReadonlyMap<string, MetadataComponent>, limits = BASE_LIMITS): NextBase {
  const merged = new Map(previous ?? []);
  for (const component of applied) merged.set(keyOf(component), { type: component.type, fullName: component.fullName, xml: component.xml });
  const hash = baseHash(merged);
  const ordered = [...merged.keys()].sort().map((key) => merged.get(key)!);
  const hashOf = (name: string): string | null => {
    const held = current.get(keyOf({ type: RESOURCE_TYPE, fullName: name }));
    return held ? hashComponent(RESOURCE_TYPE, held.xml) : null;
  };
  const heldParts = [...current.values()].filter(isBaseResource).length;
  const samePlace = previous !== undefined && baseHash(previous) === hash;
  if (samePlace || merged.size === 0) return { hash, components: merged.size, resources: [] };
  const buffers = split(ordered, hash, limits);
  const resources: PlannedComponent[] = buffers.map((content, index) => {
    const name = partName(index);
    const description = `sf postdeploy: the base of its three-way merge, ${merged.size} components, part ${index + 1} of ${buffers.length}, sha256 ${hash}`;
    if (description.length > DESCRIPTION_LIMIT) throw new Error(`description over ${DESCRIPTION_LIMIT} characters: ${description}`);
    const xml = metaXml(description);
    const targetHash = hashOf(name);
    return {
      type: RESOURCE_TYPE,
      fullName: name,
      action: targetHash === null ? 'create' : 'update',
      targetHash,
      referenceHash: null,
      patchedHash: hashComponent(RESOURCE_TYPE, xml),
      changes: [],
      deployXml: xml,
      deployFiles: { [partPath(name)]: content.toString('base64') },
      irreversible: [],
      comparedAsWhole: true,
      notes: [],
      destructiveChildren: [],
      blocked: [],
    };
  });
  for (let index = buffers.length; index < heldParts; index++) {
    const name = partName(index);
    const targetHash = hashOf(name);
    if (targetHash === null) continue;
    resources.push({ type: RESOURCE_TYPE, fullName: name, action: 'delete', targetHash, referenceHash: null, patchedHash: null, changes: [], irreversible: [], comparedAsWhole: true, notes: [], destructiveChildren: [], blocked: [] });
  }
  return { hash, components: merged.size, resources };
}
