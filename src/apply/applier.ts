/*
 * apply: verify the plan and the orgs, refuse stale targets, then per target: snapshot, one
 * all-or-nothing deploy, re-read and compare with what the plan expected. The journal records every
 * step, so an interrupted apply can be rolled back or rerun without deploying twice.
 */
import { join } from 'node:path';
import { Messages, SfError } from '@salesforce/core';
import { undeployedChanges } from '../diff/index.js';
import { findTypeRule, refusalAction } from '../metadata/index.js';
import { ComponentKey, DeployRequest, MetadataComponent, OrgHandle, TestLevel, mapWithConcurrency } from '../org/index.js';
import { PlanChange, PlanFile, PlannedComponent, PlannedTarget } from '../plan/planTypes.js';
import { changesTarget } from '../plan/blocked.js';
import { choosePlanTargets } from '../plan/planTargets.js';
import { Journal, JournalComponent, JournalWriter, Snapshot, TargetState, newApplyId, writeSnapshot } from '../state/journal.js';
import { failpoint } from '../state/failpoint.js';
import { OrgLock } from '../state/lock.js';
import { applyDir, ensureWritableStateDir } from '../state/stateDir.js';
import { CurrentState, OrgOperations, REAL_ORG_OPERATIONS, keyOf, planReadSet, readCurrentState } from './targetState.js';
import { StepResult } from './steps.js';
import { FailureBudget, WaveSize } from './waves.js';
import { runTargetsInWaves, resumeJournal, stepsJournalFields } from './release.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

export type ApplyOrgs = OrgOperations;
const REAL_ORGS = REAL_ORG_OPERATIONS;

export type ApplyRequest = {
  plan: PlanFile;
  planFile: string;
  targets?: string[];
  dryRun: boolean;
  testLevel?: TestLevel;
  /** the Apex test classes of RunSpecifiedTests */
  runTests?: string[];
  concurrency: number;
  waitMs?: number;
  skipStale: boolean;
  stateDir: string;
  onTargetDone?: (done: number, total: number) => void;
  /** the journal as soon as it is first written; it is updated in place as targets progress */
  onJournal?: (journal: Journal) => void;
  /** once aborted (Ctrl-C), no new target is started; deploys under way run to their end */
  stop?: AbortSignal;
  /** `--waves`: the targets in the plan's order, wave after wave; absent: all at once */
  waves?: WaveSize[];
  /** `--max-failures`: how many targets may fail before no new wave starts (default 0 with waves) */
  maxFailures?: FailureBudget;
  /** `--resume`: the journal of an apply whose targets or steps are left; it goes on in the same apply */
  resume?: Journal;
  /** a wave starts (1-based index, its targets by name) */
  onWave?: (index: number, total: number, targets: string[]) => void;
  /** a step of a target ended */
  onStep?: (target: string, step: StepResult) => void;
};

/** `not-planned`: the plan holds an error for the target; `not-started`: the apply was interrupted first. */
export type ApplyTargetStatus = 'deployed' | 'failed' | 'stale' | 'skipped' | 'validated' | 'not-planned' | 'not-started';

/** A component that still differs from the planned result after the deploy: what differs and why, likely. */
export type RemainingDrift = {
  type: string;
  fullName: string;
  detail: string;
  /** the likely cause, in words, with what to do */
  cause: string;
  /** element-level: `before` what the org holds now, `after` what was deployed */
  differences: PlanChange[];
};

export type ApplyTargetResult = {
  name: string;
  alias?: string;
  username: string;
  orgId: string;
  status: ApplyTargetStatus;
  reason?: string;
  deployId?: string;
  error?: string;
  /** the org's own message per component, and what to do where the refusal is known */
  failures?: Array<{ type: string; fullName: string; problem: string; action?: string }>;
  staleComponents?: string[];
  remainingDrift: RemainingDrift[];
  /** release steps, in order, as far as this target went (plans with steps) */
  steps?: StepResult[];
};

export type ApplyResult = {
  applyId: string;
  planId: string;
  stateDir: string;
  snapshotDir: string;
  dryRun: boolean;
  /** true when Ctrl-C stopped the apply before every target was started */
  interrupted?: boolean;
  /** with --waves: how many waves, and the wave after which the failure budget was spent */
  waves?: { count: number; stoppedAfterWave?: number; allowedFailures: number };
  /** the command that runs the targets and steps left, when some are */
  resumeCommand?: string;
  targets: ApplyTargetResult[];
};

