/*
 * One component of one target planned: the patch that brings the target to the reference, less
 * what the target cannot take (its facts, a package's locks, the API version), what the config
 * accepts, and with what a base tells (conflicts, the target's own changes). Pure: the components
 * are read already.
 */
import { Mode, NormalizedComponent, Preference, buildPatch, diffNormalized } from '../diff/index.js';
import { lockedPaths } from '../metadata/index.js';
import { ComponentKey, ListedMember, MetadataComponent, filesToBase64, keyOf } from '../org/index.js';
import { blockedByApiVersion } from './apiVersionCheck.js';
import { TargetAccept, acceptWhole } from './accept.js';
import { blockComponent, withBlockedDrift } from './blocked.js';
import { assignmentDocument, assignmentOf, sendableAlone, targetWithReferenceAssignment } from './compactLayoutAssignment.js';
import { ReferenceReads, readSide } from './componentReads.js';
import { IdenticalOutcomes, isByteIdentical, plannedOf } from './componentOutcome.js';
import { withTargetElements } from './lockedElements.js';
import { AcceptedDrift, PlanChange, PlanResolvedConflict, PlannedComponent } from './planTypes.js';
import { ComponentResolutions, TargetResolutions } from './resolutions.js';
import { TargetFacts, vetoedEntries, withTargetLimits } from './targetFacts.js';

/** What every component of one target is planned with. */
export type ComponentContext = {
  mode: Mode;
  deleteExtra: boolean;
  /** the plan's pinned version, which the deploy content is written for and checked against */
  apiVersion: string;
  prefer?: Preference;
  /** the base's components, by key: the three-way merge's, or what overwrite names it overrides */
  base?: ReadonlyMap<string, MetadataComponent>;
  facts?: TargetFacts;
  accepting?: TargetAccept;
  resolve?: TargetResolutions;
  /** the plan's reads of reference components, shared by every target */
  referenceReads: ReferenceReads;
  identical: IdenticalOutcomes;
};

/**
 * Drift in what an installed package owns: a subscriber cannot create a package's component, nor
 * change what the package locks (src/metadata/managedEditable.ts); only a package install or
 * upgrade can. What the subscriber may edit is planned as usual; the locked elements are blocked
 * drift, and a component with nothing editable left is blocked as a whole.
 */
