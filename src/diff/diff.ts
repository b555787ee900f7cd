import type { ChildRule, ElementRule } from '../metadata/index.js';
import { keyFieldsOf } from './canonical.js';
import { joinPath, WHOLE_COMPONENT_PATH, type Change } from './change.js';
import { readComponent, type NormalizedComponent } from './component.js';
import { hashNormalized } from './hash.js';
import { permissionField, permissionFieldNames } from './permissionEntry.js';
import { toPlain } from './plainValue.js';
import { childRuleOf, gridItemsRule } from './ruleLookup.js';
import { canonicalScalar } from './scalar.js';
import { isElement, KeyedCollection, type TreeElement, type TreeNode } from './xmlTree.js';

const EMPTY = new KeyedCollection(new Map());

function asCollection(value: TreeNode[] | KeyedCollection | undefined): KeyedCollection {
  return value instanceof KeyedCollection ? value : EMPTY;
}

function asList(value: TreeNode[] | KeyedCollection | undefined): TreeNode[] {
  return Array.isArray(value) ? value : [];
}

function sameScalar(left: TreeNode, right: TreeNode): boolean {
  return typeof left === 'string' && typeof right === 'string' && canonicalScalar(left) === canonicalScalar(right);
}

function diffPositional(rule: ElementRule | undefined, references: TreeNode[], targets: TreeNode[], path: string, out: Change[]): void {
  const length = Math.max(references.length, targets.length);
  for (let index = 0; index < length; index++) {
    const itemPath = length === 1 ? path : `${path}[#${index + 1}]`;
    const reference = references[index];
    const target = targets[index];
    if (reference === undefined) out.push({ op: 'remove', path: itemPath, before: toPlain(rule, target), after: null });
    else if (target === undefined) out.push({ op: 'add', path: itemPath, before: null, after: toPlain(rule, reference) });
    else if (isElement(reference) && isElement(target)) diffElements(rule, reference, target, itemPath, out);
    else if (!sameScalar(reference, target)) {
      out.push({ op: 'change', path: itemPath, before: toPlain(rule, target), after: toPlain(rule, reference) });
    }
  }
}

function diffPermissionEntry(rule: ChildRule, reference: TreeNode | undefined, target: TreeNode | undefined, path: string, out: Change[]): void {
  const permission = rule.permission!;
  const referenceEntry = isElement(reference) ? reference : undefined;
  const targetEntry = isElement(target) ? target : undefined;
  for (const field of permissionFieldNames(permission, [referenceEntry, targetEntry], keyFieldsOf(rule))) {
    const after = permissionField(permission, referenceEntry, field);
    const before = permissionField(permission, targetEntry, field);
    if (after === before || (after !== undefined && before !== undefined && sameScalar(after, before))) continue;
    out.push({
      op: before === undefined ? 'add' : after === undefined ? 'remove' : 'change',
      path: `${path}.${field}`,
      before: before === undefined ? null : canonicalScalar(before),
      after: after === undefined ? null : canonicalScalar(after),
    });
  }
}

/** Keys both sides have, in one side's order: a reorder shows only when these sequences differ. */
function sharedKeys(keys: Iterable<string>, other: KeyedCollection): string[] {
  const shared: string[] = [];
  for (const key of keys) if (other.entries.has(key)) shared.push(key);
  return shared;
}