export type Prepared = {
  target: PlannedTarget & { orgId: string };
  /** what plan read from the target, re-read as a whole so that every hash covers the same entries */
  readSet: ComponentKey[];
  handle: OrgHandle;
  touched: PlannedComponent[];
  current?: CurrentState;
  verdict: 'deploy' | 'stale' | 'skipped';
  reason?: string;
  staleComponents?: string[];
};

export function baseResult(target: PlannedTarget): Pick<ApplyTargetResult, 'name' | 'alias' | 'username' | 'orgId'> {
  return { name: target.name, ...(target.alias ? { alias: target.alias } : {}), username: target.username, orgId: target.orgId ?? '' };
}

function deployRequestOf(touched: PlannedComponent[], checkOnly: boolean, testLevel?: TestLevel, runTests?: string[]): DeployRequest {
  return {
    components: touched
      .filter((c) => c.deployXml !== undefined)
      .map((c) => ({
        type: c.type,
        fullName: c.fullName,
        xml: c.deployXml!,
        ...(c.deployFiles ? { files: Object.fromEntries(Object.entries(c.deployFiles).map(([path, b64]) => [path, Buffer.from(b64, 'base64')])) } : {}),
      })),
    destructive: [
      ...touched.filter((c) => c.action === 'delete').map((c) => ({ type: c.type, fullName: c.fullName })),
      ...touched.flatMap((c) => c.destructiveChildren),
    ],
    checkOnly,
    testLevel,
    ...(runTests?.length ? { runTests } : {}),
  };
}

/** Words for what rollback will do for each touched component (the details are computed at rollback). */
function inverseSteps(touched: PlannedComponent[]): string[] {
  return touched.map((c) => {
    if (c.action === 'create') {
      const deletion = findTypeRule(c.type)?.deletion;
      if (deletion?.deactivate) return `deactivate ${c.type} ${c.fullName} (created by this apply; ${deletion.reason})`;
      const refusal = deletion ? `; kept with the org's reason if the org refuses: ${deletion.reason}` : '';
      return `delete ${c.type} ${c.fullName} (created by this apply${refusal})`;
    }
    if (c.action === 'delete') return `recreate ${c.type} ${c.fullName} from the snapshot`;
    const irreversible = c.irreversible.length > 0 ? `; cannot be undone: ${c.irreversible.join('; ')}` : '';
    return `restore ${c.type} ${c.fullName} to its snapshot (entries granted by this apply are revoked explicitly)${irreversible}`;
  });
}

async function prepareTarget(request: ApplyRequest, orgs: ApplyOrgs, target: PlannedTarget, readSet: ComponentKey[]): Promise<Prepared> {
  const handle = await orgs.resolveOrg(target.username);
  if (handle.identity.orgId !== target.orgId) {
    throw messages.createError('error.WrongOrg', [target.alias ?? target.username, target.orgId ?? '?', handle.identity.orgId]);
  }
  return { target: target as Prepared['target'], readSet, handle, touched: target.components.filter(changesTarget), verdict: 'deploy' };
}

async function checkStaleness(request: ApplyRequest, orgs: ApplyOrgs, prepared: Prepared): Promise<void> {
  if (prepared.touched.length === 0) {
    prepared.verdict = 'skipped';
    prepared.reason = 'no drift in the plan';
    return;
  }
  const current = await readCurrentState(prepared.handle, prepared.touched, prepared.readSet, {
    apiVersion: request.plan.apiVersion,
    waitMs: request.waitMs,
    retrieve: orgs.retrieveComponents,
  });
  prepared.current = current;
  const now = (c: PlannedComponent): string | null => current.hashes.get(keyOf(c)) ?? null;
  // a target already in the planned state (an earlier run of this plan deployed it) is not deployed twice
  if (!request.dryRun && prepared.touched.every((c) => now(c) === c.patchedHash)) {
    prepared.verdict = 'skipped';
    prepared.reason = 'already in the planned state (applied before)';
    return;
  }
  const stale = prepared.touched.filter((c) => now(c) !== c.targetHash).map((c) => `${c.type}:${c.fullName}`);
  if (stale.length > 0) {
    prepared.verdict = 'stale';
    prepared.staleComponents = stale;
  }
}

