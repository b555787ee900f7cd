import { isInSchemaOrder } from '../metadata/schemaCheck.js';
import { WHOLE_COMPONENT_PATH, type Change, type Mode } from './change.js';
import { readComponent, type NormalizedComponent } from './component.js';
import { diffElements, diffNormalized, type Placements } from './diff.js';
import { hashNormalized, hashNormalizedPair } from './hash.js';
import { listIrreversibleAdditions } from './irreversibleAdditions.js';
import { mergeElement } from './merge.js';
import { deltaContent, overwriteOverlay } from './overlay.js';
import { overwriteElement } from './overwrite.js';
import { PatchContext, type ChildComponentRef } from './patchContext.js';
import { isComparedAsWhole } from './ruleLookup.js';
import { serializeComponent } from './serialize.js';
import { ConflictChooser, emptyReport, threeWayElement, type Conflict, type Preference, type Resolution, type ResolvedConflict } from './threeWay.js';
import { withoutVetoed } from './veto.js';
import type { TreeElement } from './xmlTree.js';

export type PatchAction = 'create' | 'update' | 'delete' | 'noop';

export type PatchInput = {
  readonly type: string;
  readonly fullName: string;
  /** Metadata API XML of the reference's component; undefined when the reference lacks it. */
  readonly referenceXml: string | undefined;
  /** Metadata API XML of the target's component; undefined when the target lacks it. */
  readonly targetXml: string | undefined;
  readonly mode: Mode;
  /** overwrite only: delete components (and upsert children) the reference lacks. */
  readonly deleteExtra?: boolean;
  /**
   * Paths of keyed entries the target cannot take (`fieldPermissions[Account.Tier__c]`), decided
   * from facts about the target: they keep the target's version and are reported in `blocked`.
   */
  readonly vetoed?: ReadonlySet<string>;
  /**
   * The components as readComponent reads referenceXml and targetXml, when the caller has read them
   * already (a big reference document read once for every target, a target's read once for its veto
   * checks and its diff). Never changed here.
   */
  readonly referenceRead?: NormalizedComponent;
  readonly targetRead?: NormalizedComponent;
  /** The deploy's API version: the content is written in the schema order of that version. */
  readonly apiVersion?: string;
  /**
   * The reference's version as last applied to this target (the base). With it, merge is three-way:
   * the reference's changes since the base apply, removals included; overwrite names the target's
   * own changes since the base that it overrides. undefined: no base.
   */
  readonly baseXml?: string;
  readonly baseRead?: NormalizedComponent;
  /** Three-way conflicts: which side wins; undefined keeps the target's version and reports the conflict. */
  readonly prefer?: Preference;
  /** Three-way conflicts this target's resolutions decide for this component; they win over `prefer`. */
  readonly resolutions?: readonly Resolution[];
}

export type Patch = {
  readonly action: PatchAction;
  /** What the deploy changes in the target: before = target now, after = target once patched. */
  readonly changes: Change[];
  /** The XML to deploy; undefined for noop and delete. */
  readonly content: string | undefined;
  /** Human-readable steps no rollback can undo. */
  readonly irreversible: string[];
  /** What the mode could not do (an entry no deploy of the type can remove), for the reader. */
  readonly notes: string[];
  /** Children to delete with a destructive change (overwrite with deleteExtra, upsert types). */
  readonly destructiveChildren: ChildComponentRef[];
  readonly referenceHash: string | null;
  readonly targetHash: string | null;
  /** Hash the target should have once the content is deployed; apply re-reads and compares. */
  readonly patchedHash: string | null;
  /** The type is not in the table: compared as one whole component, changes are not element-level. */
  readonly comparedAsWhole: boolean;
  /** Vetoed entry paths that held drift, left out of the content (see PatchInput.vetoed). */
  readonly blocked: string[];
  /** The drift of the blocked entries, for the reader (not deployed). */
  readonly blockedChanges: Change[];
  /** Three-way merge: elements both sides changed differently, left as the target has them. */
  readonly conflicts: Conflict[];
  /** Three-way merge: paths the target changed on its own, kept. */
  readonly customizations: string[];
  /** Entries added to ordered collections, by change path: the key each follows once deployed, null at the start. */
  readonly placements?: Readonly<Record<string, string | null>>;
  /** Three-way merge: conflicts a resolution or `prefer` decided, with the side taken. */
  readonly resolved: ResolvedConflict[];
  /** Overwrite with a base: paths of the target's own changes since the base that the deploy overrides. */
  readonly overrides: string[];
}