function sameSequence(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

/** Where each entry added to an ordered collection goes, by its change's path: the key it follows, null at the start. */
export type Placements = Map<string, string | null>;

// the placements asked for with a diff, found by the array its changes go to (one walk fills both)
const placementsFor = new WeakMap<Change[], Placements>();

function diffKeyed(rule: ChildRule, reference: KeyedCollection, target: KeyedCollection, path: string, out: Change[], checkOrder: boolean): void {
  const keyFields = keyFieldsOf(rule);
  const placements = checkOrder && rule.ordered ? placementsFor.get(out) : undefined;
  let previous: string | null = null;
  for (const [key, referenceEntry] of reference.entries) {
    const targetEntry = target.entries.get(key);
    // the same entry object on both sides (a patched tree keeps the target's entries it leaves alone): nothing to report
    if (referenceEntry === targetEntry) {
      previous = key;
      continue;
    }
    const entryPath = `${path}[${key}]`;
    if (rule.permission) diffPermissionEntry(rule, referenceEntry, targetEntry, entryPath, out);
    else if (targetEntry === undefined) {
      out.push({ op: 'add', path: entryPath, before: null, after: toPlain(rule, referenceEntry) });
      placements?.set(entryPath, previous);
    }
    else if (isElement(referenceEntry) && isElement(targetEntry)) diffElements(rule, referenceEntry, targetEntry, entryPath, out, keyFields);
    else if (isElement(referenceEntry) !== isElement(targetEntry)) {
      out.push({ op: 'change', path: entryPath, before: toPlain(rule, targetEntry), after: toPlain(rule, referenceEntry) });
    }
    previous = key;
  }
  for (const [key, targetEntry] of target.entries) {
    if (reference.entries.has(key)) continue;
    const entryPath = `${path}[${key}]`;
    if (rule.permission) diffPermissionEntry(rule, undefined, targetEntry, entryPath, out);
    else out.push({ op: 'remove', path: entryPath, before: toPlain(rule, targetEntry), after: null });
  }
  if (checkOrder && rule.ordered && !sameSequence(sharedKeys(reference.entries.keys(), target), sharedKeys(target.entries.keys(), reference))) {
    out.push({ op: 'change', path, before: [...target.entries.keys()], after: [...reference.entries.keys()] });
  }
}

type FlatGrid = {
  readonly items: KeyedCollection;
  readonly arrangement: string[][];
}

/** A grid's items by key across columns; blank (keyless) items are named by column. */
function flattenGrid(itemsRule: ChildRule, columns: TreeNode[]): FlatGrid {
  const items = new Map<string, TreeNode>();
  const arrangement = columns.map((column, index) => {
    const names: string[] = [];
    const collection = isElement(column) ? column[itemsRule.tag] : undefined;
    for (const [key, item] of asCollection(collection).entries) {
      const name = key.startsWith('#') ? `column ${index + 1} ${key}` : key;
      items.set(name, item);
      names.push(name);
    }
    return names;
  });
  return { items: new KeyedCollection(items), arrangement };
}

/** Layout columns: items are reported by key within the section, the arrangement as one change. */
function diffGrid(columnsRule: ChildRule, references: TreeNode[], targets: TreeNode[], parentPath: string, out: Change[]): void {
  const itemsRule = gridItemsRule(columnsRule);
  const reference = flattenGrid(itemsRule, references);
  const target = flattenGrid(itemsRule, targets);
  diffKeyed(itemsRule, reference.items, target.items, joinPath(parentPath, itemsRule.tag), out, false);
  const columnsPath = joinPath(parentPath, columnsRule.tag);
  const keep = (grid: FlatGrid, other: FlatGrid): string[][] =>
    grid.arrangement.map((names) => names.filter((name) => other.items.entries.has(name)));
  const referenceShared = keep(reference, target);
  const targetShared = keep(target, reference);
  const moved =
    referenceShared.length !== targetShared.length ||
    referenceShared.some((names, index) => !sameSequence(names, targetShared[index]));
  if (moved) out.push({ op: 'change', path: columnsPath, before: target.arrangement, after: reference.arrangement });
  const skipItems = new Set([itemsRule.tag]);
  for (let index = 0; index < Math.min(references.length, targets.length); index++) {
    const referenceColumn = references[index];
    const targetColumn = targets[index];
    if (isElement(referenceColumn) && isElement(targetColumn)) {
      diffElements(columnsRule, referenceColumn, targetColumn, `${columnsPath}[#${index + 1}]`, out, skipItems);
    }
  }
}

/** Element-level changes that turn `target` into `reference`, appended to `out`. */
export function diffElements(
  rule: ElementRule | undefined,
  reference: TreeElement,
  target: TreeElement,
  path = '',
  out: Change[] = [],
  skip?: ReadonlySet<string>
): Change[] {
  const tags = new Set([...Object.keys(reference), ...Object.keys(target)]);
  for (const tag of tags) {
    if (skip?.has(tag)) continue;
    const childRule = childRuleOf(rule, tag);
    const referenceValue = reference[tag];
    const targetValue = target[tag];
    if (childRule?.shape === 'keyed') {
      diffKeyed(childRule, asCollection(referenceValue), asCollection(targetValue), joinPath(path, tag), out, true);
    } else if (childRule?.transparentInPath) {
      diffGrid(childRule, asList(referenceValue), asList(targetValue), path, out);
    } else {
      diffPositional(childRule, asList(referenceValue), asList(targetValue), joinPath(path, tag), out);
    }
  }
  return out;
}

/**
 * Changes that make the target equal to the reference. An absent side is a whole-component add
 * or remove; a type outside the table is compared as a whole (one change, or none).
 */
export function diffNormalized(reference: NormalizedComponent | undefined, target: NormalizedComponent | undefined, placements?: Placements): Change[] {
  if (!reference && !target) return [];
  if (!target) return [{ op: 'add', path: WHOLE_COMPONENT_PATH, before: null, after: null }];
  if (!reference) return [{ op: 'remove', path: WHOLE_COMPONENT_PATH, before: null, after: null }];
  if (!reference.rule) {
    return hashNormalized(reference) === hashNormalized(target)
      ? []
      : [{ op: 'change', path: WHOLE_COMPONENT_PATH, before: null, after: null }];
  }
  const out: Change[] = [];
  if (placements) placementsFor.set(out, placements);
  return diffElements(reference.rule, reference.root, target.root, '', out);
}

export function diffComponent(type: string, referenceXml: string | undefined, targetXml: string | undefined): Change[] {
  return diffNormalized(
    referenceXml === undefined ? undefined : readComponent(type, referenceXml),
    targetXml === undefined ? undefined : readComponent(type, targetXml)
  );
}
