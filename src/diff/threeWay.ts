import type { ChildRule, ElementRule, TypeRule } from '../metadata/index.js';
import { boundUnits, type BoundUnit } from './boundUnit.js';
import { canonicalEntry, canonicalNode } from './canonical.js';
import { joinPath } from './change.js';
import { deactivated, isDeactivated } from './deactivation.js';
import { insertAfterPredecessor } from './keyedInsert.js';
import { deactivationStep } from './overwrite.js';
import { isDeployedPerEntry, targetOnlyEntry } from './overlay.js';
import type { PatchContext } from './patchContext.js';
import { isNoAccess } from './permissionEntry.js';
import { plainList, toPlain, type PlainValue } from './plainValue.js';
import { childRuleOf } from './ruleLookup.js';
import { withReferenceTags } from './tagOrder.js';
import { isElement, KeyedCollection, readText, type TreeElement, type TreeNode } from './xmlTree.js';

/** Which side wins where the reference and the target changed the same element differently. */
export type Preference = 'reference' | 'target';

/**
 * One element the reference and the target both changed since the base, differently. Until a
 * preference resolves it, the target's version stays: nothing of it is deployed.
 */
export type Conflict = {
  readonly path: string;
  readonly base: PlainValue;
  readonly reference: PlainValue;
  readonly target: PlainValue;
  readonly reason: string;
}

/**
 * Which side wins the conflicts at `path` and under it (the empty path: the whole component),
 * as a resolutions file names them for one target and one component.
 */
export type Resolution = {
  readonly path: string;
  readonly prefer: Preference;
}

/** A conflict a preference decided: `resolution` indexes the resolutions given; absent, the general preference did. */
export type ResolvedConflict = Conflict & {
  readonly prefer: Preference;
  readonly resolution?: number;
}

/** What a three-way patch learns besides the patched tree. */
export type ThreeWayReport = {
  readonly conflicts: Conflict[];
  /** Paths where the target changed an element the reference left as the base had it: kept. */
  readonly customizations: string[];
  /** Conflicts a resolution or the general preference decided. */
  readonly resolved: ResolvedConflict[];
}

const isUnder = (path: string, ancestor: string): boolean =>
  ancestor === '' || path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);

/**
 * Decides conflicts: the resolution naming the conflict (or an element around it) first, then the
 * general preference; what neither decides is reported and keeps the target's version.
 */
export class ConflictChooser {
  public constructor(
    public readonly report: ThreeWayReport,
    private readonly prefer?: Preference,
    private readonly resolutions: readonly Resolution[] = []
  ) {}

  /** Records the conflict and says whether the reference's side is taken. */
  public takesReference(conflict: Conflict): boolean {
    const index = this.resolutions.findIndex((resolution) => isUnder(conflict.path, resolution.path));
    const prefer = index >= 0 ? this.resolutions[index].prefer : this.prefer;
    if (prefer === undefined) {
      this.report.conflicts.push(conflict);
      return false;
    }
    this.report.resolved.push({ ...conflict, prefer, ...(index >= 0 ? { resolution: index } : {}) });
    return prefer === 'reference';
  }
}

export const emptyReport = (): ThreeWayReport => ({ conflicts: [], customizations: [], resolved: [] });

type Value = TreeElement[string];

const REASONS = {
  changedBoth: 'changed differently in the reference and in the target since the base',
  addedBoth: 'added differently by the reference and by the target',
  removedInReference: 'removed by the reference, changed in the target',
  removedInTarget: 'changed by the reference, removed in the target',
  movedRemoved: 'moved by the reference, removed in the target',
  removedMoved: 'removed by the reference, moved in the target',
  movedBoth: 'moved to different places by the reference and by the target',
  addedApart: 'added in different places by the reference and by the target',
  twoDefaults: 'the reference and the target each made a different value the default, and only one can be',
} as const;