function snapshotOf(applyId: string, prepared: Prepared): Snapshot {
  const current = prepared.current!;
  return {
    applyId,
    orgId: prepared.target.orgId,
    username: prepared.target.username,
    takenAt: new Date().toISOString(),
    components: prepared.touched.map((c) => {
      const existing = current.components.get(keyOf(c));
      return {
        type: c.type,
        fullName: c.fullName,
        existed: existing !== undefined,
        ...(existing ? { xml: existing.xml } : {}),
        ...(existing?.files ? { files: Object.fromEntries(Object.entries(existing.files).map(([p, b]) => [p, b.toString('base64')])) } : {}),
        hash: current.hashes.get(keyOf(c)) ?? null,
      };
    }),
    inverse: inverseSteps(prepared.touched),
  };
}

export function journalComponents(prepared: Prepared): JournalComponent[] {
  return prepared.touched.map((c) => ({
    type: c.type,
    fullName: c.fullName,
    action: c.action,
    preHash: prepared.current?.hashes.get(keyOf(c)) ?? null,
    patchedHash: c.patchedHash,
  }));
}

async function deployTarget(request: ApplyRequest, orgs: ApplyOrgs, prepared: Prepared, writer: JournalWriter): Promise<ApplyTargetResult> {
  const { target, handle } = prepared;
  const base = baseResult(target);
  const snapshotFile = await writeSnapshot(request.stateDir, snapshotOf(writer.journal.applyId, prepared));
  failpoint('after-snapshot');
  await writer.update(target.orgId, { state: 'deploying', snapshotFile });
  let outcome;
  try {
    outcome = await orgs.deployComponents(handle, deployRequestOf(prepared.touched, request.dryRun, request.testLevel, request.runTests), {
      apiVersion: request.plan.apiVersion,
      waitMs: request.waitMs,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // an unknown outcome stays `deploying`: rollback compares the org with the snapshot
    const state: TargetState = error instanceof SfError && error.name === 'DeployOutcomeUnknownError' ? 'deploying' : 'failed';
    await writer.update(target.orgId, { state, error: message });
    return { ...base, status: 'failed', error: message, remainingDrift: [] };
  }
  if (!outcome.success) {
    const failures = outcome.failures.map((f) => {
      const action = refusalAction(f.problem);
      return { type: f.type, fullName: f.fullName, problem: f.problem, ...(action ? { action } : {}) };
    });
    const listed = failures.map((f) => `${f.type} ${f.fullName}: ${f.problem}`).join('; ');
    const error = listed.length > 0 ? listed : outcome.errorMessage ?? outcome.status;
    await writer.update(target.orgId, { state: 'failed', deployId: outcome.jobId, error });
    return { ...base, status: 'failed', deployId: outcome.jobId, error, failures, remainingDrift: [] };
  }
  if (request.dryRun) {
    await writer.update(target.orgId, { state: 'validated', deployId: outcome.jobId });
    return { ...base, status: 'validated', deployId: outcome.jobId, remainingDrift: [] };
  }
  failpoint('after-deploy');
  await writer.update(target.orgId, { state: 'deployed', deployId: outcome.jobId });
  // read back: an org that silently ignored part of a deploy must not look like success
  const after = await readCurrentState(handle, prepared.touched, prepared.readSet, {
    apiVersion: request.plan.apiVersion,
    waitMs: request.waitMs,
    retrieve: orgs.retrieveComponents,
  });
  const components = journalComponents(prepared).map((c) => ({ ...c, postHash: after.hashes.get(keyOf(c)) ?? null }));
  await writer.update(target.orgId, { components });
  const remainingDrift = prepared.touched
    .filter((c) => (after.hashes.get(keyOf(c)) ?? null) !== c.patchedHash)
    .map((c) => remainingDriftOf(c, after.components.get(keyOf(c))));
  return { ...base, status: 'deployed', deployId: outcome.jobId, remainingDrift };
}

/** What differs in a component the deploy did not bring to the planned result, and the likely cause. */
function remainingDriftOf(planned: PlannedComponent, now: MetadataComponent | undefined): RemainingDrift {
  const key = { type: planned.type, fullName: planned.fullName };
  if (planned.action === 'delete') {
    return { ...key, detail: 'still present after the destructive change', cause: messages.getMessage('cause.NotDeleted'), differences: [] };
  }
  if (!now) {
    return { ...key, detail: 'absent after the deploy', cause: messages.getMessage('cause.Absent'), differences: [{ op: 'add', path: '' }] };
  }
  const differences = planned.deployXml === undefined ? [] : undeployedChanges(planned.type, planned.deployXml, now.xml);
  return {
    ...key,
    detail: 'differs from the planned result after the deploy',
    cause: messages.getMessage(differences.length > 0 ? 'cause.NotApplied' : 'cause.Misprediction'),
    differences: differences.map((c) => ({ op: c.op, path: c.path, before: c.before ?? undefined, after: c.after ?? undefined })),
  };
}

export async function applyPlan(request: ApplyRequest, orgs: ApplyOrgs = REAL_ORGS): Promise<ApplyResult> {
  const { plan } = request;
  await ensureWritableStateDir(request.stateDir);
  const chosen = choosePlanTargets(plan, request.targets);
  const errored = chosen.filter((t) => t.status === 'error' || !t.orgId);
  const candidates = chosen.filter((t) => t.status === 'ok' && t.orgId);
  const readSet = planReadSet(plan);
  const prepared: Prepared[] = [];
  for (const target of candidates) {
    // eslint-disable-next-line no-await-in-loop
    prepared.push(await prepareTarget(request, orgs, target, readSet));
  }
  const applyId = request.resume?.applyId ?? newApplyId();
  const locks: OrgLock[] = [];
  try {
    for (const entry of prepared) {
      // eslint-disable-next-line no-await-in-loop
      locks.push(await OrgLock.acquire(request.stateDir, { orgId: entry.target.orgId, name: entry.target.alias ?? entry.target.username }, { operation: 'apply', id: applyId }));
    }
    await mapWithConcurrency(prepared, request.concurrency, (entry) => checkStaleness(request, orgs, entry));
    const stale = prepared.filter((p) => p.verdict === 'stale');
    if (stale.length > 0 && !request.skipStale) {
      const list = stale.map((p) => `${p.target.alias ?? p.target.username} (${p.staleComponents!.join(', ')})`).join('; ');
      const error = messages.createError('error.StalePlan', [list], [request.planFile]);
      error.exitCode = 4;
      error.setData({ stale: stale.map((p) => ({ target: p.target.alias ?? p.target.username, orgId: p.target.orgId, components: p.staleComponents })) });
      throw error;
    }

    const journal: Journal = request.resume ? resumeJournal(request.resume, prepared, journalComponents) : {
      formatVersion: 1,
      applyId,
      planId: plan.planId,
      planFile: request.planFile,
      planChecksum: plan.checksum,
      mode: plan.mode,
      apiVersion: plan.apiVersion,
      dryRun: request.dryRun,
      createdAt: new Date().toISOString(),
      // rollback re-reads this set: the same entries as the hashes recorded here
      scope: readSet,
      targets: prepared.map((p) => ({
        name: p.target.name,
        ...(p.target.alias ? { alias: p.target.alias } : {}),
        username: p.target.username,
        orgId: p.target.orgId,
        state: p.verdict === 'deploy' ? 'pending' : p.verdict,
        ...(p.reason ? { error: p.reason } : {}),
        components: journalComponents(p),
        ...stepsJournalFields(plan),
        updatedAt: new Date().toISOString(),
      })),
    };
    const writer = new JournalWriter(request.stateDir, journal);
    // a plan with nothing to apply (an empty shard) leaves no apply in the history
    if (prepared.length > 0) {
      await writer.flush();
      request.onJournal?.(journal);
    }

    const run = await runTargetsInWaves(request, orgs, { prepared, writer, deploy: (entry) => deployTarget(request, orgs, entry, writer) });
    if (prepared.length > 0) await writer.flush();

    const results: ApplyTargetResult[] = [
      ...run.results,
      ...prepared
        .filter((p) => p.verdict !== 'deploy' && !run.ran.has(p))
        .map((p) => ({
          ...baseResult(p.target),
          status: p.verdict as ApplyTargetStatus,
          ...(p.reason ? { reason: p.reason } : {}),
          ...(p.staleComponents ? { staleComponents: p.staleComponents } : {}),
          remainingDrift: [],
        })),
      ...errored.map((t) => ({ ...baseResult(t), status: 'not-planned' as const, reason: `not planned: ${t.error?.message ?? 'the plan has no result for this target'}`, remainingDrift: [] })),
    ];
    return {
      applyId,
      planId: plan.planId,
      stateDir: request.stateDir,
      snapshotDir: join(applyDir(request.stateDir, applyId), 'snapshots'),
      dryRun: request.dryRun,
      ...(request.stop?.aborted ? { interrupted: true } : {}),
      ...(run.waves ? { waves: run.waves } : {}),
      ...(run.unfinished ? { resumeCommand: `sf postdeploy apply --resume ${applyId}` } : {}),
      targets: results,
    };
  } finally {
    await Promise.all(locks.map((lock) => lock.release()));
  }
}
