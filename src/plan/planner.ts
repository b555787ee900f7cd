/*
 * The planner: selection -> retrieve the reference once -> retrieve every target in parallel ->
 * normalize and diff (pure) -> the plan value. A target that fails is recorded with its error
 * while the others are planned; bad input stops everything before any org is touched.
 */
import { randomUUID } from 'node:crypto';
import { Messages, SfError } from '@salesforce/core';
import { MetadataParseError, buildPatch } from '../diff/index.js';
import {
  ComponentKey,
  MetadataComponent,
  OrgHandle,
  describeUserPermissions,
  listMembers,
  mapWithConcurrency,
  readLocalFolder,
  resolveOrg,
  retrieveComponents,
} from '../org/index.js';
import { PERMISSION_SCOPE_TYPES, PERMISSION_TYPES, permissionDependencies } from './profileScope.js';
import { TargetFacts, targetFacts, vetoedEntries, withTargetLimits } from './targetFacts.js';
import { ListedMembers, typesToList } from './targetReferences.js';
import { PLAN_FORMAT_VERSION, PlanBody, PlanMode, PlanReference, PlannedComponent, PlannedTarget, TargetCounts } from './planTypes.js';
import { Selection, isWildcard, matchesPattern } from './selection.js';
import { shardTargets } from './shard.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

export type PlanProgress = {
  stage?(stage: 'resolve' | 'reference' | 'targets' | 'diff' | 'done'): void;
  targetDone?(done: number, total: number): void;
};

export type PlanRequest = {
  reference: { org: string } | { dir: string };
  targets: string[];
  selection: Selection;
  mode: PlanMode;
  deleteExtra: boolean;
  concurrency: number;
  apiVersion?: string;
  waitMs?: number;
  shard?: { index: number; count: number };
  tool: { name: string; version: string };
  progress?: PlanProgress;
};

/** The org operations the planner uses; tests may pass their own. */
export type PlannerOrgs = {
  resolveOrg: typeof resolveOrg;
  retrieveComponents: typeof retrieveComponents;
  listMembers: typeof listMembers;
  readLocalFolder: typeof readLocalFolder;
  /** the user permissions a target knows; absent: nothing counts as unknown */
  describeUserPermissions?: typeof describeUserPermissions;
};

const REAL_ORGS: PlannerOrgs = { resolveOrg, retrieveComponents, listMembers, readLocalFolder, describeUserPermissions };

const keyOf = (component: ComponentKey): string => `${component.type}:${component.fullName}`;

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

/** Expands the selection's patterns into the reference's concrete members. */
function expandSelection(selection: Selection, available: ComponentKey[]): { members: ComponentKey[]; missing: string[] } {
  const members = new Map<string, ComponentKey>();
  const missing: string[] = [];
  for (const pattern of selection.patterns) {
    const matches = available.filter((c) => c.type === pattern.type && matchesPattern(pattern.name, c.fullName));
    if (matches.length === 0 && !isWildcard(pattern.name)) missing.push(`${pattern.type}:${pattern.name}`);
    for (const match of matches) members.set(keyOf(match), match);
  }
  return { members: [...members.values()], missing };
}

type ReferenceSide = { reference: PlanReference; components: Map<string, MetadataComponent>; selected: ComponentKey[]; scope: ComponentKey[]; handle?: OrgHandle };