type KeyedState = {
  readonly rule: ChildRule;
  readonly path: string;
  readonly target: KeyedCollection | undefined;
  readonly referenceKeys: string[];
  readonly moved: ReadonlySet<string>;
  readonly result: Map<string, TreeNode>;
};

/** An entry as compared: a permission entry granting nothing is as good as absent. */
function visible(rule: ChildRule, collection: KeyedCollection | undefined, key: string): TreeNode | undefined {
  const node = collection?.entries.get(key);
  return node !== undefined && rule.permission && isElement(node) && isNoAccess(rule.permission, node) ? undefined : node;
}

function sameEntry(rule: ChildRule, left: TreeNode | undefined, right: TreeNode | undefined): boolean {
  return left === undefined || right === undefined ? left === right : canonicalEntry(rule, left) === canonicalEntry(rule, right);
}

/** Puts an entry the target lacks after its nearest predecessor in the reference, where order counts. */
function insertInto(rule: ChildRule, result: Map<string, TreeNode>, key: string, entry: TreeNode, referenceKeys: string[]): void {
  if (!rule.ordered && rule.placement !== 'afterPredecessor') {
    result.set(key, entry);
    return;
  }
  const index = referenceKeys.indexOf(key);
  const placed = insertAfterPredecessor(result, key, entry, referenceKeys.slice(0, index).reverse());
  result.clear();
  for (const [placedKey, node] of placed) result.set(placedKey, node);
}

/** Where an entry of a collection whose keys are unique in the document is, and the entry itself. */
type Placed = { readonly at: string; readonly node: TreeNode };
type Places = { readonly base: Map<string, Placed>; readonly reference: Map<string, Placed>; readonly target: Map<string, Placed> };
/** Where an entry ends up (undefined: nowhere), with its content there. */
type Placement = { readonly at: string | undefined; readonly node: TreeNode | undefined };

const placeOf = (collectionPath: string, column: number | undefined): string => `${collectionPath}#${column ?? 0}`;
const placePath = (at: string, key: string): string => `${at.slice(0, at.lastIndexOf('#'))}[${key}]`;
const placeLabel = (at: string): string => `${at.slice(0, at.lastIndexOf('#'))}, column ${Number(at.slice(at.lastIndexOf('#') + 1)) + 1}`;

/**
 * Every entry of a `keysUniqueInDocument` collection anywhere in the document (a layout item in any
 * section and column), by key, with where it is: paths as the walk names them, the column apart.
 */
function placesIn(rule: ElementRule, element: TreeElement, wanted: ChildRule, path: string, column: number | undefined, into: Map<string, Placed>): Map<string, Placed> {
  for (const tag of Object.keys(element)) {
    const child = childRuleOf(rule, tag);
    if (!child) continue;
    const value = element[tag];
    const tagPath = joinPath(path, tag);
    if (child === wanted && value instanceof KeyedCollection) {
      for (const [key, node] of value.entries) if (!key.startsWith('#')) into.set(key, { at: placeOf(tagPath, column), node });
    } else if (child.children && value instanceof KeyedCollection) {
      for (const [key, node] of value.entries) if (isElement(node)) placesIn(child, node, wanted, `${tagPath}[${key}]`, column, into);
    } else if (child.children && Array.isArray(value)) {
      value.forEach((node, index) => {
        if (isElement(node)) placesIn(child, node, wanted, child.transparentInPath ? path : tagPath, child.transparentInPath ? index : column, into);
      });
    }
  }
  return into;
}

class Walk {
  /** the column of the grid being walked: part of where a layout item is */
  private column: number | undefined;
  private readonly places = new Map<ChildRule, Places>();
  private readonly placements = new Map<ChildRule, Map<string, Placement>>();

  public constructor(
    private readonly typeRule: TypeRule,
    private readonly context: PatchContext,
    private readonly chooser: ConflictChooser,
    private readonly roots: { base: TreeElement; reference: TreeElement; target: TreeElement }
  ) {}

  public get report(): ThreeWayReport {
    return this.chooser.report;
  }

