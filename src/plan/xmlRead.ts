/*
 * Reading facts out of metadata XML for the planner (element text by tag, every tag as an array).
 * Pure.
 */
import { parseXmlTree, xmlRoot } from '../xml/index.js';

export type Node = Record<string, unknown[] | undefined>;

export function rootOf(xml: string): Node | undefined {
  const root = xmlRoot(parseXmlTree(xml))?.value;
  return root && typeof root === 'object' ? (root as Node) : undefined;
}

export function entries(node: Node | undefined, tag: string): Node[] {
  return (node?.[tag] ?? []).filter((value): value is Node => typeof value === 'object' && value !== null);
}

export function textOf(node: Node | undefined, tag: string): string | undefined {
  const value = node?.[tag]?.[0];
  return typeof value === 'string' ? value : undefined;
}

/** Text children (`<fields>A</fields><fields>B</fields>`). */
export function textsOf(node: Node | undefined, tag: string): string[] {
  return (node?.[tag] ?? []).filter((value): value is string => typeof value === 'string');
}

/** A name as the diff engine keys it: partly URL-encoded names compare decoded. */
export { decodeName as decoded } from '../diff/index.js';