export function planManaged(context: ComponentContext, key: ListedMember, reference: MetadataComponent | undefined, target: MetadataComponent | undefined): PlannedComponent {
  const component = planComponent(context, key, reference, target);
  if (!key.managed || component.action === 'noop') return component;
  const where = `package ${key.namespace ?? '(unknown namespace)'}`;
  if (component.action === 'create' || component.action === 'delete' || !reference || !target) {
    const verb = component.action === 'create' ? 'lacks it' : 'would lose it';
    return blockComponent(component, { kind: 'managed', reason: `installed by ${where}: the target ${verb}, and only installing or upgrading the package can change that` });
  }
  const locked = lockedPaths(key.type, component.changes.map((c) => c.path));
  if (locked.length === 0) return component;
  const reason = (path: string): string => `${path} is locked by ${where}: only a package upgrade can change it`;
  if (locked.length === component.changes.length) {
    const shown = locked.slice(0, 5).join(', ') + (locked.length > 5 ? `, and ${locked.length - 5} more` : '');
    return blockComponent(component, { kind: 'managed', reason: `installed by ${where}, which locks ${shown}: only a package upgrade can change it` });
  }
  // the editable drift goes ahead: the reference keeps the target's locked elements
  const lockedTags = [...new Set(locked.map((path) => /^[^[.]+/.exec(path)?.[0] ?? path))];
  const editable = planComponent(context, key, { ...reference, xml: withTargetElements(reference.xml, target.xml, lockedTags) }, target, false);
  return withBlockedDrift(editable, locked.map((path) => ({ kind: 'managed', path, reason: reason(path) })));
}

/**
 * An object's compact layout assignment, compared on its own: the target's object with the
 * reference's assignment is what the target should become. Sent alone where the API allows it,
 * else a manual step (compactLayoutAssignment.ts).
 */
export function planAssignment(context: ComponentContext, object: ComponentKey, reference: MetadataComponent | undefined, target: MetadataComponent | undefined): PlannedComponent | undefined {
  if (!reference || !target) return undefined;
  // the same object file: the same assignment, nothing to compare
  const same = sameBytes(context, object, reference, target) ? context.identical.of(context, object, reference) : undefined;
  if (same) return same;
  // the target's facts, accept entries and resolutions are about its components, never about an assignment
  const alone: ComponentContext = { ...context, facts: undefined, accepting: undefined, resolve: undefined };
  const planned = planComponent(alone, object, { ...reference, xml: targetWithReferenceAssignment(target.xml, reference.xml) }, target, false);
  if (planned.action === 'noop') return planned;
  const value = assignmentOf(reference.xml);
  if (value !== undefined && sendableAlone(object.fullName)) return { ...planned, deployXml: assignmentDocument(value) };
  const what = value === undefined ? 'remove its compact layout assignment' : `assign the compact layout ${value}`;
  return blockComponent(planned, {
    kind: 'manual',
    reason: `${object.fullName}: ${what} in Setup (Object Manager > ${object.fullName} > Compact Layouts): a custom object's file cannot be deployed without its other settings`,
  });
}

/**
 * One component of one target. `shared`: the reference component is the reference side's own (the
 * same for every target, so a big one is read once); false when this target's plan rewrote it.
 */
function planComponent(context: ComponentContext, key: ListedMember, reference: MetadataComponent | undefined, target: MetadataComponent | undefined, shared = true): PlannedComponent {
  const { facts, accepting, mode } = context;
  const resolving = context.resolve?.(key);
  const same = shared && reference && target && sameBytes(context, key, reference, target) ? context.identical.of(context, key, reference) : undefined;
  if (same) return same;
  const referenceRead = reference && (shared ? context.referenceReads.read(key, reference) : readSide(key, reference, 'reference'));
  const targetRead = target && readSide(key, target, 'target');
  const vetoed = facts ? vetoedEntries(key, referenceRead?.root, targetRead?.root, facts, mode) : new Map<string, string>();
  const input = {
    type: key.type,
    fullName: key.fullName,
    referenceXml: reference?.xml,
    targetXml: target?.xml,
    referenceRead,
    targetRead,
    mode,
    deleteExtra: context.deleteExtra,
    vetoed: new Set(vetoed.keys()),
    apiVersion: context.apiVersion,
    baseXml: context.base?.get(keyOf(key))?.xml,
    prefer: context.prefer,
    resolutions: resolving?.resolutions,
  };
  const { patch, accepted, whole, notes } = patchAccepting(input, key, accepting);
  const planned = plannedOf(key, patch, notes);
  Object.assign(planned, threeWayFacts(patch, resolving));
  const kept = keptDifferences(mode, referenceRead, targetRead, patch, accepted);
  if (kept.length > 0) {
    planned.kept = kept;
    planned.keptOwner = input.baseXml === undefined ? 'unknown' : 'target';
  }
  if (patch.content !== undefined) planned.deployXml = patch.content;
  if (patch.action !== 'noop' && patch.action !== 'delete' && reference?.files) {
    planned.deployFiles = filesToBase64(reference.files);
  }
  if (accepted.length > 0) planned.accepted = accepted;
  const limited = facts ? withTargetLimits(planned, patch.blocked, patch.blockedChanges, vetoed, facts) : planned;
  const versioned = blockedByApiVersion(limited, context.apiVersion, patch.content === reference?.xml ? referenceRead : undefined, context.referenceReads.apiVersionConflicts);
  return whole ? acceptWhole(versioned, accepted) : versioned;
}

/** The reference's bytes in the target, and no base that could report the target's own changes. */
function sameBytes(context: ComponentContext, key: ComponentKey, reference: MetadataComponent, target: MetadataComponent): boolean {
  return !context.base?.has(keyOf(key)) && isByteIdentical(reference, target);
}

/**
 * What the base tells about the component, each only when there is some: conflicts, the target's own
 * changes, what overwrite overrides, and the conflicts decided (a resolution's point at its entry in
 * the file, which counts as used; those --prefer decided have none).
 */
function threeWayFacts(patch: ReturnType<typeof buildPatch>, resolving: ComponentResolutions | undefined): Partial<PlannedComponent> {
  const resolved: PlanResolvedConflict[] = patch.resolved.map(({ resolution, ...conflict }) => {
    if (resolution === undefined || !resolving) return conflict;
    resolving.used.add(resolving.entries[resolution]);
    return { ...conflict, entry: resolving.entries[resolution] };
  });
  return {
    ...(patch.conflicts.length > 0 ? { conflicts: patch.conflicts } : {}),
    ...(patch.customizations.length > 0 ? { customizations: patch.customizations } : {}),
    ...(patch.overrides.length > 0 ? { overrides: patch.overrides } : {}),
    ...(resolved.length > 0 ? { resolved } : {}),
  };
}

/**
 * What merge leaves different on purpose: the reference's differences from the target that the
 * patch does not make (the target's own items and versions), less what is reported already as
 * blocked, accepted or in conflict. Components with equal hashes have none, at no cost.
 */
function keptDifferences(
  mode: Mode,
  reference: NormalizedComponent | undefined,
  target: NormalizedComponent | undefined,
  patch: ReturnType<typeof buildPatch>,
  accepted: AcceptedDrift[]
): PlanChange[] {
  if (mode !== 'merge' || !reference || !target || patch.referenceHash === patch.targetHash) return [];
  const reported = new Set([...patch.changes, ...patch.blockedChanges, ...accepted, ...patch.conflicts, ...patch.resolved].map((c) => c.path));
  // an element under a reported one: one set look-up per ancestor of the path, not a scan of every reported path
  const under = (path: string): boolean => [...path].some((char, i) => (char === '.' || char === '[') && reported.has(path.slice(0, i)));
  return diffNormalized(reference, target)
    .filter((c) => !reported.has(c.path) && !under(c.path))
    .map((c) => ({ op: c.op, path: c.path, before: c.before ?? undefined, after: c.after ?? undefined }));
}

type Accepting = { patch: ReturnType<typeof buildPatch>; accepted: AcceptedDrift[]; whole: boolean; notes: string[] };

/**
 * The patch without the differences the config file accepts in this target: every difference
 * accepted leaves the component as it is; some of them are kept out of the content as the veto
 * keeps out what a target refuses, so they are never deployed. A difference the veto cannot keep
 * apart from the rest of its element stays drift, with a note.
 */
function patchAccepting(input: Parameters<typeof buildPatch>[0], key: ComponentKey, accepting: TargetAccept | undefined): Accepting {
  const patch = buildPatch(input);
  if (!accepting || patch.changes.length === 0) return { patch, accepted: [], whole: false, notes: [] };
  const decision = accepting.decide(key, patch.changes.map((c) => ({ op: c.op, path: c.path, before: c.before ?? undefined, after: c.after ?? undefined })));
  if (decision.accepted.length === 0) return { patch, accepted: [], whole: false, notes: decision.notes };
  if (decision.accepted.length === patch.changes.length && patch.blocked.length === 0) return { patch, accepted: decision.accepted, whole: true, notes: decision.notes };
  const paths = new Set(decision.accepted.map((a) => a.path));
  const again = buildPatch({ ...input, vetoed: new Set([...(input.vetoed ?? []), ...paths]) });
  const kept = new Set(again.blocked.filter((path) => paths.has(path)));
  const under = (path: string): boolean => [...kept].some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  const notes = [...decision.notes];
  const apart = decision.accepted.filter((a) => !kept.has(a.path));
  if (apart.length > 0) notes.push(`${apart.map((a) => a.path).join(', ')}: accepted, but deployed with the rest of its element, so it stays drift`);
  return {
    patch: { ...again, blocked: again.blocked.filter((path) => !kept.has(path)), blockedChanges: again.blockedChanges.filter((c) => !under(c.path)) },
    accepted: decision.accepted.filter((a) => kept.has(a.path)),
    whole: false,
    notes,
  };
}
