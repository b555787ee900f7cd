/*
 * apply: verify the plan and the orgs, refuse stale targets, then per target: snapshot, one
 * all-or-nothing deploy, re-read and compare with what the plan expected. The journal records every
 * step, so an interrupted apply can be rolled back or rerun without deploying twice.
 */
import { join } from 'node:path';
import { Messages } from '@salesforce/core';
import { undeployedChanges } from '../diff/index.js';
import { findTypeRule } from '../metadata/index.js';
import { DeployOutcomeUnknownError, DeployRequest, MetadataComponent, TestLevel, filesFromBase64, filesToBase64, keyOf, mapWithConcurrency } from '../org/index.js';
import { PlannedComponent } from '../plan/planTypes.js';
import { changesTarget } from '../plan/blocked.js';
import { choosePlanTargets, labelOf } from '../plan/planTargets.js';
import { Journal, JournalComponent, JournalWriter, Snapshot, TargetState, newApplyId, writeSnapshot } from '../state/journal.js';
import { failpoint } from '../state/failpoint.js';
import { applyDir, ensureWritableStateDir, stateDirOption } from '../state/stateDir.js';
import { StalePlanError } from './errors.js';
import type { ApplyRequest, ApplyResult, ApplyTargetResult, ApplyTargetStatus, Prepared, RemainingDrift } from './applyTypes.js';
import { connectEachTarget, deployRefusal, errorText, identityOf, lockOrgs } from './orgTargets.js';
import { runTargetsInWaves, resumeJournal, stepsJournalFields } from './release.js';
import { OrgOperations, REAL_ORG_OPERATIONS, planReadSet, readCurrentState } from './targetState.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

export type ApplyOrgs = OrgOperations;
const REAL_ORGS = REAL_ORG_OPERATIONS;

export type { ApplyRequest, ApplyResult, ApplyTargetResult, ApplyTargetStatus, Prepared, RemainingDrift } from './applyTypes.js';

