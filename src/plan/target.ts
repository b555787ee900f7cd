/*
 * One target planned: its retrieve (with the base recorded in it and what tells what it can take)
 * starts beside the reference's, and is compared with the reference once that is read. A target
 * that fails is recorded with its error while the others are planned.
 */
import { SfError } from '@salesforce/core';
import { MetadataParseError, isComparedAsWhole } from '../diff/index.js';
import { findTypeRule, isListable } from '../metadata/index.js';
import { InvalidSessionError, ListedMember, MetadataComponent, OrgHandle, keyOf } from '../org/index.js';
import { AcceptRules } from './accept.js';
import { BaseChoice, GivenBase, Recorded, chooseBase } from './base.js';
import { changesTarget, isWhollyBlocked, reportedAction } from './blocked.js';
import { ComponentContext, planAssignment, planManaged } from './component.js';
import type { PackagesOf } from './planOrgs.js';
import type { PlanRun } from './planRequest.js';
import { InstalledPackage, PlannedComponent, PlannedTarget, TargetCounts } from './planTypes.js';
import { FIRST_PART, RecordedBaseError, announcedParts, basePartKeys, isBaseResource, nextBase, readRecordedBase } from './recordedBase.js';
import { ReferenceSide, TargetAsk, sameAsk } from './reference.js';
import { ResolutionRules } from './resolutions.js';
import { isWildcard, matchesMember, wantedBy } from './selection.js';
import { FACT_TYPES, TargetFacts, targetFacts } from './targetFacts.js';
import { ListedMembers } from './targetReferences.js';

/** What every target of a plan is planned with. */
export type TargetPlanning = {
  run: PlanRun;
  /** what the reference's listing selected: every target's retrieve starts with it */
  early: TargetAsk;
  reference: Promise<ReferenceSide>;
  base: GivenBase;
  /** stops the targets' retrieves: the reference or the base org failed */
  signal: AbortSignal;
  rules?: AcceptRules;
  resolutions?: ResolutionRules;
  packagesOf: PackagesOf;
};

type TargetName = Pick<PlannedTarget, 'name' | 'alias' | 'username' | 'orgId' | 'instanceUrl'>;
type TargetRead = { outcome: Awaited<ReturnType<PlanRun['orgs']['retrieveComponents']>>; userPermissions?: Set<string> };

/**
 * One target: its retrieve starts with the reference's (`early`: what the reference's listing
 * selected), and is compared once the reference is read; undefined when the reference failed, for
 * then the plan fails with its error and nothing more is asked of the targets.
 */
export async function planTarget(planning: TargetPlanning, handle: OrgHandle): Promise<PlannedTarget | undefined> {
  const { name, alias, username, orgId, instanceUrl } = handle.identity;
  const named: TargetName = { name, alias, username, orgId, instanceUrl };
  if (planning.signal.aborted) return undefined;
  const earlyRead = readTarget(planning, handle, planning.early);
  // a failure of the target waits for the reference without going unhandled
  earlyRead.catch(() => undefined);
  let side: ReferenceSide;
  try {
    side = await planning.reference;
  } catch {
    // the signal stops the job's polling; the request in flight is waited for
    await earlyRead.catch(() => undefined);
    return undefined;
  }
  try {
    return { ...named, ...(await compareTarget(planning, handle, side, earlyRead)) };
  } catch (error) {
    return { ...named, status: 'error', error: errorOf(error), counts: emptyCounts(), components: [] };
  }
}

async function compareTarget(planning: TargetPlanning, handle: OrgHandle, side: ReferenceSide, earlyRead: Promise<TargetRead>): Promise<Omit<PlannedTarget, keyof TargetName>> {
  const { run } = planning;
  const { own, held, facts, packages } = await readTargetSide(planning, handle, side, earlyRead);
  const names = [handle.identity.alias, handle.identity.name, handle.identity.username];
  const accepting = planning.rules?.forTarget(names);
  const resolve = planning.resolutions?.forTarget(names);
  const recorded = await readRecorded(planning, handle, held);
  const base = await chooseBase(run.request.mode, planning.base, recorded);
  const { mode, deleteExtra, prefer } = run.request;
  const common = { mode, deleteExtra, apiVersion: run.apiVersion, prefer, referenceReads: run.referenceReads, identical: run.identical };
  const selected: ComponentContext = { ...common, base: base.side?.components, facts, accepting, resolve };
  // an assignment and an extra component are compared with a --base-dir folder only, never with a
  // base org or a recorded base, as before the planner was split
  const apart: ComponentContext = { ...common, base: planning.base.folder?.components, facts };
  const theirs = new Map(own.map((c) => [keyOf(c), c]));
  const components = [...planSelected(side, theirs, selected, apart), ...(deleteExtra ? await planExtraComponents(planning, handle, side, apart, facts) : [])];
  // a copy with strings of its own: values read out of the target's XML are slices of it, and would
  // keep every target's whole documents (a 5 MB profile each) alive until the plan is written
  return { status: 'ok', counts: countsOf(components), components: structuredClone(components), ...(packages ? { packages } : {}), ...baseRecords(base, recorded, side, components) };
}

