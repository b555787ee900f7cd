/*
 * The reference side, in two steps: what it lists decides the selection (and so what every target
 * is asked for), then its retrieve gives the components to compare with. The targets' retrieves
 * start after the first step, beside the reference's own.
 */
import { Messages } from '@salesforce/core';
import { isListable, PERMISSION_SCOPE_TYPES, PERMISSION_TYPES } from '../metadata/index.js';
import { ComponentKey, ListedMember, MetadataComponent, OrgHandle, keyOf } from '../org/index.js';
import { assignmentObjects } from './compactLayoutAssignment.js';
import type { PlanRun } from './planRequest.js';
import type { PlanReference } from './planTypes.js';
import { permissionDependencies, standardTabs } from './profileScope.js';
import { expandSelection, isWildcard, matchesMember, selectionMatchedNothing } from './selection.js';
import { Carried, carriedAlong } from './targetReferences.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

/** What every target is asked for: the selected members and the scope, the same as the reference was read with. */
export type TargetAsk = { keys: ComponentKey[]; wanted: Set<string>; wantsPermissions: boolean };

export type ReferenceSide = {
  reference: PlanReference;
  components: Map<string, MetadataComponent>;
  selected: ListedMember[];
  scope: ComponentKey[];
  /** selected members the reference could not return, in words */
  warnings: string[];
  /** objects whose compact layout assignment is compared (compact layouts selected) */
  assignments: ComponentKey[];
  /** what every target is asked for, now that the reference says what it returned */
  ask: TargetAsk;
  /** the reference components every deploy carries: what they hold exists in a target once it completes */
  carried: Carried;
};

export type ReferenceSelection = {
  /** what the targets are asked for, if the reference returns every selected member */
  ask: TargetAsk;
  /** the reference's components, its retrieve started now */
  read(): Promise<ReferenceSide>;
};

export function sameAsk(a: TargetAsk, b: TargetAsk): boolean {
  return (
    a.wantsPermissions === b.wantsPermissions &&
    a.keys.length === b.keys.length &&
    a.keys.every((key, i) => keyOf(key) === keyOf(b.keys[i])) &&
    a.wanted.size === b.wanted.size &&
    [...a.wanted].every((key) => b.wanted.has(key))
  );
}

/** The reference's selection: from a folder, or from what an org lists (`handle`). */
export function selectInReference(run: PlanRun, handle: OrgHandle | undefined): Promise<ReferenceSelection> {
  const reference = run.request.reference;
  return 'dir' in reference ? selectInFolder(run, reference.dir) : selectInOrg(run, handle!);
}

function targetAsk(selected: ComponentKey[], scope: ComponentKey[], assignments: ComponentKey[]): TargetAsk {
  return {
    keys: dedupe([...selected, ...scope]),
    wanted: new Set([...selected, ...assignments].map(keyOf)),
    wantsPermissions: selected.some((key) => PERMISSION_TYPES.has(key.type)),
  };
}

/** The side with what follows from its selection, worked out once for every target. */
function sideOf(read: Omit<ReferenceSide, 'ask' | 'carried'>): ReferenceSide {
  const carried = carriedAlong(read.selected.map((key) => read.components.get(keyOf(key))).filter((c): c is MetadataComponent => c !== undefined));
  return { ...read, ask: targetAsk(read.selected, read.scope, read.assignments), carried };
}

function wantsPermissions(run: PlanRun): boolean {
  return run.request.selection.patterns.some((p) => PERMISSION_TYPES.has(p.type));
}

async function selectInFolder(run: PlanRun, dir: string): Promise<ReferenceSelection> {
  const { selection, managed } = run.request;
  const local = await run.orgs.readLocalFolder(dir);
  const { members, missing } = expandSelection(selection, local.components, managed);
  if (missing.length > 0) throw messages.createError('error.MemberNotInReference', [missing.join(', '), dir]);
  if (members.length === 0) throw selectionMatchedNothing(selection, dir);
  const components = new Map(local.components.map((c) => [keyOf(c), c]));
  const side = sideOf({
    reference: { kind: 'dir', path: dir, format: local.format },
    components,
    selected: members,
    scope: dedupe([...(wantsPermissions(run) ? scopeOf(members, components) : []), ...assignmentObjects(members)]),
    warnings: [],
    assignments: assignmentObjects(members),
  });
  return { ask: side.ask, read: () => Promise.resolve(side) };
}