type ThreeWay = { readonly base: NormalizedComponent; readonly chooser: ConflictChooser };

function patchedRoot(mode: Mode, reference: NormalizedComponent, target: NormalizedComponent, context: PatchContext, threeWay?: ThreeWay): TreeElement {
  const rule = reference.rule;
  if (mode === 'merge' && threeWay) return threeWayRoot(reference, target, context, threeWay);
  if (mode === 'merge') return mergeElement(rule, reference.root, target.root, context);
  if (rule && rule.deploy !== 'replace') return overwriteOverlay(rule, reference.root, target.root, context);
  return overwriteElement(rule, reference.root, target.root, context);
}

/**
 * The reference's own text when its elements are in schema order (deployed exactly as it is),
 * else the reference rewritten in that order: a source file edited by hand may hold an element
 * out of its place, which an org refuses.
 */
function verbatimOrOrdered(input: PatchInput, reference: NormalizedComponent): string {
  const xml = input.referenceXml!;
  // a reference read once for every target is checked once (its text is the same for all)
  let inOrder = referenceInOrder.get(reference);
  if (inOrder === undefined || inOrder.version !== input.apiVersion) {
    inOrder = { version: input.apiVersion, ordered: isInSchemaOrder(xml, input.apiVersion) };
    referenceInOrder.set(reference, inOrder);
  }
  return inOrder.ordered ? xml : serializeComponent(reference.rootTag, reference.root, input.apiVersion);
}

const referenceInOrder = new WeakMap<NormalizedComponent, { version: string | undefined; ordered: boolean }>();
/** A type outside the table is one element: the whole component is the unit the three ways compare. */
function threeWayRoot(reference: NormalizedComponent, target: NormalizedComponent, context: PatchContext, threeWay: ThreeWay): TreeElement {
  const { base, chooser } = threeWay;
  if (reference.rule) return threeWayElement(reference.rule, base.root, reference.root, target.root, context, chooser).root;
  const baseHash = hashNormalized(base);
  const referenceHash = hashNormalized(reference);
  const targetHash = hashNormalized(target);
  if (referenceHash === baseHash) {
    if (targetHash !== baseHash) chooser.report.customizations.push(WHOLE_COMPONENT_PATH);
    return target.root;
  }
  if (targetHash === baseHash || targetHash === referenceHash) return reference.root;
  return chooser.takesReference(wholeConflict(base, reference, target, CHANGED_BOTH)) ? reference.root : target.root;
}

const CHANGED_BOTH = 'changed differently in the reference and in the target since the base';

function wholeConflict(base: NormalizedComponent, reference: NormalizedComponent | undefined, target: NormalizedComponent | undefined, reason: string): Conflict {
  const plain = (component: NormalizedComponent | undefined): Conflict['base'] => (component ? hashNormalized(component) : null);
  return { path: WHOLE_COMPONENT_PATH, base: plain(base), reference: plain(reference), target: plain(target), reason };
}

type PatchBase = Omit<Patch, 'action' | 'changes' | 'content' | 'patchedHash' | 'blocked' | 'blockedChanges'>;

const touches = (path: string, other: string): boolean => isUnderPath(path, other) || isUnderPath(other, path);
const isUnderPath = (path: string, ancestor: string): boolean =>
  ancestor === '' || path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);

/**
 * Overwrite with a base: what the target changed on its own since the base (kept by a three-way
 * merge, or in conflict there) and the deploy changes back, element by element.
 */
