import type { ElementRule } from '../metadata/index.js';
import { TEXT_KEY } from './entryKey.js';
import { childRuleOf } from './ruleLookup.js';
import { canonicalScalar } from './scalar.js';
import { isElement, KeyedCollection, type TreeElement, type TreeNode } from './xmlTree.js';

/** A JSON value shown as `before` / `after` of a change. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [field: string]: PlainValue };

export function plainList(rule: ElementRule | undefined, nodes: TreeNode[] | KeyedCollection | undefined): PlainValue {
  if (nodes === undefined) return null;
  if (nodes instanceof KeyedCollection) {
    const childRule = rule as { key?: readonly string[] };
    if (childRule.key?.[0] === TEXT_KEY) return [...nodes.entries.keys()];
    return [...nodes.entries.values()].map((node) => toPlain(rule, node));
  }
  // One element reads as a value, not a list of one.
  return nodes.length === 1 ? toPlain(rule, nodes[0]) : nodes.map((node) => toPlain(rule, node));
}

export function plainElement(rule: ElementRule | undefined, element: TreeElement): { [field: string]: PlainValue } {
  const result: { [field: string]: PlainValue } = {};
  for (const [tag, value] of Object.entries(element)) result[tag] = plainList(childRuleOf(rule, tag), value);
  return result;
}

export function toPlain(rule: ElementRule | undefined, node: TreeNode | undefined): PlainValue {
  if (node === undefined) return null;
  return isElement(node) ? plainElement(rule, node) : canonicalScalar(node);
}
