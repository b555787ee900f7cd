import type { ChildRule, ElementRule } from '../metadata/index.js';
import { canonicalEntry } from './canonical.js';
import { joinPath } from './change.js';
import { childRuleOf } from './ruleLookup.js';
import { isElement, KeyedCollection, type TreeElement, type TreeNode } from './xmlTree.js';

function vetoKeyed(rule: ChildRule, value: KeyedCollection, target: KeyedCollection | undefined, vetoed: ReadonlySet<string>, path: string, blocked: string[]): KeyedCollection {
  const entries = new Map(value.entries);
  for (const [key, entry] of value.entries) {
    const entryPath = `${path}[${key}]`;
    const targetEntry = target?.entries.get(key);
    if (vetoed.has(entryPath)) {
      if (targetEntry === undefined) entries.delete(key);
      else entries.set(key, targetEntry);
      if (targetEntry === undefined || canonicalEntry(rule, entry) !== canonicalEntry(rule, targetEntry)) blocked.push(entryPath);
    } else if (rule.children && isElement(entry)) {
      const inner = withoutVetoed(rule, entry, isElement(targetEntry) ? targetEntry : undefined, vetoed, entryPath);
      entries.set(key, inner.root);
      blocked.push(...inner.blocked);
    }
  }
  return new KeyedCollection(entries);
}

/** The target's columns as one element: each keyed collection holds the entries of every column. */
function mergedColumns(columns: TreeElement[]): TreeElement | undefined {
  if (columns.length === 0) return undefined;
  const merged: TreeElement = {};
  for (const column of columns) {
    for (const [tag, value] of Object.entries(column)) {
      const known = merged[tag];
      if (value instanceof KeyedCollection && known instanceof KeyedCollection) merged[tag] = new KeyedCollection(new Map([...known.entries, ...value.entries]));
      else if (known === undefined) merged[tag] = value;
    }
  }
  return merged;
}

/** A layout's columns: paths skip them, and an item may sit in another column in the target. */
function vetoColumns(rule: ChildRule, columns: TreeNode[], target: TreeElement[string] | undefined, vetoed: ReadonlySet<string>, path: string): { root: TreeNode[]; blocked: string[] } {
  const targetColumns = Array.isArray(target) ? target.filter(isElement) : [];
  const items = columns.map((item) => (isElement(item) ? withoutVetoed(rule, item, mergedColumns(targetColumns), vetoed, path) : { root: item, blocked: [] }));
  return { root: items.map((item) => item.root), blocked: items.flatMap((item) => item.blocked) };
}

function isColumns(rule: ChildRule | undefined, value: TreeElement[string]): boolean {
  return rule?.shape === 'positional' && rule.transparentInPath === true && rule.children !== undefined && Array.isArray(value);
}

/**
 * Keyed entries the target cannot take (paths as in changes, e.g. `fieldPermissions[Account.Tier__c]`)
 * keep the target's version, or stay out when the target lacks them; so do plain elements of no
 * collection (`filterScope`, `listViews[Mine].filterScope`). Which entries those are is decided
 * outside the engine, from facts read from the target. Returns the patched tree and the vetoed
 * paths that actually held drift.
 */
export function withoutVetoed(
  rule: ElementRule | undefined,
  patched: TreeElement,
  target: TreeElement | undefined,
  vetoed: ReadonlySet<string>,
  path = ''
): { root: TreeElement; blocked: string[] } {
  const blocked: string[] = [];
  const result: TreeElement = { ...patched };
  for (const tag of Object.keys(patched)) {
    const childRule = childRuleOf(rule, tag);
    const value = patched[tag];
    const targetValue = target?.[tag];
    const tagPath = joinPath(path, tag);
    if (!childRule && vetoed.has(tagPath)) {
      if (targetValue === undefined) delete result[tag];
      else result[tag] = targetValue;
      if (JSON.stringify(value) !== JSON.stringify(targetValue)) blocked.push(tagPath);
    } else if (childRule?.shape === 'keyed' && value instanceof KeyedCollection) {
      result[tag] = vetoKeyed(childRule, value, targetValue instanceof KeyedCollection ? targetValue : undefined, vetoed, tagPath, blocked);
    } else if (isColumns(childRule, value)) {
      const columns = vetoColumns(childRule!, value as TreeNode[], targetValue, vetoed, path);
      if (columns.blocked.length > 0) result[tag] = columns.root;
      blocked.push(...columns.blocked);
    } else if (childRule?.shape === 'single' && childRule.children && Array.isArray(value) && value.length === 1 && isElement(value[0])) {
      const targetNode = Array.isArray(targetValue) && isElement(targetValue[0]) ? targetValue[0] : undefined;
      const inner = withoutVetoed(childRule, value[0], targetNode, vetoed, tagPath);
      result[tag] = [inner.root];
      blocked.push(...inner.blocked);
    }
  }
  return { root: blocked.length > 0 ? result : patched, blocked };
}
