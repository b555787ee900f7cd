/*
 * The planner: selection -> retrieve the reference once -> retrieve every target in parallel ->
 * normalize and diff (pure) -> the plan value. A target that fails is recorded with its error
 * while the others are planned; bad input stops everything before any org is touched.
 */
import { randomUUID } from 'node:crypto';
import { Messages, SfError } from '@salesforce/core';
import { MetadataParseError, Mode, Preference, isComparedAsWhole } from '../diff/index.js';
import { findTypeRule, isListable, PERMISSION_SCOPE_TYPES, PERMISSION_TYPES } from '../metadata/index.js';
import {
  ComponentKey,
  InvalidSessionError,
  ListedMember,
  MetadataComponent,
  OrgHandle,
  describeUserPermissions,
  listInstalledPackages,
  keyOf,
  listMembers,
  mapWithConcurrency,
  readLocalFolder,
  resolveOrg,
  retrieveComponents,
  ZipReads,
} from '../org/index.js';
import { AcceptRules } from './accept.js';
import { BaseSide, NO_BASE, readBaseDir, readBaseOrg } from './base.js';
import { FIRST_PART, RecordedBaseError, announcedParts, basePartKeys, isBaseResource, nextBase, readRecordedBase, type ReadBase } from './recordedBase.js';
import { changesTarget } from './blocked.js';
import { assignmentObjects } from './compactLayoutAssignment.js';
import { ComponentContext, planAssignment, planManaged } from './component.js';
import { permissionDependencies, standardTabs } from './profileScope.js';
import { FACT_TYPES, targetFacts } from './targetFacts.js';
import { ListedMembers, typesToList } from './targetReferences.js';
import { PackageCondition, outsideCondition } from './packageVersions.js';
import { AcceptEntry, BaseRecord, InstalledPackage, PLAN_FORMAT_VERSION, PlanBody, PlanReference, PlannedComponent, PlannedTarget, TargetCounts } from './planTypes.js';
import { ResolutionRules, ResolutionsFile } from './resolutions.js';
import { ManagedFilter, Selection, expandSelection, isWildcard, matchesMember, selectionMatchedNothing, wantedBy } from './selection.js';

export type { ManagedFilter } from './selection.js';
import { Shard, shardTargets } from './shard.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

export type PlanProgress = {
  stage?(stage: 'resolve' | 'reference' | 'targets' | 'done'): void;
  targetDone?(done: number, total: number): void;
  /** a retrieve split under the org's limits: `org` is 'reference' or the target's name */
  chunk?(org: string, index: number, total: number): void;
};

export type PlanRequest = {
  reference: { org: string } | { dir: string };
  targets: string[];
  selection: Selection;
  mode: Mode;
  deleteExtra: boolean;
  concurrency: number;
  apiVersion?: string;
  waitMs?: number;
  shard?: Shard;
  managed?: ManagedFilter;
  /** differences kept on purpose (the config file's `accept`) */
  accept?: AcceptEntry[];
  /** today, for the `until` of accept entries */
  now?: Date;
  /** only the targets whose installed packages satisfy every condition are planned (--package-version) */
  packageFilters?: PackageCondition[];
  tool: { name: string; version: string };
  progress?: PlanProgress;
  /** the previous release's reference (a folder or an org), one base for every target (three-way merge; overwrite names what it overrides) */
  base?: { dir: string } | { org: string };
  /** three-way conflicts: which side wins; absent: the target's version stays and the conflict is reported */
  prefer?: Preference;
  /** three-way conflicts decided one by one (--resolutions); they win over `prefer` */
  resolutions?: ResolutionsFile;
  /** filled by createPlan from `base`: the base given explicitly, or for one target the base it uses */
  baseSide?: BaseSide;
  /** filled by createPlan from `base` when it is an org: retrieved once the reference says what to ask for */
  baseOrg?: Promise<BaseSide>;
  /** filled by createPlan: what the plan's retrieves read once for every org holding the same file */
  reads?: ZipReads;
};

/** The org operations the planner uses; tests may pass their own. */
export type PlannerOrgs = {
  resolveOrg: typeof resolveOrg;
  retrieveComponents: typeof retrieveComponents;
  listMembers: typeof listMembers;
  readLocalFolder: typeof readLocalFolder;
  /** the user permissions a target knows; absent: nothing counts as unknown */
  describeUserPermissions?: typeof describeUserPermissions;
  /** the packages installed in a target; absent: the plan records none */
  listInstalledPackages?: typeof listInstalledPackages;
};