  /** Records the conflict and says whether the reference's side is taken. */
  public conflict(path: string, base: PlainValue, reference: PlainValue, target: PlainValue, reason: string): boolean {
    return this.chooser.takesReference({ path, base, reference, target, reason });
  }

  public element(rule: ElementRule, base: TreeElement, reference: TreeElement, target: TreeElement, path: string): TreeElement {
    const targetOrdered: Array<[string, Value]> = [];
    const referenceOnly = new Map<string, Value>();
    // a unit's tags come whole from the side that wins the unit, never one tag from each
    const fromUnit = new Map<string, TreeElement>();
    for (const unit of boundUnits(rule, base, reference, target)) {
      const side = this.boundUnit(rule, unit, base, reference, target, path) ? reference : target;
      for (const tag of unit) fromUnit.set(tag, side);
    }
    for (const tag of Object.keys(target)) {
      const side = fromUnit.get(tag);
      const value = side ? side[tag] : this.tag(rule, tag, base[tag], reference[tag], target[tag], path);
      if (value !== undefined) targetOrdered.push([tag, value]);
    }
    for (const tag of Object.keys(reference)) {
      if (target[tag] !== undefined) continue;
      const side = fromUnit.get(tag);
      const value = side ? side[tag] : this.tag(rule, tag, base[tag], reference[tag], undefined, path);
      if (value !== undefined) referenceOnly.set(tag, value);
    }
    return withReferenceTags(targetOrdered, Object.keys(reference), referenceOnly);
  }

  /** A collection and the tag naming its positions, as one value: whether the reference's side is taken. */
  /**
   * The patched tree with each unique key only where its placement puts it: an element the
   * reference adds whole (a new layout section) was not walked entry by entry, and may carry an
   * item the target keeps elsewhere.
   */
  public placedOnce(root: TreeElement): TreeElement {
    if (this.places.size === 0) return root;
    return this.pruned(this.typeRule, root, '', undefined);
  }

  private boundUnit(rule: ElementRule, unit: BoundUnit, base: TreeElement, reference: TreeElement, target: TreeElement, path: string): boolean {
    const [collection, bound] = unit;
    const collectionRule = childRuleOf(rule, collection);
    const text = (element: TreeElement): string =>
      JSON.stringify([element[collection] === undefined ? null : canonicalNode(collectionRule, element[collection]), element[bound] === undefined ? null : canonicalNode(undefined, element[bound])]);
    const [b, r, t] = [text(base), text(reference), text(target)];
    const unitPath = joinPath(path, collection);
    if (r === b) {
      if (t !== b) this.report.customizations.push(unitPath);
      return false;
    }
    if (t === b || r === t) return true;
    const plain = (element: TreeElement): PlainValue => ({ [collection]: plainList(collectionRule, element[collection]), [bound]: plainList(undefined, element[bound]) });
    return this.conflict(unitPath, plain(base), plain(reference), plain(target), REASONS.changedBoth);
  }

  private tag(parent: ElementRule, tag: string, base: Value | undefined, reference: Value | undefined, target: Value | undefined, path: string): Value | undefined {
    const rule = childRuleOf(parent, tag);
    const tagPath = joinPath(path, tag);
    if (rule?.shape === 'keyed') {
      const asKeyed = (value: Value | undefined): KeyedCollection | undefined => (value instanceof KeyedCollection ? value : undefined);
      const merged = this.keyed(rule, asKeyed(base), asKeyed(reference), asKeyed(target), tagPath);
      return merged.size === 0 && target === undefined ? undefined : merged;
    }
    // what both added since the base (a new section on both sides) is compared inside, against nothing
    const baseNodes = base === undefined && Array.isArray(reference) && Array.isArray(target) ? reference.map((): TreeNode => ({})) : base;
    if (rule?.children && Array.isArray(baseNodes) && Array.isArray(reference) && Array.isArray(target)) {
      const sameShape = baseNodes.length === reference.length && baseNodes.length === target.length;
      if (sameShape && [...baseNodes, ...reference, ...target].every(isElement)) {
        // A grid's columns are transparent in paths: their items are named from the section.
        const inner = rule.transparentInPath ? path : tagPath;
        return baseNodes.map((column, index) => {
          const outer = this.column;
          if (rule.transparentInPath) this.column = index;
          const merged = this.element(rule, column as TreeElement, reference[index] as TreeElement, target[index] as TreeElement, inner);
          this.column = outer;
          return merged;
        });
      }
    }
    return this.unit(rule, base, reference, target, tagPath);
  }

