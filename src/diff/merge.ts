import type { ChildRule, ElementRule, EntryField } from '../metadata/index.js';
import { boundUnits, holdsUnit, withoutUnit } from './boundUnit.js';
import { insertAfterPredecessor } from './keyedInsert.js';
import type { PatchContext } from './patchContext.js';
import { isNoAccess, morePermissive } from './permissionEntry.js';
import { childRuleOf, gridItemsRule, hasRuleBelow } from './ruleLookup.js';
import { supersedeSlot } from './supersedes.js';
import { withReferenceTags } from './tagOrder.js';
import { isElement, KeyedCollection, readText, type TreeElement, type TreeNode } from './xmlTree.js';

const EMPTY = new KeyedCollection(new Map());
const hasUniqueKeysBelow = (rule: ChildRule): boolean =>
  hasRuleBelow(rule, 'keysUniqueInDocument', (child) => Boolean(child.keysUniqueInDocument));

/** Drops entries the target already has elsewhere in the document (a field moved to another section). */
function withoutKnownKeys(rule: ElementRule, element: TreeElement, context: PatchContext): TreeElement {
  const result: TreeElement = { ...element };
  for (const tag of Object.keys(element)) {
    const childRule = childRuleOf(rule, tag);
    const value = element[tag];
    if (!childRule) continue;
    if (childRule.keysUniqueInDocument && value instanceof KeyedCollection) {
      const known = context.documentKeys(childRule);
      const kept = new Map<string, TreeNode>();
      for (const [key, node] of value.entries) {
        if (key.startsWith('#') || !known.has(key)) kept.set(key, node);
        if (!key.startsWith('#')) known.add(key);
      }
      result[tag] = new KeyedCollection(kept);
    } else if (hasUniqueKeysBelow(childRule)) {
      const prune = (node: TreeNode): TreeNode => (isElement(node) ? withoutKnownKeys(childRule, node, context) : node);
      result[tag] =
        value instanceof KeyedCollection
          ? new KeyedCollection(new Map([...value.entries].map(([key, node]) => [key, prune(node)])))
          : value.map(prune);
    }
  }
  return result;
}

/** An entry the target lacks, made fit to join the target's collection. */
function prepareAdded(rule: ChildRule, entry: TreeNode, siblings: Map<string, TreeNode>, context: PatchContext): TreeNode {
  if (!isElement(entry)) return entry;
  let prepared = entry;
  const single = rule.singleTrueField;
  if (single && readText(prepared, single) === 'true') {
    const taken = [...siblings.values()].some((sibling) => isElement(sibling) && readText(sibling, single) === 'true');
    if (taken) prepared = { ...prepared, [single]: ['false'] };
  }
  const sequence = rule.sequenceField;
  if (sequence && prepared[sequence] !== undefined) {
    let highest = -1;
    for (const sibling of siblings.values()) {
      if (isElement(sibling)) highest = Math.max(highest, Number(readText(sibling, sequence) ?? -1));
    }
    prepared = { ...prepared, [sequence]: [String(highest + 1)] };
  }
  return hasUniqueKeysBelow(rule) ? withoutKnownKeys(rule, prepared, context) : prepared;
}

function supersedesTargetEntry(fields: readonly EntryField[], entry: TreeNode, target: KeyedCollection): boolean {
  const sent = supersedeSlot(fields, entry);
  if (sent === undefined) return false;
  for (const existing of target.entries.values()) if (supersedeSlot(fields, existing) === sent) return true;
  return false;
}

function mergeKeyed(rule: ChildRule, reference: KeyedCollection, target: KeyedCollection, context: PatchContext): KeyedCollection {
  let merged = new Map(target.entries);
  const referenceKeys = [...reference.entries.keys()];
  referenceKeys.forEach((key, index) => {
    const referenceEntry = reference.entries.get(key)!;
    const targetEntry = target.entries.get(key);
    if (targetEntry === undefined) {
      if (rule.permission && isElement(referenceEntry) && isNoAccess(rule.permission, referenceEntry)) return;
      // Sending it would replace the target's own entry (its record type's layout): the target's stays.
      if (rule.supersedes && supersedesTargetEntry(rule.supersedes, referenceEntry, target)) return;
      if (rule.keysUniqueInDocument && !key.startsWith('#')) {
        const known = context.documentKeys(rule);
        if (known.has(key)) return;
        known.add(key);
      }
      const added = prepareAdded(rule, referenceEntry, merged, context);
      if (rule.placement === 'afterPredecessor') {
        merged = insertAfterPredecessor(merged, key, added, referenceKeys.slice(0, index).reverse());
      } else merged.set(key, added);
    } else if (rule.permission && isElement(referenceEntry) && isElement(targetEntry)) {
      // The more permissive flag wins: merge grants, it never revokes.
      merged.set(key, morePermissive(rule.permission, referenceEntry, targetEntry));
    } else if (rule.children && isElement(referenceEntry) && isElement(targetEntry)) {
      merged.set(key, mergeElement(rule, referenceEntry, targetEntry, context));
    }
  });
  return new KeyedCollection(merged);
}