function overriddenPaths(base: NormalizedComponent, reference: NormalizedComponent, target: NormalizedComponent, changes: Change[], type: string, fullName: string): string[] {
  if (changes.length === 0) return [];
  const report = emptyReport();
  if (reference.rule) {
    // the three-way walk only to learn the target's own changes: its tree and steps are not used
    const scratch = new PatchContext(type, fullName, false, reference.rule, target.root);
    threeWayElement(reference.rule, base.root, reference.root, target.root, scratch, new ConflictChooser(report));
  } else if (hashNormalized(target) !== hashNormalized(base)) {
    report.customizations.push(WHOLE_COMPONENT_PATH);
  }
  const own = [...report.customizations, ...report.conflicts.map((conflict) => conflict.path)];
  return [...new Set(own)].filter((path) => changes.some((change) => touches(change.path, path)));
}

/** The drift under the blocked paths, as it would have been deployed without the veto. */
function changesUnder(paths: string[], unvetoed: NormalizedComponent, target: NormalizedComponent | undefined): Change[] {
  if (paths.length === 0) return [];
  const under = (path: string): boolean => paths.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  if (!target) return diffElements(unvetoed.rule, unvetoed.root, {}).filter((change) => under(change.path));
  return diffNormalized(unvetoed, target).filter((change) => under(change.path));
}

function patchBothPresent(
  input: PatchInput,
  reference: NormalizedComponent,
  target: NormalizedComponent,
  base: PatchBase,
  context: PatchContext,
  threeWay?: ThreeWay
): Patch {
  const unvetoed = patchedRoot(input.mode, reference, target, context, threeWay);
  const veto = input.vetoed?.size ? withoutVetoed(reference.rule, unvetoed, target.root, input.vetoed) : { root: unvetoed, blocked: [] };
  const root = veto.root;
  const blocked = { blocked: veto.blocked, blockedChanges: changesUnder(veto.blocked, { ...target, root: unvetoed }, target) };
  const patched: NormalizedComponent = { ...target, root };
  const [targetHash, patchedHash] = hashNormalizedPair(target, patched);
  if (patchedHash === targetHash) {
    return { ...base, targetHash, ...blocked, action: 'noop', changes: [], content: undefined, patchedHash, irreversible: [] };
  }
  listIrreversibleAdditions(reference.rule, root, target.root, context);
  const rule = reference.rule;
  let content: string | undefined;
  if (rule && rule.deploy !== 'replace') {
    const delta = deltaContent(rule, root, target.root);
    content = delta && serializeComponent(target.rootTag, delta, input.apiVersion);
  } else if (root === reference.root) content = verbatimOrOrdered(input, reference);
  else content = serializeComponent(target.rootTag, root, input.apiVersion);
  const placements: Placements = new Map();
  const changes = diffNormalized(patched, target, placements);
  return { ...base, targetHash, ...blocked, action: 'update', changes, content, patchedHash, ...(placements.size > 0 ? { placements: Object.fromEntries(placements) } : {}) };
}

/** A component the target lacks: the reference's, without the entries the target cannot take. */
function patchCreate(input: PatchInput, reference: NormalizedComponent, base: PatchBase): Patch {
  const veto = input.vetoed?.size ? withoutVetoed(reference.rule, reference.root, undefined, input.vetoed) : { root: reference.root, blocked: [] };
  if (veto.blocked.length === 0) {
    return { ...base, blocked: [], blockedChanges: [], action: 'create', changes: diffNormalized(reference, undefined), content: verbatimOrOrdered(input, reference), patchedHash: base.referenceHash };
  }
  const created: NormalizedComponent = { ...reference, root: veto.root };
  return {
    ...base,
    blocked: veto.blocked,
    blockedChanges: changesUnder(veto.blocked, reference, undefined),
    action: 'create',
    changes: diffNormalized(created, undefined),
    content: serializeComponent(reference.rootTag, veto.root, input.apiVersion),
    patchedHash: hashNormalized(created),
  };
}

/**
 * The target deleted a component the base had: kept deleted when the reference left it as the base
 * had it (the target's own choice), a conflict when the reference changed it.
 */