async function readReference(request: PlanRequest, orgs: PlannerOrgs, handle: OrgHandle | undefined, apiVersion: string): Promise<ReferenceSide> {
  const selectedTypes = [...new Set(request.selection.patterns.map((p) => p.type))];
  const wantsPermissions = selectedTypes.some((type) => PERMISSION_TYPES.has(type));
  if ('dir' in request.reference) {
    const local = await orgs.readLocalFolder(request.reference.dir);
    const { members, missing } = expandSelection(request.selection, local.components);
    if (missing.length > 0) throw messages.createError('error.MemberNotInReference', [missing.join(', '), request.reference.dir]);
    const components = new Map(local.components.map((c) => [keyOf(c), c]));
    return {
      reference: { kind: 'dir', path: request.reference.dir, format: local.format },
      components,
      selected: members,
      scope: wantsPermissions ? scopeOf(members, components) : [],
    };
  }
  const org = handle!;
  const waitMs = request.waitMs;
  // wildcards are expanded against what the reference has; explicit names are checked by the retrieve
  const wildcardTypes = [...new Set(request.selection.patterns.filter((p) => isWildcard(p.name)).map((p) => p.type))];
  const listTypes = [...new Set([...wildcardTypes, ...(wantsPermissions ? PERMISSION_SCOPE_TYPES : [])])];
  const listed = await orgs.listMembers(org, listTypes, { apiVersion });
  const explicit = request.selection.patterns.filter((p) => !isWildcard(p.name)).map((p) => ({ type: p.type, fullName: p.name }));
  const { members } = expandSelection(request.selection, [...listed, ...explicit]);
  const permissionScope = wantsPermissions ? listed.filter((c) => PERMISSION_SCOPE_TYPES.includes(c.type)) : [];
  const outcome = await orgs.retrieveComponents(org, dedupe([...members, ...permissionScope]), { apiVersion, waitMs });
  // members a wildcard produced may legitimately be absent (StandardValueSet names are known, not listed)
  const named = new Set(explicit.map(keyOf));
  const missingSelected = outcome.missing.filter((m) => named.has(keyOf(m)));
  if (missingSelected.length > 0) {
    throw messages.createError('error.MemberNotInReference', [missingSelected.map(keyOf).join(', '), org.identity.name]);
  }
  const components = new Map(outcome.components.map((c) => [keyOf(c), c]));
  const selected = members.filter((m) => components.has(keyOf(m)));
  const identity = org.identity;
  return {
    reference: { kind: 'org', name: identity.name, alias: identity.alias, username: identity.username, orgId: identity.orgId, instanceUrl: identity.instanceUrl },
    components,
    selected,
    scope: wantsPermissions ? scopeOf(selected, components) : [],
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

function planComponent(request: PlanRequest, key: ComponentKey, reference: MetadataComponent | undefined, target: MetadataComponent | undefined, facts?: TargetFacts): PlannedComponent {
  const vetoed = facts ? vetoedEntries(key, reference?.xml, target?.xml, facts) : new Map<string, string>();
  const patch = buildPatch({
    type: key.type,
    fullName: key.fullName,
    referenceXml: reference?.xml,
    targetXml: target?.xml,
    mode: request.mode,
    deleteExtra: request.deleteExtra,
    vetoed: new Set(vetoed.keys()),
  });
  const planned: PlannedComponent = {
    type: key.type,
    fullName: key.fullName,
    action: patch.action,
    targetHash: patch.targetHash,
    referenceHash: patch.referenceHash,
    patchedHash: patch.patchedHash,
    changes: patch.changes.map((c) => ({ op: c.op, path: c.path, before: c.before ?? undefined, after: c.after ?? undefined })),
    irreversible: patch.irreversible,
    notes: patch.notes,
    comparedAsWhole: patch.comparedAsWhole,
    destructiveChildren: patch.destructiveChildren.map((c) => ({ type: c.type, fullName: c.fullName })),
  };
  if (patch.content !== undefined) planned.deployXml = patch.content;
  if (patch.action !== 'noop' && patch.action !== 'delete' && reference?.files) {
    planned.deployFiles = Object.fromEntries(Object.entries(reference.files).map(([path, content]) => [path, content.toString('base64')]));
  }
  return facts ? withTargetLimits(planned, patch.blocked, patch.blockedChanges, vetoed, facts) : planned;
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
    if (error instanceof Error && error.name === 'InvalidSessionError') throw error;
    return undefined;
  }
}

async function planTarget(request: PlanRequest, orgs: PlannerOrgs, handle: OrgHandle, side: ReferenceSide, apiVersion: string): Promise<PlannedTarget> {
  const identity = handle.identity;
  const base = { name: identity.name, alias: identity.alias, username: identity.username, orgId: identity.orgId, instanceUrl: identity.instanceUrl };
  try {
    const wantsPermissions = side.selected.some((key) => PERMISSION_TYPES.has(key.type));
    const along = carriedComponents(side);
    const [outcome, userPermissions, listed] = await Promise.all([
      orgs.retrieveComponents(handle, dedupe([...side.selected, ...side.scope]), { apiVersion, waitMs: request.waitMs }),
      wantsPermissions && orgs.describeUserPermissions ? orgs.describeUserPermissions(handle, { apiVersion }) : Promise.resolve(undefined),
      listForFacts(orgs, handle, typesToList(along), apiVersion),
    ]);
    const theirs = new Map(outcome.components.map((c) => [keyOf(c), c]));
    const facts = targetFacts(identity.name, outcome.components, outcome.missing, userPermissions, { listed, along });
    const components = side.selected.map((key) => planComponent(request, key, side.components.get(keyOf(key)), theirs.get(keyOf(key)), facts));
    return { ...base, status: 'ok', counts: countsOf(components), components };
  } catch (error) {
    return { ...base, status: 'error', error: errorOf(error), counts: emptyCounts(), components: [] };
  }
}

export async function createPlan(request: PlanRequest, orgs: PlannerOrgs = REAL_ORGS): Promise<PlanBody> {
  request.progress?.stage?.('resolve');
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
  const uniqueTargets = [...new Map(targetHandles.map((t) => [t.identity.orgId, t])).values()];
  const versions = [referenceHandle, ...uniqueTargets].filter((h): h is OrgHandle => h !== undefined).map((h) => h.identity.maxApiVersion);
  const apiVersion = request.apiVersion ?? (versions.length > 0 ? minVersion(versions) : '62.0');

  request.progress?.stage?.('reference');
  const side = await readReference(request, orgs, referenceHandle, apiVersion);

  request.progress?.stage?.('targets');
  let done = 0;
  const targets = await mapWithConcurrency(uniqueTargets, request.concurrency, async (handle) => {
    const planned = await planTarget(request, orgs, handle, side, apiVersion);
    done += 1;
    request.progress?.targetDone?.(done, uniqueTargets.length);
    return planned;
  });
  request.progress?.stage?.('done');

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
    targets,
  };
}
