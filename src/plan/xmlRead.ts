/*
 * Reading facts out of metadata XML for the planner (element text by tag, every tag as an array).
 * Works on the raw value tree (rootOf) and on the diff engine's normalized one (a component read once
 * for its diff and its checks), whose keyed collections are KeyedCollections. Pure.
 */
import { KeyedCollection, decodeName } from '../diff/index.js';
import type { NodeReader } from '../metadata/index.js';
import { parseXmlTree, xmlRoot } from '../xml/index.js';

export type Node = Record<string, unknown[] | KeyedCollection | undefined>;

export function rootOf(xml: string): Node | undefined {
  const root = xmlRoot(parseXmlTree(xml))?.value;
  return root && typeof root === 'object' ? (root as Node) : undefined;
}

function valuesOf(node: Node | undefined, tag: string): unknown[] {
  const values = node?.[tag];
  if (values instanceof KeyedCollection) return [...values.entries.values()];
  return values ?? [];
}

export function entries(node: Node | undefined, tag: string): Node[] {
  return valuesOf(node, tag).filter((value): value is Node => typeof value === 'object' && value !== null);
}

export function textOf(node: Node | undefined, tag: string): string | undefined {
  const value = valuesOf(node, tag)[0];
  return typeof value === 'string' ? value : undefined;
}

/** Text children (`<fields>A</fields><fields>B</fields>`). */
export function textsOf(node: Node | undefined, tag: string): string[] {
  return valuesOf(node, tag).filter((value): value is string => typeof value === 'string');
}

/** A name as the diff engine keys it: partly URL-encoded names compare decoded. */
export const decoded = decodeName;

/** These readers, for the hooks of the type modules (src/metadata/types). */
export const nodeReader: NodeReader = { rootOf, entries, textOf, textsOf, decoded };