type TargetSide = { own: MetadataComponent[]; held: MetadataComponent[]; facts: TargetFacts; packages?: InstalledPackage[] };

/**
 * The target's components (`own`), the base resources it holds (`held`), what it can take, and its
 * packages. Should the reference not return a member it listed, the target is asked again for
 * exactly what the reference returned, as a plan of the reference first would have asked it.
 */
async function readTargetSide(planning: TargetPlanning, handle: OrgHandle, side: ReferenceSide, earlyRead: Promise<TargetRead>): Promise<TargetSide> {
  const [{ outcome, userPermissions }, listed, packages] = await Promise.all([
    sameAsk(planning.early, side.ask) ? earlyRead : earlyRead.catch(() => undefined).then(() => readTarget(planning, handle, side.ask)),
    listForFacts(planning.run, handle, side.carried.typesToList),
    planning.packagesOf(handle),
  ]);
  const held = outcome.components.filter(isBaseResource);
  const own = held.length > 0 ? outcome.components.filter((c) => !isBaseResource(c)) : outcome.components;
  const facts = targetFacts(handle.identity.name, own, outcome.missing.filter((m) => !isBaseResource(m)), userPermissions, { listed, along: side.carried });
  return { own, held, facts, packages };
}

/** The selected components, and the compact layout assignments of their objects. */
function planSelected(side: ReferenceSide, theirs: Map<string, MetadataComponent>, selected: ComponentContext, apart: ComponentContext): PlannedComponent[] {
  const components = side.selected.map((key) => planManaged(selected, key, side.components.get(keyOf(key)), theirs.get(keyOf(key))));
  for (const object of side.assignments) {
    const planned = planAssignment(apart, object, side.components.get(keyOf(object)), theirs.get(keyOf(object)));
    if (planned) components.push(planned);
  }
  return components;
}

/** The base the target was compared with, and the base its correction records for the next plan. */
function baseRecords(base: BaseChoice, recorded: Recorded, side: ReferenceSide, components: PlannedComponent[]): Pick<PlannedTarget, 'base' | 'nextBase'> {
  const used = base.record ? { base: base.record } : {};
  // recorded with a correction, in its deploy: a target with nothing to correct is not deployed to
  const next = components.some(changesTarget) ? { nextBase: nextBase(recorded.base?.components, appliedComponents(side, components), recorded.parts) } : {};
  return { ...used, ...next };
}

/** The target's retrieve (and user permissions when permission files are selected): what it is asked for, the same as the reference. */
function readTarget(planning: TargetPlanning, handle: OrgHandle, ask: TargetAsk): Promise<TargetRead> {
  const { run, signal } = planning;
  const name = handle.identity.name;
  return Promise.all([
    // the base recorded in the target comes with the same retrieve
    run.orgs.retrieveComponents(handle, [...ask.keys, FIRST_PART], {
      apiVersion: run.apiVersion,
      waitMs: run.request.waitMs,
      reads: run.reads,
      signal,
      // scope components only shape the profiles; those that tell what the target can take are read too
      keep: (key) => ask.wanted.has(keyOf(key)) || FACT_TYPES.has(key.type) || isBaseResource(key),
      onChunk: (index, total) => run.request.progress?.chunk?.(name, index, total),
    }),
    ask.wantsPermissions && run.orgs.describeUserPermissions ? run.orgs.describeUserPermissions(handle, { apiVersion: run.apiVersion }) : Promise.resolve(undefined),
  ]).then(([outcome, userPermissions]) => ({ outcome, userPermissions }));
}

/**
 * The target's members of the types the selected layouts need checked (one listMetadata call for
 * up to three types; none when no layout needs it). A failed listing only costs the prediction:
 * unknown facts never block; an expired login still stops the target.
 */
async function listForFacts(run: PlanRun, handle: OrgHandle, types: string[]): Promise<ListedMembers | undefined> {
  if (types.length === 0) return undefined;
  try {
    return { types, members: await run.orgs.listMembers(handle, types, { apiVersion: run.apiVersion }) };
  } catch (error) {
    if (error instanceof InvalidSessionError) throw error;
    return undefined;
  }
}