function targetKeepsRemoval(threeWay: ThreeWay, reference: NormalizedComponent): boolean {
  const { base, chooser } = threeWay;
  if (hashNormalized(base) === hashNormalized(reference)) {
    chooser.report.customizations.push(WHOLE_COMPONENT_PATH);
    return true;
  }
  return !chooser.takesReference(wholeConflict(base, reference, undefined, 'changed by the reference, removed in the target'));
}

/** A component the target lacks: created, unless the target deleted it on its own since the base. */
function patchTargetLacks(input: PatchInput, reference: NormalizedComponent, base: PatchBase, threeWay: ThreeWay | undefined): Patch {
  if (!threeWay || !targetKeepsRemoval(threeWay, reference)) return patchCreate(input, reference, base);
  return { ...base, blocked: [], blockedChanges: [], action: 'noop', changes: [], content: undefined, patchedHash: null };
}

/**
 * Builds what apply deploys to one target for one component, in merge or overwrite mode
 * (docs/pipeline.md "Modes: merge and overwrite"). Pure: XML in, plan entry out.
 */
export function buildPatch(input: PatchInput): Patch {
  const { type, fullName, referenceXml, targetXml, mode } = input;
  const reference = referenceXml === undefined ? undefined : input.referenceRead ?? readComponent(type, referenceXml, `${fullName} (reference)`);
  const target = targetXml === undefined ? undefined : input.targetRead ?? readComponent(type, targetXml, `${fullName} (target)`);
  const context = new PatchContext(type, fullName, Boolean(input.deleteExtra), reference?.rule, target?.root ?? {});
  const baseComponent = input.baseXml !== undefined ? input.baseRead ?? readComponent(type, input.baseXml, `${fullName} (base)`) : undefined;
  const report = emptyReport();
  const base = {
    conflicts: report.conflicts,
    customizations: report.customizations,
    resolved: report.resolved,
    overrides: [] as string[],
    irreversible: context.irreversible,
    notes: context.notes,
    destructiveChildren: context.destructiveChildren,
    referenceHash: reference ? hashNormalized(reference) : null,
    // with both sides, the target is hashed beside the patched tree (patchBothPresent)
    targetHash: target && !reference ? hashNormalized(target) : null,
    comparedAsWhole: isComparedAsWhole(type),
  };
  const threeWay = mode === 'merge' && baseComponent ? { base: baseComponent, chooser: new ConflictChooser(report, input.prefer, input.resolutions) } : undefined;
  const overwriteBase = mode === 'overwrite' ? baseComponent : undefined;
  if (reference && target) {
    const patch = patchBothPresent(input, reference, target, base, context, threeWay);
    if (overwriteBase) base.overrides.push(...overriddenPaths(overwriteBase, reference, target, patch.changes, type, fullName));
    return patch;
  }
  // a component the target deleted since the base, created again by overwrite: the target's own removal overridden
  if (reference && overwriteBase) base.overrides.push(WHOLE_COMPONENT_PATH);
  if (reference) return patchTargetLacks(input, reference, base, threeWay);
  return patchReferenceLacks(input, target, base, context, Boolean(threeWay));
}

/** A component only the target has (or neither): deleted in overwrite mode with deleteExtra, else left. */
function patchReferenceLacks(input: PatchInput, target: NormalizedComponent | undefined, base: PatchBase, context: PatchContext, hadBase: boolean): Patch {
  const none = { blocked: [], blockedChanges: [] };
  if (target && input.mode === 'overwrite' && input.deleteExtra) {
    return { ...base, ...none, action: 'delete', changes: diffNormalized(undefined, target), content: undefined, patchedHash: null };
  }
  if (target && hadBase) {
    context.notes.push(`${context.label} was removed from the reference since the base; it stays in the target (delete it in overwrite mode with --delete-extra)`);
  }
  if (target && input.mode === 'overwrite') {
    context.notes.push(`${context.label} exists only in the target; it stays unless extra components are deleted (--delete-extra)`);
  }
  return { ...base, ...none, action: 'noop', changes: [], content: undefined, patchedHash: base.targetHash };
}