const REAL_ORGS: PlannerOrgs = { resolveOrg, retrieveComponents, listMembers, readLocalFolder, describeUserPermissions, listInstalledPackages };

type PackagesOf = (handle: OrgHandle) => Promise<InstalledPackage[] | undefined>;

/** One Tooling query per target, shared by the --package-version check and the plan's `packages`. */
function packageReader(orgs: PlannerOrgs, apiVersion: string): PackagesOf {
  const read = new Map<string, Promise<InstalledPackage[] | undefined>>();
  return (handle) => {
    let packages = read.get(handle.identity.orgId);
    if (!packages) {
      packages = orgs.listInstalledPackages ? orgs.listInstalledPackages(handle, { apiVersion }) : Promise.resolve(undefined);
      // an expired login is the retrieve's to report; here it only means the packages are unknown
      packages = packages.catch(() => undefined);
      read.set(handle.identity.orgId, packages);
    }
    return packages;
  };
}

/** The targets inside every --package-version condition, and why each other one is left out. */
async function narrowByPackages(request: PlanRequest, handles: OrgHandle[], packagesOf: PackagesOf): Promise<{ kept: OrgHandle[]; warnings: string[] }> {
  const filters = request.packageFilters ?? [];
  if (filters.length === 0) return { kept: handles, warnings: [] };
  const judged = await mapWithConcurrency(handles, request.concurrency, async (handle) => {
    const packages = await packagesOf(handle);
    const outside = filters.map((filter) => ({ filter, reason: outsideCondition(filter, packages) })).find((f) => f.reason !== undefined);
    return { handle, outside };
  });
  const kept = judged.filter((j) => !j.outside).map((j) => j.handle);
  const warnings = judged
    .filter((j) => j.outside)
    .map(({ handle, outside }) => `${handle.identity.name} is left out by --package-version ${outside!.filter.namespace}@${outside!.filter.versionRange}: ${outside!.reason!}.`);
  if (kept.length === 0) {
    throw messages.createError('error.NoTargetInPackageRange', [filters.map((f) => `${f.namespace}@${f.versionRange}`).join(', '), judged.map(({ handle, outside }) => `${handle.identity.name}: ${outside!.reason!}`).join('; ')]);
  }
  return { kept, warnings };
}

