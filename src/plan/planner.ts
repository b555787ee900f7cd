/*
 * The planner: resolve every org -> list the reference (the selection) -> retrieve the reference
 * and every target in parallel -> compare each target with the reference (pure) -> the plan value.
 * A target that fails is recorded with its error while the others are planned; bad input stops
 * everything before any org is touched.
 */
import { randomUUID } from 'node:crypto';
import { OrgHandle, ZipReads, describeUserPermissions, listInstalledPackages, listMembers, mapWithConcurrency, readLocalFolder, resolveOrg, retrieveComponents } from '../org/index.js';
import { AcceptRules } from './accept.js';
import { IdenticalOutcomes } from './componentOutcome.js';
import { ReferenceReads } from './componentReads.js';
import { GivenBase, prepareGivenBase, readBaseOrg } from './base.js';
import { narrowByPackages, packageReader, resolvePlanOrgs } from './planOrgs.js';
import type { PlannerOrgs, PlanRequest, PlanRun } from './planRequest.js';
import { PLAN_FORMAT_VERSION, PlanBody, PlannedTarget } from './planTypes.js';
import { ReferenceSelection, ReferenceSide, selectInReference } from './reference.js';
import { ResolutionRules } from './resolutions.js';
import { TargetPlanning, planTarget } from './target.js';

export type { ManagedFilter } from './selection.js';
export type { PlannerOrgs, PlanProgress, PlanRequest } from './planRequest.js';

const REAL_ORGS: PlannerOrgs = { resolveOrg, retrieveComponents, listMembers, readLocalFolder, describeUserPermissions, listInstalledPackages };

export async function createPlan(request: PlanRequest, orgs: PlannerOrgs = REAL_ORGS): Promise<PlanBody> {
  request.progress?.stage?.('resolve');
  const given = await prepareGivenBase(request.base, orgs);
  const resolved = await resolvePlanOrgs(request, orgs);
  const referenceReads = new ReferenceReads();
  const run: PlanRun = { request, orgs, apiVersion: resolved.apiVersion, reads: new ZipReads(), referenceReads, identical: new IdenticalOutcomes(referenceReads) };
  const packagesOf = packageReader(orgs, run.apiVersion);
  const narrowed = await narrowByPackages(request, resolved.targets, packagesOf);

  request.progress?.stage?.('reference');
  const selection = await selectInReference(run, resolved.reference);
  // the targets are read beside the reference, as soon as its listing says what to ask them for
  const stop = new AbortController();
  const base: GivenBase = { folder: given.folder, org: given.org && readGivenOrg(run, given.org, selection, stop) };
  const reading = selection.read();
  // before the targets hear of it: a failed reference stops their jobs' polling
  reading.catch(() => stop.abort());
  const rules = request.accept?.length ? new AcceptRules(request.accept, request.now ?? new Date()) : undefined;
  const resolutions = request.resolutions ? new ResolutionRules(request.resolutions) : undefined;
  const planning: TargetPlanning = { run, early: selection.ask, reference: reading, base, signal: stop.signal, rules, resolutions, packagesOf };
  const targetsDone = planTargets(planning, narrowed.kept);
  let side: ReferenceSide;
  try {
    side = await reading;
    // a base org that could not be read fails the plan as the reference would
    await base.org;
  } catch (error) {
    // nothing of the targets is kept: their work ends at their next status check or request
    await targetsDone;
    throw error;
  }
  request.progress?.stage?.('targets');
  const targets = await targetsDone;
  request.progress?.stage?.('done');
  // an entry that matched nothing is named only when every target could be compared: a failed one may hold its difference
  const allCompared = targets.every((t) => t.status === 'ok');
  const warnings = [...narrowed.warnings, ...side.warnings, ...(rules && allCompared ? rules.unusedWarnings() : []), ...(resolutions && allCompared ? resolutions.unusedWarnings() : [])];

  return {
    formatVersion: PLAN_FORMAT_VERSION,
    tool: request.tool,
    planId: randomUUID(),
    createdAt: new Date().toISOString(),
    mode: request.mode,
    deleteExtra: request.deleteExtra,
    apiVersion: run.apiVersion,
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

/** The base org is asked what the targets are asked (the reference's listing), beside them; its failure stops them. */
function readGivenOrg(run: PlanRun, handle: OrgHandle, selection: ReferenceSelection, stop: AbortController): ReturnType<typeof readBaseOrg> {
  const read = readBaseOrg(handle, selection.ask.keys, selection.ask.wanted, run.orgs.retrieveComponents, { apiVersion: run.apiVersion, waitMs: run.request.waitMs, signal: stop.signal });
  read.catch(() => stop.abort());
  return read;
}

/** Every target, `concurrency` at a time, each reported done as it completes; those the reference's failure stopped are left out. */
async function planTargets(planning: TargetPlanning, handles: OrgHandle[]): Promise<PlannedTarget[]> {
  const { request } = planning.run;
  let done = 0;
  const planned = await mapWithConcurrency(handles, request.concurrency, async (handle) => {
    const target = await planTarget(planning, handle);
    if (!target) return undefined;
    done += 1;
    request.progress?.targetDone?.(done, handles.length);
    return target;
  });
  return planned.filter((target): target is PlannedTarget => target !== undefined);
}