function deployRequestOf(touched: PlannedComponent[], checkOnly: boolean, testLevel?: TestLevel, runTests?: string[]): DeployRequest {
  return {
    components: touched
      .filter((c) => c.deployXml !== undefined)
      .map((c) => ({
        type: c.type,
        fullName: c.fullName,
        xml: c.deployXml!,
        ...(c.deployFiles ? { files: filesFromBase64(c.deployFiles) } : {}),
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

/** What apply deploys to a target: the components that change, then the static resources of the base it records there with them. */
function touchedOf(target: Prepared['target'], recordBase: boolean): Pick<Prepared, 'touched' | 'corrections'> {
  const corrections = target.components.filter(changesTarget);
  const base = recordBase && corrections.length > 0 ? target.nextBase?.resources ?? [] : [];
  return { touched: [...corrections, ...base], corrections: corrections.length };
}

/** The target with its verdict: deploy, skipped (nothing to do, or done before) or stale (changed since the plan). */
async function checkedForStaleness(request: ApplyRequest, orgs: ApplyOrgs, prepared: Prepared): Promise<Prepared> {
  if (prepared.touched.length === 0) return { ...prepared, verdict: 'skipped', reason: 'no drift in the plan' };
  const current = await readCurrentState(prepared.handle, prepared.touched, prepared.readSet, {
    apiVersion: request.plan.apiVersion,
    waitMs: request.waitMs,
    retrieve: orgs.retrieveComponents,
  });
  const now = (c: PlannedComponent): string | null => current.hashes.get(keyOf(c)) ?? null;
  // a target already in the planned state (an earlier run of this plan deployed it) is not deployed twice;
  // its corrections say so: the base went in the same all-or-nothing deploy
  if (!request.dryRun && prepared.touched.slice(0, prepared.corrections).every((c) => now(c) === c.patchedHash)) {
    return { ...prepared, current, verdict: 'skipped', reason: 'already in the planned state (applied before)' };
  }
  const stale = prepared.touched.filter((c) => now(c) !== c.targetHash).map(keyOf);
  return stale.length > 0 ? { ...prepared, current, verdict: 'stale', staleComponents: stale } : { ...prepared, current };
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
        ...(existing?.files ? { files: filesToBase64(existing.files) } : {}),
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
  const base = identityOf(target);
  const snapshotFile = await writeSnapshot(request.stateDir, snapshotOf(writer.journal.applyId, prepared));
  failpoint('after-snapshot');
  await writer.update(target.orgId, { state: 'deploying', snapshotFile });
  const deploy = deployRequestOf(prepared.touched, request.dryRun, request.testLevel, request.runTests);
  let outcome;
  try {
    outcome = await orgs.deployComponents(handle, deploy, {
      apiVersion: request.plan.apiVersion,
      waitMs: request.waitMs,
    });
  } catch (error) {
    const message = errorText(error);
    // an unknown outcome stays `deploying`: rollback compares the org with the snapshot
    const state: TargetState = error instanceof DeployOutcomeUnknownError ? 'deploying' : 'failed';
    await writer.update(target.orgId, { state, error: message });
    return { ...base, status: 'failed', error: message, remainingDrift: [] };
  }
  if (!outcome.success) {
    const { failures, error } = deployRefusal(outcome, false, deploy.destructive);
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
  const recorded = prepared.touched.length > prepared.corrections && target.nextBase ? { baseRecorded: { components: target.nextBase.components, hash: target.nextBase.hash } } : {};
  return { ...base, status: 'deployed', deployId: outcome.jobId, remainingDrift, ...recorded };
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

/** A resumed apply keeps the waves and failure budget it was started with, unless new ones are given. */
function withRollout(request: ApplyRequest): ApplyRequest {
  const rollout = request.resume?.rollout;
  if (!rollout || request.waves) return request;
  return { ...request, waves: rollout.waves, ...(rollout.maxFailures ? { maxFailures: rollout.maxFailures } : {}) };
}

export async function applyPlan(asked: ApplyRequest, orgs: ApplyOrgs = REAL_ORGS): Promise<ApplyResult> {
  const request = withRollout(asked);
  const { plan } = request;
  await ensureWritableStateDir(request.stateDir);
  const chosen = choosePlanTargets(plan, request.targets);
  const errored = chosen.filter((t) => t.status === 'error' || !t.orgId);
  const candidates = chosen.filter((t): t is Prepared['target'] => t.status === 'ok' && Boolean(t.orgId));
  const readSet = planReadSet(plan);
  const { connected, unreachable } = await connectEachTarget(orgs, candidates, (target, actual) => messages.createError('error.WrongOrg', [labelOf(target), target.orgId, actual]));
  // one org's expired login fails its own target only; --resume takes it up once the login is renewed
  const unreachableResults: ApplyTargetResult[] = unreachable.map(({ target, error }) => ({ ...identityOf(target), status: 'failed', error: messages.getMessage('error.TargetUnreachable', [error]), remainingDrift: [] }));
  const unchecked: Prepared[] = connected.map(({ target, handle }) => ({ target, readSet, handle, ...touchedOf(target, request.recordBase !== false), verdict: 'deploy' }));
  const applyId = request.resume?.applyId ?? newApplyId();
  const locks = await lockOrgs(request.stateDir, connected.map((c) => c.target), { operation: 'apply', id: applyId });
  try {
    const prepared = await mapWithConcurrency(unchecked, request.concurrency, (entry) => checkedForStaleness(request, orgs, entry));
    const stale = prepared.filter((p) => p.verdict === 'stale');
    if (stale.length > 0 && !request.skipStale) {
      throw new StalePlanError(stale.map((p) => ({ target: labelOf(p.target), orgId: p.target.orgId, components: p.staleComponents! })), request.planFile);
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
      ...(request.waves ? { rollout: { waves: request.waves, ...(request.maxFailures ? { maxFailures: request.maxFailures } : {}) } } : {}),
      ...(request.recordBase === false ? { recordBase: false } : {}),
      targets: prepared.map((p) => ({
        ...identityOf(p.target),
        state: p.verdict === 'deploy' ? 'pending' : p.verdict,
        ...(p.reason ? { error: p.reason } : {}),
        components: journalComponents(p),
        ...stepsJournalFields(plan),
        updatedAt: new Date().toISOString(),
      })),
    };
    if (!request.resume) {
      for (const { target, error } of unreachable) {
        journal.targets.push({ ...identityOf(target), state: 'failed', error, components: [], ...stepsJournalFields(plan), updatedAt: new Date().toISOString() });
      }
    }
    const writer = new JournalWriter(request.stateDir, journal);
    // a plan with nothing to apply (an empty shard) leaves no apply in the history
    if (journal.targets.length > 0) {
      await writer.flush();
      request.onJournal?.(journal);
    }

    const run = await runTargetsInWaves(request, orgs, { prepared, writer, deploy: (entry) => deployTarget(request, orgs, entry, writer) });
    if (journal.targets.length > 0) await writer.flush();

    const results: ApplyTargetResult[] = [
      ...run.results,
      ...prepared
        .filter((p) => p.verdict !== 'deploy' && !run.ran.has(p))
        .map((p) => ({
          ...identityOf(p.target),
          status: p.verdict as ApplyTargetStatus,
          ...(p.reason ? { reason: p.reason } : {}),
          ...(p.staleComponents ? { staleComponents: p.staleComponents } : {}),
          remainingDrift: [],
        })),
      ...unreachableResults,
      ...errored.map((t) => ({ ...identityOf(t), status: 'not-planned' as const, reason: `not planned: ${t.error?.message ?? 'the plan has no result for this target'}`, remainingDrift: [] })),
    ];
    return {
      applyId,
      planId: plan.planId,
      stateDir: request.stateDir,
      snapshotDir: join(applyDir(request.stateDir, applyId), 'snapshots'),
      dryRun: request.dryRun,
      ...(request.stop?.aborted ? { interrupted: true } : {}),
      ...(run.waves ? { waves: run.waves } : {}),
      ...(run.unfinished || (unreachable.length > 0 && !request.dryRun) ? { resumeCommand: `sf postdeploy apply --resume ${applyId}${stateDirOption(request.stateDir)}` } : {}),
      targets: results,
    };
  } finally {
    await locks.release();
  }
}