/** Items the target section lacks go into the same column (or its last one), after their reference predecessor. */
function mergeGrid(columnsRule: ChildRule, references: TreeNode[], targets: TreeNode[], context: PatchContext): TreeNode[] {
  const itemsRule = gridItemsRule(columnsRule);
  const known = context.documentKeys(itemsRule);
  const columns: TreeElement[] = targets.map((column) => (isElement(column) ? { ...column } : {}));
  references.forEach((referenceColumn, columnIndex) => {
    if (!isElement(referenceColumn)) return;
    const referenceItems = referenceColumn[itemsRule.tag];
    if (!(referenceItems instanceof KeyedCollection)) return;
    const referenceKeys = [...referenceItems.entries.keys()];
    referenceKeys.forEach((key, index) => {
      if (key.startsWith('#') || known.has(key)) return;
      known.add(key);
      if (columns.length === 0) columns.push({});
      const column = columns[Math.min(columnIndex, columns.length - 1)];
      const existing = column[itemsRule.tag];
      const entries = existing instanceof KeyedCollection ? existing.entries : new Map<string, TreeNode>();
      const item = referenceItems.entries.get(key)!;
      column[itemsRule.tag] = new KeyedCollection(
        insertAfterPredecessor(entries, key, item, referenceKeys.slice(0, index).reverse())
      );
    });
  });
  return columns;
}

function mergeValue(
  rule: ChildRule | undefined,
  reference: TreeNode[] | KeyedCollection,
  target: TreeNode[] | KeyedCollection | undefined,
  context: PatchContext
): TreeNode[] | KeyedCollection {
  if (rule?.shape === 'keyed') {
    return mergeKeyed(rule, reference instanceof KeyedCollection ? reference : EMPTY, target instanceof KeyedCollection ? target : EMPTY, context);
  }
  const references = Array.isArray(reference) ? reference : [];
  const targets = Array.isArray(target) ? target : undefined;
  if (rule?.transparentInPath) return mergeGrid(rule, references, targets ?? [], context);
  if (rule?.children && references.length === 1 && isElement(references[0])) {
    // A wrapper (valueSet, platformActionList): merge inside it; the target lacking it merges into nothing.
    if (targets === undefined) return [mergeElement(rule, references[0], {}, context)];
    if (targets.length === 1 && isElement(targets[0])) return [mergeElement(rule, references[0], targets[0], context)];
  }
  // Plain structure both have: the target's version stays.
  return targets ?? reference;
}

/**
 * Merge mode: never removes what the target has. Children the target lacks are added, children
 * both have keep the target's version (permission flags: the more permissive wins), children only
 * the target has stay.
 */
export function mergeElement(rule: ElementRule | undefined, referenceElement: TreeElement, target: TreeElement, context: PatchContext): TreeElement {
  // a unit the target holds (its filters with their booleanFilter) stays whole: the reference's parts would not fit it
  let reference = referenceElement;
  for (const unit of boundUnits(rule, reference, target)) if (holdsUnit(target, unit)) reference = withoutUnit(reference, unit);
  const targetOrdered: Array<[string, TreeElement[string]]> = [];
  for (const tag of Object.keys(target)) {
    const referenceValue = reference[tag];
    targetOrdered.push([tag, referenceValue === undefined ? target[tag] : mergeValue(childRuleOf(rule, tag), referenceValue, target[tag], context)]);
  }
  const referenceOnly = new Map<string, TreeElement[string]>();
  for (const tag of Object.keys(reference)) {
    if (target[tag] === undefined) referenceOnly.set(tag, mergeValue(childRuleOf(rule, tag), reference[tag], undefined, context));
  }
  return withReferenceTags(targetOrdered, Object.keys(reference), referenceOnly);
}