/** The base recorded in the target: its first part came with the target's retrieve; more parts take one more. */
async function readRecorded(planning: TargetPlanning, handle: OrgHandle, held: MetadataComponent[]): Promise<Recorded> {
  const { run, signal } = planning;
  const parts = new Map(held.map((c) => [keyOf(c), c]));
  const first = parts.get(keyOf(FIRST_PART));
  if (!first) return { parts };
  try {
    const count = announcedParts(first);
    if (count > 1) {
      const rest = await run.orgs.retrieveComponents(handle, basePartKeys(1, count), { apiVersion: run.apiVersion, waitMs: run.request.waitMs, signal });
      for (const part of rest.components) parts.set(keyOf(part), part);
    }
    return { base: readRecordedBase([...parts.values()]), parts };
  } catch (error) {
    if (!(error instanceof RecordedBaseError)) throw error;
    return { parts, unreadable: { source: 'none', reason: `the base recorded in the org could not be read (${error.message}); the next apply records a new one` } };
  }
}

/**
 * The reference's version of each selected component the plan brings this target to. A component
 * the reference does not reach whole (a conflict left open, drift blocked or accepted) keeps its
 * recorded base: else the next plan would take what was left out for the target's own change.
 */
function appliedComponents(side: ReferenceSide, planned: PlannedComponent[]): MetadataComponent[] {
  const partly = (c: PlannedComponent): boolean => [c.conflicts, c.blocked, c.accepted].some((list) => (list?.length ?? 0) > 0);
  const open = new Set(planned.filter(partly).map(keyOf));
  return side.selected.filter((key) => !open.has(keyOf(key))).map((key) => side.components.get(keyOf(key))).filter((c): c is MetadataComponent => c !== undefined);
}

/**
 * `--delete-extra`: the components a wildcard selects that only the target has, planned for
 * deletion (a destructive change; the apply's snapshot holds them, so rollback re-creates them).
 * Types whose deletion is unsafe or impossible through the API are a manual step instead.
 */
async function planExtraComponents(planning: TargetPlanning, handle: OrgHandle, side: ReferenceSide, context: ComponentContext, facts: TargetFacts): Promise<PlannedComponent[]> {
  const { run, signal } = planning;
  const request = run.request;
  const patterns = request.selection.patterns.filter((p) => isWildcard(p.name) && isListable(p.type));
  if (patterns.length === 0) return [];
  const listed = await run.orgs.listMembers(handle, [...new Set(patterns.map((p) => p.type))], { apiVersion: run.apiVersion });
  const wanted = wantedBy(request.managed);
  const extra = listed.filter(
    (member) => !side.components.has(keyOf(member)) && wanted(member) && patterns.some((p) => p.type === member.type && matchesMember(p.name, member))
  );
  const deletable = extra.filter((key) => !findTypeRule(key.type)?.keepsExtraComponents);
  // what is kept is never read: a target's own profiles may be many megabytes
  const kept = extra.filter((key) => findTypeRule(key.type)?.keepsExtraComponents).map((key) => keptExtra(key, facts.name));
  if (deletable.length === 0) return kept;
  const read = await run.orgs.retrieveComponents(handle, deletable, { apiVersion: run.apiVersion, waitMs: request.waitMs, signal, keep: () => true });
  const theirs = new Map(read.components.map((c) => [keyOf(c), c]));
  const deleted = deletable.filter((key) => theirs.has(keyOf(key))).map((key) => planManaged(context, key, undefined, theirs.get(keyOf(key))));
  return [...deleted, ...kept];
}

/** A component only the target has, of a type --delete-extra never deletes: a manual step, with the reason. */
function keptExtra(key: ListedMember, target: string): PlannedComponent {
  return {
    type: key.type,
    fullName: key.fullName,
    ...(key.namespace ? { namespace: key.namespace } : {}),
    ...(key.managed ? { managed: true } : {}),
    action: 'delete',
    targetHash: null,
    referenceHash: null,
    patchedHash: null,
    changes: [{ op: 'remove', path: '' }],
    irreversible: [],
    notes: [],
    comparedAsWhole: isComparedAsWhole(key.type),
    destructiveChildren: [],
    blocked: [{ kind: 'manual', reason: `only ${target} has ${key.type} ${key.fullName}; --delete-extra does not delete it: ${findTypeRule(key.type)!.keepsExtraComponents!}`, whole: true }],
  };
}

function countsOf(components: PlannedComponent[]): TargetCounts {
  const counts = emptyCounts();
  for (const component of components) {
    counts[reportedAction(component)] += 1;
    if (!isWhollyBlocked(component)) counts.changes += component.changes.length;
  }
  return counts;
}

function emptyCounts(): TargetCounts {
  return { create: 0, update: 0, delete: 0, noop: 0, blocked: 0, changes: 0 };
}

function errorOf(error: unknown): PlannedTarget['error'] {
  if (error instanceof MetadataParseError) {
    return { name: 'MalformedMetadata', message: `The org returned metadata that is not well-formed XML: ${error.message}`, actions: ['Retrieve the component with `sf project retrieve start` and fix it in the org, then plan again.'] };
  }
  if (error instanceof SfError) return { name: error.name, message: error.message, actions: error.actions };
  return { name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : String(error) };
}