  /** A value compared as one unit: a scalar, plain structure, a list without identity. */
  private unit(rule: ChildRule | undefined, base: Value | undefined, reference: Value | undefined, target: Value | undefined, path: string): Value | undefined {
    const same = (left: Value | undefined, right: Value | undefined): boolean =>
      left === undefined || right === undefined ? left === right : canonicalNode(rule, left) === canonicalNode(rule, right);
    if (same(reference, base)) {
      if (!same(target, base)) this.report.customizations.push(path);
      return target;
    }
    const takeReference = same(target, base) || (!same(reference, target) && this.conflict(path, plainList(rule, base), plainList(rule, reference), plainList(rule, target), unitReason(base, reference, target)));
    if (!takeReference) return target;
    // An overlay or upsert deploy leaves a top-level field the file omits as it is (an entry it sends is
    // replaced whole): the reference cannot remove it.
    const topLevel = !/[.[]/.test(path);
    if (reference === undefined && topLevel && this.typeRule.deploy !== 'replace') return target;
    return reference;
  }

  private keyed(rule: ChildRule, base: KeyedCollection | undefined, reference: KeyedCollection | undefined, target: KeyedCollection | undefined, path: string): KeyedCollection {
    const referenceKeys = [...(reference?.entries.keys() ?? [])];
    const state: KeyedState = { rule, path, target, referenceKeys, result: new Map(target?.entries), moved: rule.ordered ? movedKeys(base, reference) : new Set() };
    const keys = new Set([...(target?.entries.keys() ?? []), ...referenceKeys, ...(base?.entries.keys() ?? [])]);
    const placed = rule.keysUniqueInDocument ? this.placesFor(rule) : undefined;
    for (const key of keys) {
      if (placed && !key.startsWith('#')) this.placedEntry(state, key);
      else this.keyedEntry(state, key, visible(rule, base, key), visible(rule, reference, key), visible(rule, target, key));
    }
    if (rule.singleTrueField) this.singleTrue(state, rule.singleTrueField, base, reference);
    return new KeyedCollection(rule.ordered && reference && sameOrder(base, target) ? inReferenceOrder(state.result, referenceKeys) : state.result);
  }

  private keyedEntry(state: KeyedState, key: string, b: TreeNode | undefined, r: TreeNode | undefined, t: TreeNode | undefined): void {
    const { rule } = state;
    const entryPath = `${state.path}[${key}]`;
    const same = (left: TreeNode | undefined, right: TreeNode | undefined): boolean => sameEntry(rule, left, right);
    if (same(r, b)) {
      if (t === undefined && b !== undefined && state.moved.has(key)) {
        if (this.conflict(entryPath, toPlain(rule, b), toPlain(rule, r), null, REASONS.movedRemoved)) insertInto(rule, state.result, key, r!, state.referenceKeys);
      } else if (!same(t, b)) this.report.customizations.push(entryPath);
      return;
    }
    // a value the reference retired and the target already holds inactive: nothing left to do
    const retiredAlike = r === undefined && rule.removal === 'deactivate' && isElement(t) && isDeactivated(rule, t);
    if (same(r, t) || retiredAlike) return;
    if (!same(t, b)) {
      if (rule.children && (isElement(b) || b === undefined) && isElement(r) && isElement(t)) {
        // both changed (or both added) the entry: look inside it, where the changes may not meet
        state.result.set(key, this.element(rule, b ?? {}, r, t, entryPath));
        return;
      }
      if (!this.conflict(entryPath, toPlain(rule, b), toPlain(rule, r), toPlain(rule, t), keyedReason(b, r, t))) return;
    }
    this.takeReference(state, key, b, r, t);
  }

  private pruned(rule: ElementRule, element: TreeElement, path: string, column: number | undefined): TreeElement {
    let result: TreeElement | undefined;
    for (const tag of Object.keys(element)) {
      const child = childRuleOf(rule, tag);
      const value = element[tag];
      if (!child) continue;
      const tagPath = joinPath(path, tag);
      let next: Value = value;
      if (child.keysUniqueInDocument && value instanceof KeyedCollection && this.places.has(child)) {
        const here = placeOf(tagPath, column);
        const kept = [...value.entries].filter(([key]) => key.startsWith('#') || this.placementOf(child, key).at === here);
        if (kept.length !== value.size) next = new KeyedCollection(new Map(kept));
      } else if (child.children && value instanceof KeyedCollection) {
        const entries = [...value.entries].map(([key, node]): [string, TreeNode] => [key, isElement(node) ? this.pruned(child, node, `${tagPath}[${key}]`, column) : node]);
        if (entries.some(([key, node]) => node !== value.entries.get(key))) next = new KeyedCollection(new Map(entries));
      } else if (child.children && Array.isArray(value)) {
        const nodes = value.map((node, index) => (isElement(node) ? this.pruned(child, node, child.transparentInPath ? path : tagPath, child.transparentInPath ? index : column) : node));
        if (nodes.some((node, index) => node !== value[index])) next = nodes;
      }
      if (next !== value) {
        result ??= { ...element };
        result[tag] = next;
      }
    }
    return result ?? element;
  }

  private placementOf(rule: ChildRule, key: string): Placement {
    let decided = this.placements.get(rule);
    if (!decided) {
      decided = new Map();
      this.placements.set(rule, decided);
    }
    let placement = decided.get(key);
    if (!placement) {
      const places = this.placesFor(rule);
      placement = this.placement(rule, key, places.base.get(key), places.reference.get(key), places.target.get(key));
      decided.set(key, placement);
    }
    return placement;
  }

  private placesFor(rule: ChildRule): Places {
    let places = this.places.get(rule);
    if (!places) {
      const read = (root: TreeElement): Map<string, Placed> => placesIn(this.typeRule, root, rule, '', undefined, new Map());
      places = { base: read(this.roots.base), reference: read(this.roots.reference), target: read(this.roots.target) };
      this.places.set(rule, places);
    }
    return places;
  }

  /**
   * An entry whose key is unique in the document (a layout item, keyed by field, its section and
   * column an attribute): decided once where it ends up and with what, then placed in, or taken out
   * of, each collection the walk meets.
   */
  private placedEntry(state: KeyedState, key: string): void {
    const here = placeOf(state.path, this.column);
    const placement = this.placementOf(state.rule, key);
    const targetHere = state.target?.entries.get(key);
    if (placement.at === here && placement.node !== undefined) {
      if (targetHere !== undefined) state.result.set(key, placement.node);
      else insertInto(state.rule, state.result, key, placement.node, state.referenceKeys);
    } else if (targetHere !== undefined) {
      if (placement.at === undefined) this.remove(state.rule, key, targetHere, state.result, state.path);
      else state.result.delete(key);
    }
  }

  /** Where the entry goes: each side's move (or removal) since the base as the rows say, the content three-way. */
  private placement(rule: ChildRule, key: string, b: Placed | undefined, r: Placed | undefined, t: Placed | undefined): Placement {
    const path = placePath((t ?? r ?? b)!.at, key);
    const changed = (side: Placed | undefined): boolean => b !== undefined && side !== undefined && !sameEntry(rule, side.node, b.node);
    const plain = (side: Placed | undefined): PlainValue => (side ? toPlain(rule, side.node) : null);
    let at: string | undefined;
    if (r?.at === b?.at) {
      at = t?.at;
      // removed in the target, changed in the reference: as for any entry, a conflict
      if (t === undefined && changed(r)) at = this.conflict(path, plain(b), plain(r), null, REASONS.removedInTarget) ? r!.at : undefined;
      else if (t?.at !== b?.at) this.report.customizations.push(path);
    } else if (t?.at === b?.at || r?.at === t?.at) {
      at = r?.at;
      if (r === undefined && changed(t)) at = this.conflict(path, plain(b), null, plain(t), REASONS.removedInReference) ? undefined : t!.at;
    } else {
      const where = (side: Placed | undefined): PlainValue => (side ? { at: placeLabel(side.at), item: toPlain(rule, side.node) } : null);
      const reason = b === undefined ? REASONS.addedApart : r === undefined ? REASONS.removedMoved : t === undefined ? REASONS.movedRemoved : REASONS.movedBoth;
      at = this.conflict(path, where(b), where(r), where(t), reason) ? r?.at : t?.at;
    }
    if (at === undefined) return { at, node: undefined };
    return { at, node: this.content(rule, path, b?.node, r?.node, t?.node) };
  }

  /** The entry's content wherever it goes: the reference's change since the base, or the target's. */
  private content(rule: ChildRule, path: string, b: TreeNode | undefined, r: TreeNode | undefined, t: TreeNode | undefined): TreeNode | undefined {
    if (t === undefined || r === undefined) return t ?? r;
    const same = (left: TreeNode | undefined, right: TreeNode | undefined): boolean => sameEntry(rule, left, right);
    if (same(r, b)) {
      if (b !== undefined && !same(t, b)) this.report.customizations.push(path);
      return t;
    }
    if (same(t, b) || same(r, t)) return r;
    return this.conflict(path, toPlain(rule, b), toPlain(rule, r), toPlain(rule, t), keyedReason(b, r, t)) ? r : t;
  }

  /**
   * Where only one entry may hold a field true (a value set's default): the reference's new default
   * and the target's own, both kept entry by entry, would make two; a conflict decides which stays.
   */
  private singleTrue(state: KeyedState, field: string, base: KeyedCollection | undefined, reference: KeyedCollection | undefined): void {
    const holds = (node: TreeNode | undefined): boolean => isElement(node) && readText(node, field) === 'true';
    const trues = [...state.result].filter(([, node]) => holds(node)).map(([key]) => key);
    if (trues.length < 2) return;
    // the target's own default (not the base's), and those the reference brings
    const fromTarget = trues.filter((key) => holds(state.target?.entries.get(key)) && !holds(base?.entries.get(key)));
    const fromReference = trues.filter((key) => !holds(state.target?.entries.get(key)));
    if (fromReference.length === 0 || fromTarget.length === 0) return;
    const holder = (collection: KeyedCollection | undefined): string | null => [...(collection?.entries ?? [])].find(([, node]) => holds(node))?.[0] ?? null;
    const path = `${state.path}[${fromReference[0]}].${field}`;
    const takeReference = this.conflict(path, holder(base), holder(reference), holder(state.target), REASONS.twoDefaults);
    for (const key of takeReference ? fromTarget : fromReference) {
      const node = state.result.get(key);
      if (isElement(node)) state.result.set(key, { ...node, [field]: ['false'] });
    }
  }

  private takeReference(state: KeyedState, key: string, b: TreeNode | undefined, r: TreeNode | undefined, t: TreeNode | undefined): void {
    const { rule } = state;
    if (r === undefined) this.remove(rule, key, state.target!.entries.get(key)!, state.result, state.path);
    else if (rule.children && isElement(b) && isElement(r) && isElement(t)) {
      // taken inside the entry, so what it removes is removed as its own rows say (values kept inactive)
      state.result.set(key, this.element(rule, b, r, t, `${state.path}[${key}]`));
    } else if (state.result.has(key)) state.result.set(key, r);
    else insertInto(rule, state.result, key, r, state.referenceKeys);
  }

  /** Takes out of the target an entry the reference removed, as the type's row says. */
  private remove(rule: ChildRule, key: string, targetEntry: TreeNode, result: Map<string, TreeNode>, path: string): void {
    if (rule.removal === 'deactivate' && isElement(targetEntry)) {
      if (!isDeactivated(rule, targetEntry)) this.context.irreversible.push(deactivationStep(this.context, key, path));
      result.set(key, deactivated(rule, targetEntry));
      return;
    }
    // An overlay deploy revokes explicitly, or reports what no deploy of the type removes.
    if (isDeployedPerEntry(this.typeRule, rule)) {
      targetOnlyEntry(rule, key, targetEntry, result, this.context, path);
      return;
    }
    result.delete(key);
  }
}

function unitReason(base: Value | undefined, reference: Value | undefined, target: Value | undefined): string {
  if (base === undefined) return REASONS.addedBoth;
  if (reference === undefined) return REASONS.removedInReference;
  if (target === undefined) return REASONS.removedInTarget;
  return REASONS.changedBoth;
}

function keyedReason(base: TreeNode | undefined, reference: TreeNode | undefined, target: TreeNode | undefined): string {
  if (base === undefined) return REASONS.addedBoth;
  if (reference === undefined) return REASONS.removedInReference;
  if (target === undefined) return REASONS.removedInTarget;
  return REASONS.changedBoth;
}

/** Keys both sides hold whose nearest predecessor among those keys differs: moved by the reference. */
function movedKeys(base: KeyedCollection | undefined, reference: KeyedCollection | undefined): Set<string> {
  if (!base || !reference) return new Set();
  const common = (collection: KeyedCollection, other: KeyedCollection): string[] => [...collection.entries.keys()].filter((key) => other.entries.has(key));
  const predecessors = (keys: string[]): Map<string, string | undefined> => new Map(keys.map((key, index) => [key, keys[index - 1]]));
  const before = predecessors(common(base, reference));
  const after = predecessors(common(reference, base));
  return new Set([...before].filter(([key, predecessor]) => after.get(key) !== predecessor).map(([key]) => key));
}

function sameOrder(base: KeyedCollection | undefined, target: KeyedCollection | undefined): boolean {
  const baseKeys = [...(base?.entries.keys() ?? [])];
  const targetKeys = [...(target?.entries.keys() ?? [])];
  return baseKeys.length === targetKeys.length && baseKeys.every((key, index) => targetKeys[index] === key);
}

/**
 * The target left the order as the base had it: the reference's order applies, and what the
 * reference lacks but the target keeps (a value kept inactive) follows it, as overwrite places it.
 */
function inReferenceOrder(entries: Map<string, TreeNode>, referenceKeys: string[]): Map<string, TreeNode> {
  const ordered = new Map<string, TreeNode>();
  for (const key of referenceKeys) if (entries.has(key)) ordered.set(key, entries.get(key)!);
  for (const [key, entry] of entries) if (!ordered.has(key)) ordered.set(key, entry);
  return ordered;
}

/**
 * Merge with a base (docs/pipeline.md "Three-way merge"): per element keyed as the type table keys
 * it, the reference's change since the base is applied (removals as the type's row takes them out),
 * the target's own change is kept, and both changing the same element differently is a conflict
 * that keeps the target's version unless a preference decides.
 */
export function threeWayElement(
  typeRule: TypeRule,
  base: TreeElement,
  reference: TreeElement,
  target: TreeElement,
  context: PatchContext,
  chooser: ConflictChooser = new ConflictChooser(emptyReport())
): { root: TreeElement; report: ThreeWayReport } {
  const walk = new Walk(typeRule, context, chooser, { base, reference, target });
  const root = walk.element(typeRule, base, reference, target, '');
  return { root: walk.placedOnce(root), report: walk.report };
}