function minVersion(versions: string[]): string {
  return versions.reduce((low, v) => (Number(v) < Number(low) ? v : low));
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

type ReferenceSide = {
  reference: PlanReference;
  components: Map<string, MetadataComponent>;
  selected: ListedMember[];
  scope: ComponentKey[];
  /** selected members the reference could not return, in words */
  warnings: string[];
  /** objects whose compact layout assignment is compared (compact layouts selected) */
  assignments: ComponentKey[];
  handle?: OrgHandle;
};

/** What every target is asked for: the selected members and the scope, the same as the reference was read with. */
type TargetAsk = { keys: ComponentKey[]; wanted: Set<string>; wantsPermissions: boolean };

function targetAsk(selected: ComponentKey[], scope: ComponentKey[], assignments: ComponentKey[]): TargetAsk {
  return {
    keys: dedupe([...selected, ...scope]),
    wanted: new Set([...selected, ...assignments].map(keyOf)),
    wantsPermissions: selected.some((key) => PERMISSION_TYPES.has(key.type)),
  };
}

function sameAsk(a: TargetAsk, b: TargetAsk): boolean {
  return (
    a.wantsPermissions === b.wantsPermissions &&
    a.keys.length === b.keys.length &&
    a.keys.every((key, i) => keyOf(key) === keyOf(b.keys[i])) &&
    a.wanted.size === b.wanted.size &&
    [...a.wanted].every((key) => b.wanted.has(key))
  );
}

/**
 * The reference in two steps: what it lists decides the selection (and so what every target is
 * asked for), then its retrieve gives the components to compare with. The targets' retrieves start
 * after the first step, beside the reference's own.
 */
type ReferenceSelection = {
  /** what the targets are asked for, if the reference returns every selected member */
  ask: TargetAsk;
  /** the reference's components, its retrieve started now */
  read(): Promise<ReferenceSide>;
};

async function selectInReference(request: PlanRequest, orgs: PlannerOrgs, handle: OrgHandle | undefined, apiVersion: string): Promise<ReferenceSelection> {
  const selectedTypes = [...new Set(request.selection.patterns.map((p) => p.type))];
  const wantsPermissions = selectedTypes.some((type) => PERMISSION_TYPES.has(type));
  if ('dir' in request.reference) {
    const dir = request.reference.dir;
    const local = await orgs.readLocalFolder(dir);
    const { members, missing } = expandSelection(request.selection, local.components, request.managed);
    if (missing.length > 0) throw messages.createError('error.MemberNotInReference', [missing.join(', '), dir]);
    if (members.length === 0) throw selectionMatchedNothing(request.selection, dir);
    const components = new Map(local.components.map((c) => [keyOf(c), c]));
    const side: ReferenceSide = {
      reference: { kind: 'dir', path: dir, format: local.format },
      components,
      selected: members,
      scope: dedupe([...(wantsPermissions ? scopeOf(members, components) : []), ...assignmentObjects(members)]),
      warnings: [],
      assignments: assignmentObjects(members),
    };
    return { ask: targetAsk(side.selected, side.scope, side.assignments), read: () => Promise.resolve(side) };
  }
  const org = handle!;
  // wildcards are expanded against what the reference lists; explicit names are listed too, for their
  // package (namespace, managed) and a managed layout's retrievable name, and checked by the retrieve
  const listTypes = [...new Set([...selectedTypes, ...(wantsPermissions ? PERMISSION_SCOPE_TYPES : [])])];
  const listed = await orgs.listMembers(org, listTypes, { apiVersion });
  const explicit = request.selection.patterns
    .filter((p) => !isWildcard(p.name) && !listed.some((member) => member.type === p.type && matchesMember(p.name, member)))
    .map((p) => ({ type: p.type, fullName: p.name }));
  const { members } = expandSelection(request.selection, [...listed, ...explicit], request.managed);
  // else the retrieve fails with SDR's "No components in the package to retrieve", naming neither
  if (members.length === 0) throw selectionMatchedNothing(request.selection, org.identity.name);
  // the whole of what the permission files may name, and the same for every target (issue: same scope)
  const listedScope = listed.filter((c) => PERMISSION_SCOPE_TYPES.includes(c.type)).map(({ type, fullName }) => ({ type, fullName }));
  const permissionScope = dedupe([...(wantsPermissions ? [...listedScope, ...standardTabs(listedScope)] : []), ...assignmentObjects(members)]);
  return {
    ask: targetAsk(members, permissionScope, assignmentObjects(members)),
    read: () => retrieveReference(request, orgs, org, apiVersion, { listed, explicit, members, permissionScope }),
  };
}

async function retrieveReference(
  request: PlanRequest,
  orgs: PlannerOrgs,
  org: OrgHandle,
  apiVersion: string,
  selection: { listed: ListedMember[]; explicit: ComponentKey[]; members: ListedMember[]; permissionScope: ComponentKey[] }
): Promise<ReferenceSide> {
  const { listed, explicit, members, permissionScope } = selection;
  const listedKeys = new Set(listed.map(keyOf));
  const wanted = new Set([...members, ...assignmentObjects(members)].map(keyOf));
  const outcome = await orgs.retrieveComponents(org, dedupe([...members, ...permissionScope]), {
    apiVersion,
    waitMs: request.waitMs,
    reads: request.reads,
    keep: (key) => wanted.has(keyOf(key)),
    onChunk: (index, total) => request.progress?.chunk?.('reference', index, total),
  });
  // members a wildcard produced may legitimately be absent (StandardValueSet names are known, not listed)
  const named = new Set(explicit.map(keyOf));
  const missingSelected = outcome.missing.filter((m) => named.has(keyOf(m)));
  if (missingSelected.length > 0) {
    throw messages.createError('error.MemberNotInReference', [missingSelected.map(keyOf).join(', '), org.identity.name]);
  }
  const components = new Map(outcome.components.map((c) => [keyOf(c), c]));
  const selected = members.filter((m) => components.has(keyOf(m)));
  // a listed member the org then could not return is named, never dropped in silence
  const problems = new Map(outcome.missing.map((m) => [keyOf(m), m.problem]));
  const warnings = members
    // names of an unlistable type (StandardValueSet) are known, not listed: an org without one is not worth a warning
    .filter((m) => !components.has(keyOf(m)) && listedKeys.has(keyOf(m)) && isListable(m.type))
    .map((m) => {
      const problem = problems.get(keyOf(m));
      return `${keyOf(m)} is listed by ${org.identity.name} but could not be retrieved${problem ? `: ${problem}` : ''}; it is left out of the plan.`;
    });
  const identity = org.identity;
  return {
    reference: { kind: 'org', name: identity.name, alias: identity.alias, username: identity.username, orgId: identity.orgId, instanceUrl: identity.instanceUrl },
    components,
    selected,
    scope: permissionScope,
    warnings,
    assignments: assignmentObjects(selected),
    handle: org,
  };
}

function dedupe(keys: ComponentKey[]): ComponentKey[] {
  return [...new Map(keys.map((k) => [keyOf(k), k])).values()];
}

/** The components that the selected permission files name, to retrieve with them from every target. */
function scopeOf(selected: ComponentKey[], components: Map<string, MetadataComponent>): ComponentKey[] {
  const scope = new Map<string, ComponentKey>();
  for (const key of selected) {
    if (!PERMISSION_TYPES.has(key.type)) continue;
    const component = components.get(keyOf(key));
    if (!component) continue;
    for (const dependency of permissionDependencies(component.xml)) scope.set(keyOf(dependency), dependency);
  }
  return [...scope.values()];
}

function countsOf(components: PlannedComponent[]): TargetCounts {
  const counts = emptyCounts();
  for (const component of components) {
    counts[component.action] += 1;
    if (component.action !== 'blocked') counts.changes += component.changes.length;
  }
  return counts;
}

const carried = new WeakMap<ReferenceSide, MetadataComponent[]>();

/** The reference components every deploy carries (what they hold exists in a target once it completes); one array per plan. */
function carriedComponents(side: ReferenceSide): MetadataComponent[] {
  let along = carried.get(side);
  if (!along) {
    along = side.selected.map((key) => side.components.get(keyOf(key))).filter((c): c is MetadataComponent => c !== undefined);
    carried.set(side, along);
  }
  return along;
}

/**
 * The target's members of the types the selected layouts need checked (one listMetadata call for
 * up to three types; none when no layout needs it). A failed listing only costs the prediction:
 * unknown facts never block; an expired login still stops the target.
 */
async function listForFacts(orgs: PlannerOrgs, handle: OrgHandle, types: string[], apiVersion: string): Promise<ListedMembers | undefined> {
  if (types.length === 0) return undefined;
  try {
    return { types, members: await orgs.listMembers(handle, types, { apiVersion }) };
  } catch (error) {
    if (error instanceof InvalidSessionError) throw error;
    return undefined;
  }
}

type TargetRead = { outcome: Awaited<ReturnType<PlannerOrgs['retrieveComponents']>>; userPermissions?: Set<string> };

/** The target's retrieve (and user permissions when permission files are selected): what it is asked for, the same as the reference. */
function readTarget(request: PlanRequest, orgs: PlannerOrgs, handle: OrgHandle, ask: TargetAsk, apiVersion: string, signal: AbortSignal): Promise<TargetRead> {
  const name = handle.identity.name;
  return Promise.all([
    // the base recorded in the target comes with the same retrieve
    orgs.retrieveComponents(handle, [...ask.keys, FIRST_PART], {
      apiVersion,
      waitMs: request.waitMs,
      reads: request.reads,
      signal,
      // scope components only shape the profiles; those that tell what the target can take are read too
      keep: (key) => ask.wanted.has(keyOf(key)) || FACT_TYPES.has(key.type) || isBaseResource(key),
      onChunk: (index, total) => request.progress?.chunk?.(name, index, total),
    }),
    ask.wantsPermissions && orgs.describeUserPermissions ? orgs.describeUserPermissions(handle, { apiVersion }) : Promise.resolve(undefined),
  ]).then(([outcome, userPermissions]) => ({ outcome, userPermissions }));
}

/**
 * What a target records as its base: `base` the components (undefined when it holds none, or none
 * that could be read: `unreadable` says why), `parts` its static resources as retrieved.
 */
type Recorded = { base?: ReadBase; parts: Map<string, MetadataComponent>; unreadable?: BaseRecord };

/** The base recorded in the target: its first part came with the target's retrieve; more parts take one more. */
async function readRecorded(request: PlanRequest, orgs: PlannerOrgs, handle: OrgHandle, held: MetadataComponent[], apiVersion: string, signal: AbortSignal): Promise<Recorded> {
  const parts = new Map(held.map((c) => [keyOf(c), c]));
  const first = parts.get(keyOf(FIRST_PART));
  if (!first) return { parts };
  try {
    const count = announcedParts(first);
    if (count > 1) {
      const rest = await orgs.retrieveComponents(handle, basePartKeys(1, count), { apiVersion, waitMs: request.waitMs, signal });
      for (const part of rest.components) parts.set(keyOf(part), part);
    }
    return { base: readRecordedBase([...parts.values()]), parts };
  } catch (error) {
    if (!(error instanceof RecordedBaseError)) throw error;
    return { parts, unreadable: { source: 'none', reason: `the base recorded in the org could not be read (${error.message}); the next apply records a new one` } };
  }
}

/** The base a target is compared with: one given explicitly wins over the recorded one; only merge uses one. */
async function chooseBase(request: PlanRequest, recorded: Recorded): Promise<BaseSide | undefined> {
  if (request.baseSide) return request.baseSide;
  if (request.baseOrg) return request.baseOrg;
  if (request.mode !== 'merge') return undefined;
  const base = recorded.base;
  if (!base) return undefined;
  return { record: { source: 'org', resource: FIRST_PART.fullName, parts: base.parts, components: base.components.size, hash: base.hash }, components: base.components };
}

/**
 * The reference's version of each selected component the plan brings this target to. A component
 * the reference does not reach whole (a conflict left open, drift blocked or accepted) keeps its
 * recorded base: else the next plan would take what was left out for the target's own change.
 */
function appliedComponents(side: ReferenceSide, planned: PlannedComponent[]): MetadataComponent[] {
  const partly = (c: PlannedComponent): boolean => c.action === 'blocked' || [c.conflicts, c.blocked, c.accepted].some((list) => (list?.length ?? 0) > 0);
  const open = new Set(planned.filter(partly).map(keyOf));
  return side.selected.filter((key) => !open.has(keyOf(key))).map((key) => side.components.get(keyOf(key))).filter((c): c is MetadataComponent => c !== undefined);
}

/**
 * One target: its retrieve starts with the reference's (`early`: what the reference's listing
 * selected), and is compared once the reference is read. Should the reference not return a member
 * it listed, the target is asked again for exactly what the reference returned, as a plan of the
 * reference first would have asked it.
 */
async function planTarget(
  request: PlanRequest,
  orgs: PlannerOrgs,
  handle: OrgHandle,
  early: TargetAsk,
  reference: Promise<ReferenceSide>,
  apiVersion: string,
  signal: AbortSignal,
  rules?: AcceptRules,
  packagesOf?: PackagesOf,
  resolutions?: ResolutionRules
): Promise<PlannedTarget | undefined> {
  const identity = handle.identity;
  const base = { name: identity.name, alias: identity.alias, username: identity.username, orgId: identity.orgId, instanceUrl: identity.instanceUrl };
  // the reference failed: the plan fails with its error, and nothing more is asked of the targets
  if (signal.aborted) return undefined;
  const earlyRead = readTarget(request, orgs, handle, early, apiVersion, signal);
  // a failure of the target waits for the reference without going unhandled
  earlyRead.catch(() => undefined);
  let side: ReferenceSide;
  try {
    side = await reference;
  } catch {
    // the signal stops the job's polling; the request in flight is waited for
    await earlyRead.catch(() => undefined);
    return undefined;
  }
  try {
    const along = carriedComponents(side);
    const ask = targetAsk(side.selected, side.scope, side.assignments);
    const [{ outcome, userPermissions }, listed, packages] = await Promise.all([
      sameAsk(early, ask) ? earlyRead : earlyRead.catch(() => undefined).then(() => readTarget(request, orgs, handle, ask, apiVersion, signal)),
      listForFacts(orgs, handle, typesToList(along), apiVersion),
      packagesOf ? packagesOf(handle) : Promise.resolve(undefined),
    ]);
    const held = outcome.components.filter(isBaseResource);
    const own = held.length > 0 ? outcome.components.filter((c) => !isBaseResource(c)) : outcome.components;
    const theirs = new Map(own.map((c) => [keyOf(c), c]));
    const facts = targetFacts(identity.name, own, outcome.missing.filter((m) => !isBaseResource(m)), userPermissions, { listed, along });
    const accepting = rules?.forTarget([identity.alias, identity.name, identity.username]);
    const resolve = resolutions?.forTarget([identity.alias, identity.name, identity.username]);
    const recorded = await readRecorded(request, orgs, handle, held, apiVersion, signal);
    const chosen = await chooseBase(request, recorded);
    const common = { mode: request.mode, deleteExtra: request.deleteExtra, apiVersion, prefer: request.prefer };
    const selected: ComponentContext = { ...common, base: chosen?.components, facts, accepting, resolve };
    const folderBase: ComponentContext = { ...common, base: request.baseSide?.components, facts };
    const components = side.selected.map((key) => planManaged(selected, key, side.components.get(keyOf(key)), theirs.get(keyOf(key))));
    for (const object of side.assignments) {
      const planned = planAssignment(folderBase, object, side.components.get(keyOf(object)), theirs.get(keyOf(object)));
      if (planned) components.push(planned);
    }
    if (request.deleteExtra) components.push(...(await planExtraComponents(request, orgs, handle, side, apiVersion, signal, folderBase)));
    // a copy with strings of its own: values read out of the target's XML are slices of it, and would
    // keep every target's whole documents (a 5 MB profile each) alive until the plan is written
    const baseRecord = request.mode === 'merge' || chosen ? { base: chosen?.record ?? recorded.unreadable ?? NO_BASE } : {};
    // recorded with a correction, in its deploy: a target with nothing to correct is not deployed to
    const next = components.some(changesTarget) ? { nextBase: nextBase(recorded.base?.components, appliedComponents(side, components), recorded.parts) } : {};
    return { ...base, status: 'ok', counts: countsOf(components), components: structuredClone(components), ...(packages ? { packages } : {}), ...baseRecord, ...next };
  } catch (error) {
    return { ...base, status: 'error', error: errorOf(error), counts: emptyCounts(), components: [] };
  }
}

/**
 * `--delete-extra`: the components a wildcard selects that only the target has, planned for
 * deletion (a destructive change; the apply's snapshot holds them, so rollback re-creates them).
 * Types whose deletion is unsafe or impossible through the API are a manual step instead.
 */
async function planExtraComponents(
  request: PlanRequest,
  orgs: PlannerOrgs,
  handle: OrgHandle,
  side: ReferenceSide,
  apiVersion: string,
  signal: AbortSignal,
  context: ComponentContext
): Promise<PlannedComponent[]> {
  const patterns = request.selection.patterns.filter((p) => isWildcard(p.name) && isListable(p.type));
  if (patterns.length === 0) return [];
  const listed = await orgs.listMembers(handle, [...new Set(patterns.map((p) => p.type))], { apiVersion });
  const wanted = wantedBy(request.managed);
  const extra = listed.filter(
    (member) => !side.components.has(keyOf(member)) && wanted(member) && patterns.some((p) => p.type === member.type && matchesMember(p.name, member))
  );
  const deletable = extra.filter((key) => !findTypeRule(key.type)?.keepsExtraComponents);
  // what is kept is never read: a target's own profiles may be many megabytes
  const kept = extra.filter((key) => findTypeRule(key.type)?.keepsExtraComponents).map((key) => keptExtra(key, context.facts!.name));
  if (deletable.length === 0) return kept;
  const read = await orgs.retrieveComponents(handle, deletable, { apiVersion, waitMs: request.waitMs, signal, keep: () => true });
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
    action: 'blocked',
    targetHash: null,
    referenceHash: null,
    patchedHash: null,
    changes: [{ op: 'remove', path: '' }],
    irreversible: [],
    notes: [],
    comparedAsWhole: isComparedAsWhole(key.type),
    destructiveChildren: [],
    blocked: [{ kind: 'manual', reason: `only ${target} has ${key.type} ${key.fullName}; --delete-extra does not delete it: ${findTypeRule(key.type)!.keepsExtraComponents!}` }],
  };
}