type OrgSelection = { listed: ListedMember[]; explicit: ComponentKey[]; members: ListedMember[]; permissionScope: ComponentKey[] };

async function selectInOrg(run: PlanRun, org: OrgHandle): Promise<ReferenceSelection> {
  const { selection, managed } = run.request;
  const permissions = wantsPermissions(run);
  // wildcards are expanded against what the reference lists; explicit names are listed too, for their
  // package (namespace, managed) and a managed layout's retrievable name, and checked by the retrieve
  const listTypes = [...new Set([...selection.patterns.map((p) => p.type), ...(permissions ? PERMISSION_SCOPE_TYPES : [])])];
  const listed = await run.orgs.listMembers(org, listTypes, { apiVersion: run.apiVersion });
  const explicit = selection.patterns
    .filter((p) => !isWildcard(p.name) && !listed.some((member) => member.type === p.type && matchesMember(p.name, member)))
    .map((p) => ({ type: p.type, fullName: p.name }));
  const { members } = expandSelection(selection, [...listed, ...explicit], managed);
  // else the retrieve fails with SDR's "No components in the package to retrieve", naming neither
  if (members.length === 0) throw selectionMatchedNothing(selection, org.identity.name);
  // the whole of what the permission files may name, and the same for every target
  const listedScope = listed.filter((c) => PERMISSION_SCOPE_TYPES.includes(c.type)).map(({ type, fullName }) => ({ type, fullName }));
  const permissionScope = dedupe([...(permissions ? [...listedScope, ...standardTabs(listedScope)] : []), ...assignmentObjects(members)]);
  return {
    ask: targetAsk(members, permissionScope, assignmentObjects(members)),
    read: () => retrieveReference(run, org, { listed, explicit, members, permissionScope }),
  };
}

async function retrieveReference(run: PlanRun, org: OrgHandle, selection: OrgSelection): Promise<ReferenceSide> {
  const { listed, explicit, members, permissionScope } = selection;
  const wanted = new Set([...members, ...assignmentObjects(members)].map(keyOf));
  const outcome = await run.orgs.retrieveComponents(org, dedupe([...members, ...permissionScope]), {
    apiVersion: run.apiVersion,
    waitMs: run.request.waitMs,
    reads: run.reads,
    keep: (key) => wanted.has(keyOf(key)),
    onChunk: (index, total) => run.request.progress?.chunk?.('reference', index, total),
  });
  // members a wildcard produced may legitimately be absent (StandardValueSet names are known, not listed)
  const named = new Set(explicit.map(keyOf));
  const missingSelected = outcome.missing.filter((m) => named.has(keyOf(m)));
  if (missingSelected.length > 0) {
    throw messages.createError('error.MemberNotInReference', [missingSelected.map(keyOf).join(', '), org.identity.name]);
  }
  const components = new Map(outcome.components.map((c) => [keyOf(c), c]));
  const selected = members.filter((m) => components.has(keyOf(m)));
  const identity = org.identity;
  return sideOf({
    reference: { kind: 'org', name: identity.name, alias: identity.alias, username: identity.username, orgId: identity.orgId, instanceUrl: identity.instanceUrl },
    components,
    selected,
    scope: permissionScope,
    warnings: notRetrieved(org, members, listed, components, outcome.missing),
    assignments: assignmentObjects(selected),
  });
}

/** A listed member the org then could not return is named, never dropped in silence. */
function notRetrieved(
  org: OrgHandle,
  members: ListedMember[],
  listed: ListedMember[],
  components: Map<string, MetadataComponent>,
  missing: Array<ComponentKey & { problem?: string }>
): string[] {
  const listedKeys = new Set(listed.map(keyOf));
  const problems = new Map(missing.map((m) => [keyOf(m), m.problem]));
  return (
    members
      // names of an unlistable type (StandardValueSet) are known, not listed: an org without one is not worth a warning
      .filter((m) => !components.has(keyOf(m)) && listedKeys.has(keyOf(m)) && isListable(m.type))
      .map((m) => {
        const problem = problems.get(keyOf(m));
        return `${keyOf(m)} is listed by ${org.identity.name} but could not be retrieved${problem ? `: ${problem}` : ''}; it is left out of the plan.`;
      })
  );
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
