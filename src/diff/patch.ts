import type { Change } from './change.js';
import { isComparedAsWhole } from './comparedAsWhole.js';
import { readComponent, type NormalizedComponent } from './component.js';
import { diffNormalized } from './diff.js';
import { hashNormalized } from './hash.js';
import { listIrreversibleAdditions } from './irreversibleAdditions.js';
import { mergeElement } from './merge.js';
import { deltaContent, overwriteOverlay } from './overlay.js';
import { overwriteElement } from './overwrite.js';
import { PatchContext, type ChildComponentRef } from './patchContext.js';
import { serializeComponent } from './serialize.js';
import type { TreeElement } from './xmlTree.js';

export type PatchMode = 'merge' | 'overwrite';
export type PatchAction = 'create' | 'update' | 'delete' | 'noop';

export type PatchInput = {
  readonly type: string;
  readonly fullName: string;
  /** Metadata API XML of the reference's component; undefined when the reference lacks it. */
  readonly referenceXml: string | undefined;
  /** Metadata API XML of the target's component; undefined when the target lacks it. */
  readonly targetXml: string | undefined;
  readonly mode: PatchMode;
  /** overwrite only: delete components (and upsert children) the reference lacks. */
  readonly deleteExtra?: boolean;
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
}

function patchedRoot(mode: PatchMode, reference: NormalizedComponent, target: NormalizedComponent, context: PatchContext): TreeElement {
  const rule = reference.rule;
  if (mode === 'merge') return mergeElement(rule, reference.root, target.root, context);
  if (rule && rule.deploy !== 'replace') return overwriteOverlay(rule, reference.root, target.root, context);
  return overwriteElement(rule, reference.root, target.root, context);
}

function patchBothPresent(input: PatchInput, reference: NormalizedComponent, target: NormalizedComponent, base: Omit<Patch, 'action' | 'changes' | 'content' | 'patchedHash'>, context: PatchContext): Patch {
  const root = patchedRoot(input.mode, reference, target, context);
  const patched: NormalizedComponent = { ...target, root };
  const patchedHash = hashNormalized(patched);
  if (patchedHash === base.targetHash) {
    return { ...base, action: 'noop', changes: [], content: undefined, patchedHash, irreversible: [] };
  }
  listIrreversibleAdditions(reference.rule, root, target.root, context);
  const rule = reference.rule;
  let content: string | undefined;
  if (rule && rule.deploy !== 'replace') {
    const delta = deltaContent(rule, root, target.root);
    content = delta && serializeComponent(target.rootTag, delta);
  } else if (root === reference.root) content = input.referenceXml!; // exactly what the reference holds
  else content = serializeComponent(target.rootTag, root);
  return { ...base, action: 'update', changes: diffNormalized(patched, target), content, patchedHash };
}

/**
 * Builds what apply deploys to one target for one component, in merge or overwrite mode
 * (DESIGN.md "Modes"). Pure: XML in, plan entry out.
 */
export function buildPatch(input: PatchInput): Patch {
  const { type, fullName, referenceXml, targetXml, mode } = input;
  const reference = referenceXml === undefined ? undefined : readComponent(type, referenceXml, `${fullName} (reference)`);
  const target = targetXml === undefined ? undefined : readComponent(type, targetXml, `${fullName} (target)`);
  const context = new PatchContext(type, fullName, Boolean(input.deleteExtra), reference?.rule, target?.root ?? {});
  const base = {
    irreversible: context.irreversible,
    notes: context.notes,
    destructiveChildren: context.destructiveChildren,
    referenceHash: reference ? hashNormalized(reference) : null,
    targetHash: target ? hashNormalized(target) : null,
    comparedAsWhole: isComparedAsWhole(type),
  };
  if (reference && target) return patchBothPresent(input, reference, target, base, context);
  if (reference) {
    return { ...base, action: 'create', changes: diffNormalized(reference, undefined), content: referenceXml, patchedHash: base.referenceHash };
  }
  if (target && mode === 'overwrite' && input.deleteExtra) {
    return { ...base, action: 'delete', changes: diffNormalized(undefined, target), content: undefined, patchedHash: null };
  }
  if (target && mode === 'overwrite') {
    context.notes.push(`${context.label} exists only in the target; it stays unless extra components are deleted (--delete-extra)`);
  }
  return { ...base, action: 'noop', changes: [], content: undefined, patchedHash: base.targetHash };
}