/** The base given explicitly: a folder read now, or an org resolved now (unknown aliases stop the plan first) and read beside the targets. */
async function givenBase(request: PlanRequest, orgs: PlannerOrgs): Promise<{ side?: BaseSide; org?: OrgHandle }> {
  if (!request.base) return {};
  if ('dir' in request.base) return { side: await readBaseDir(request.base.dir, orgs.readLocalFolder) };
  return { org: await orgs.resolveOrg(request.base.org) };
}

export async function createPlan(asked: PlanRequest, orgs: PlannerOrgs = REAL_ORGS): Promise<PlanBody> {
  asked.progress?.stage?.('resolve');
  const given = await givenBase(asked, orgs);
  const request: PlanRequest = { ...asked, ...(given.side ? { baseSide: given.side } : {}), reads: new ZipReads() };
  const baseHandle = given.org;
  const referenceHandle = 'org' in request.reference ? await orgs.resolveOrg(request.reference.org) : undefined;
  const allTargets = shardTargets([...new Set(request.targets)], request.shard);
  // unknown aliases stop the plan before any org is asked for anything
  const targetHandles: OrgHandle[] = [];
  for (const name of allTargets) {
    // eslint-disable-next-line no-await-in-loop
    targetHandles.push(await orgs.resolveOrg(name));
  }
  if (referenceHandle) {
    const same = targetHandles.find((t) => t.identity.orgId === referenceHandle.identity.orgId);
    if (same) throw messages.createError('error.ReferenceIsTarget', [referenceHandle.identity.name, same.identity.name, referenceHandle.identity.orgId]);
  }
  const resolvedTargets = [...new Map(targetHandles.map((t) => [t.identity.orgId, t])).values()];
  const versions = [referenceHandle, ...resolvedTargets].filter((h): h is OrgHandle => h !== undefined).map((h) => h.identity.maxApiVersion);
  const apiVersion = request.apiVersion ?? (versions.length > 0 ? minVersion(versions) : '62.0');

  const packagesOf = packageReader(orgs, apiVersion);
  const narrowed = await narrowByPackages(request, resolvedTargets, packagesOf);
  const uniqueTargets = narrowed.kept;

  request.progress?.stage?.('reference');
  const selection = await selectInReference(request, orgs, referenceHandle, apiVersion);
  // the targets are read beside the reference, as soon as its listing says what to ask them for
  const stop = new AbortController();
  if (baseHandle) {
    // the base org is asked what the targets are asked (the reference's listing), beside them
    request.baseOrg = readBaseOrg(baseHandle, selection.ask.keys, selection.ask.wanted, orgs.retrieveComponents, { apiVersion, waitMs: request.waitMs, signal: stop.signal });
    request.baseOrg.catch(() => stop.abort());
  }
  const reading = selection.read();
  // before the targets hear of it: a failed reference stops their jobs' polling
  reading.catch(() => stop.abort());
  let done = 0;
  const rules = request.accept?.length ? new AcceptRules(request.accept, request.now ?? new Date()) : undefined;
  const resolutions = request.resolutions ? new ResolutionRules(request.resolutions) : undefined;
  const planning = mapWithConcurrency(uniqueTargets, request.concurrency, async (handle) => {
    // the pinned version, which the deploy content is written for and checked against
    const planned = await planTarget({ ...request, apiVersion }, orgs, handle, selection.ask, reading, apiVersion, stop.signal, rules, packagesOf, resolutions);
    if (!planned) return undefined;
    done += 1;
    request.progress?.targetDone?.(done, uniqueTargets.length);
    return planned;
  });
  let side: ReferenceSide;
  try {
    side = await reading;
    // a base org that could not be read fails the plan as the reference would
    if (request.baseOrg) await request.baseOrg;
  } catch (error) {
    // nothing of the targets is kept: their work ends at their next status check or request
    await planning;
    throw error;
  }
  request.progress?.stage?.('targets');
  const targets = (await planning).filter((planned): planned is PlannedTarget => planned !== undefined);
  request.progress?.stage?.('done');
  // an entry that matched nothing is named only when every target could be compared: a failed one may hold its difference
  const allCompared = targets.every((t) => t.status === 'ok');
  const warnings = [
    ...narrowed.warnings,
    ...side.warnings,
    ...(rules && allCompared ? rules.unusedWarnings() : []),
    ...(resolutions && allCompared ? resolutions.unusedWarnings() : []),
  ];

  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: request.tool,
    planId: randomUUID(),
    createdAt: new Date().toISOString(),
    mode: request.mode,
    deleteExtra: request.deleteExtra,
    apiVersion,
    reference: side.reference,
    selection: { source: request.selection.source, members: request.selection.members },
    ...(request.shard ? { shard: request.shard } : {}),
    scope: side.scope.map((key) => ({ type: key.type, fullName: key.fullName })),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(request.accept?.length ? { accept: request.accept } : {}),
    ...(request.resolutions ? { resolutions: request.resolutions } : {}),
    targets,
  };
}
