/*
 * rollback: per target, the inverse of an apply. The inverse is computed when it runs, as an
 * overwrite patch from the current content back to the snapshot: snapshot content for replace
 * types, explicit revocations for overlay types (omitting an entry never revokes it), deactivation
 * for picklist values (the irreversible remainder), and destructive changes for what apply created.
 */
import { Messages } from '@salesforce/core';
import { buildPatch, deactivatedContent } from '../diff/index.js';
import { findTypeRule } from '../metadata/index.js';
import { ComponentKey, DeployOutcome, DeployRequest, MetadataComponent, OrgHandle, filesFromBase64, keyOf, mapWithConcurrency } from '../org/index.js';
import { chooseTargets, labelOf } from '../plan/planTargets.js';
import { Journal, JournalTarget, JournalWriter, Snapshot, latestApplyId, readJournal, readSnapshot } from '../state/journal.js';
import { ensureWritableStateDir } from '../state/stateDir.js';
import { TargetIdentity, connectTargets, deployRefusal, errorText, identityOf, lockOrgs } from './orgTargets.js';
import { StepUndo, stepRan, undoSteps } from './steps.js';
import { CurrentState, OrgOperations, REAL_ORG_OPERATIONS, readCurrentState } from './targetState.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.rollback');

export type RollbackOrgs = OrgOperations;
const REAL_ORGS = REAL_ORG_OPERATIONS;

export type RollbackRequest = {
  stateDir: string;
  /** the apply to roll back; none: the newest apply that changed something */
  applyId?: string;
  targets?: string[];
  dryRun: boolean;
  force: boolean;
  concurrency: number;
  waitMs?: number;
};

export type RollbackTargetStatus = 'rolled-back' | 'validated' | 'refused' | 'failed' | 'skipped';

export type RollbackTargetResult = TargetIdentity & {
  status: RollbackTargetStatus;
  reason?: string;
  deployId?: string;
  error?: string;
  changedComponents?: string[];
  notRestored: Array<{ type: string; fullName: string; detail: string }>;
  irreversible: string[];
  /** release steps undone, newest first */
  steps?: StepUndo[];
};

export type RollbackResult = { applyId: string; dryRun: boolean; targets: RollbackTargetResult[] };

/** `kept`: components the apply created that the org does not let rollback delete, with what happens instead. */
type Inverse = { request: DeployRequest; irreversible: string[]; kept: Map<string, string> };

function skipReason(journal: Journal, target: JournalTarget): string | undefined {
  if (journal.dryRun) return 'the apply was a dry run (check-only): nothing was deployed';
  // release steps that ran are undone whatever the drift correction did
  if (target.steps?.some(stepRan)) return undefined;
  if (target.state === 'deployed' || target.state === 'deploying' || target.state === 'rolling-back') return undefined;
  if (target.state === 'rolled-back' || target.steps?.some((s) => s.state === 'rolled-back')) return 'already rolled back';
  return `nothing was deployed to it (apply state: ${target.state})`;
}

/** The deploy that brings the current content back to the snapshot. */
export function inverseOf(snapshot: Snapshot, current: Map<string, MetadataComponent>): Inverse {
  const components: DeployRequest['components'] = [];
  const destructive: ComponentKey[] = [];
  const irreversible: string[] = [];
  const kept = new Map<string, string>();
  for (const saved of snapshot.components) {
    const now = current.get(keyOf(saved));
    if (!saved.existed) {
      const deletion = findTypeRule(saved.type)?.deletion;
      if (now && deletion?.deactivate) {
        // the API refuses the deletion: deactivating is the most a deploy can undo
        components.push({ type: saved.type, fullName: saved.fullName, xml: deactivatedContent(deletion.deactivate, now.xml, `${saved.type} ${saved.fullName}`) });
        kept.set(keyOf(saved), `created by the apply; deactivated, not deleted: ${deletion.reason}`);
      } else if (now) destructive.push({ type: saved.type, fullName: saved.fullName });
      continue;
    }
    const patch = buildPatch({ type: saved.type, fullName: saved.fullName, referenceXml: saved.xml, targetXml: now?.xml, mode: 'overwrite' });
    irreversible.push(...patch.irreversible);
    if (patch.content !== undefined && patch.action !== 'noop') {
      components.push({ type: saved.type, fullName: saved.fullName, xml: patch.content, ...(saved.files ? { files: filesFromBase64(saved.files) } : {}) });
    }
  }
  return { request: { components, destructive }, irreversible, kept };
}

/**
 * Deletions the org refused (an active Lightning page, an object's last layout): when they are the
 * only failures, the rest of the inverse can still be deployed without them.
 */
function refusedDeletions(outcome: DeployOutcome, request: DeployRequest): Array<ComponentKey & { problem: string }> | undefined {
  if (outcome.failures.length === 0) return undefined;
  const deleted = new Set((request.destructive ?? []).map(keyOf));
  const refused = outcome.failures.filter((f) => deleted.has(keyOf(f)) && findTypeRule(f.type)?.deletion !== undefined);
  return refused.length === outcome.failures.length ? refused : undefined;
}

/** What still differs from the snapshot after the rollback (deactivated picklist values do not count). */
function notRestored(snapshot: Snapshot, after: CurrentState, kept: Map<string, string>): RollbackTargetResult['notRestored'] {
  const left: RollbackTargetResult['notRestored'] = [];
  for (const saved of snapshot.components) {
    const now = after.components.get(keyOf(saved));
    if (!saved.existed) {
      if (now) left.push({ type: saved.type, fullName: saved.fullName, detail: kept.get(keyOf(saved)) ?? 'created by the apply and still present' });
      continue;
    }
    if (!now) {
      left.push({ type: saved.type, fullName: saved.fullName, detail: 'absent after the rollback' });
      continue;
    }
    const patch = buildPatch({ type: saved.type, fullName: saved.fullName, referenceXml: saved.xml, targetXml: now.xml, mode: 'overwrite' });
    if (patch.action !== 'noop') left.push({ type: saved.type, fullName: saved.fullName, detail: patch.changes.map((c) => c.path || 'whole component').join(', ') });
  }
  return left;
}

/** Deploys the inverse; deletions the org refuses are left out of a second deploy and kept with the org's reason. */
async function deployInverse(orgs: RollbackOrgs, handle: OrgHandle, inverse: Inverse, dryRun: boolean, options: { apiVersion: string; waitMs?: number }): Promise<DeployOutcome> {
  const outcome = await orgs.deployComponents(handle, { ...inverse.request, checkOnly: dryRun }, options);
  const refused = outcome.success ? undefined : refusedDeletions(outcome, inverse.request);
  if (!refused) return outcome;
  // the org keeps them whatever we send: restore everything else, and say what stays and why
  const left = new Set(refused.map(keyOf));
  for (const failure of refused) {
    const deletion = findTypeRule(failure.type)?.deletion;
    inverse.kept.set(keyOf(failure), `created by the apply; the org refused to delete it: ${failure.problem}${deletion ? ` (${deletion.reason})` : ''}`);
  }
  const rest: DeployRequest = { ...inverse.request, destructive: (inverse.request.destructive ?? []).filter((d) => !left.has(keyOf(d))) };
  if (rest.components.length === 0 && rest.destructive!.length === 0) return { ...outcome, status: 'Succeeded', success: true, failures: [] };
  return orgs.deployComponents(handle, { ...rest, checkOnly: dryRun }, options);
}

/**
 * The release steps that ran (packages, Apex), newest first, then the drift correction. A dry run
 * undoes no step (there is no check-only Apex); it names them.
 */
async function rollbackTarget(request: RollbackRequest, orgs: RollbackOrgs, journal: Journal, target: JournalTarget, handle: OrgHandle, writer: JournalWriter): Promise<RollbackTargetResult> {
  const ran = (target.steps ?? []).filter(stepRan);
  if (ran.length === 0) return rollbackDrift(request, orgs, journal, target, handle, writer);
  if (request.dryRun) {
    const drift: RollbackTargetResult = ['deployed', 'deploying', 'rolling-back'].includes(target.state)
      ? await rollbackDrift(request, orgs, journal, target, handle, writer)
      : { ...identityOf(target), status: 'validated', notRestored: [], irreversible: [] };
    return { ...drift, reason: `${drift.reason ? `${drift.reason}; ` : ''}the steps ${ran.map((s) => `"${s.name}"`).join(', ')} are undone by a rollback without --dry-run` };
  }
  const options = { apiVersion: journal.apiVersion, waitMs: request.waitMs };
  const steps = await undoSteps({
    orgs,
    handle,
    stateDir: request.stateDir,
    applyId: journal.applyId,
    apiVersion: journal.apiVersion,
    waitMs: request.waitMs,
    dryRun: false,
    writer,
    target,
    deployInverse: async (snapshot, current) => {
      const outcome = await deployInverse(orgs, handle, inverseOf(snapshot, current), false, options);
      return { success: outcome.success, jobId: outcome.jobId, error: outcome.failures.map((f) => `${f.type} ${f.fullName}: ${f.problem}`).join('; ') || outcome.errorMessage };
    },
  });
  const irreversible = steps.filter((s) => s.state === 'irreversible').map((s) => s.detail ?? s.name);
  const failed = steps.find((s) => s.state === 'failed');
  if (failed) return { ...identityOf(target), status: 'failed', error: `step "${failed.name}" was not undone: ${failed.detail ?? ''}`, notRestored: [], irreversible, steps };
  const driftLanded = ['deployed', 'deploying', 'rolling-back'].includes(target.state);
  const drift = driftLanded ? await rollbackDrift(request, orgs, journal, target, handle, writer) : { ...identityOf(target), status: 'skipped' as const, notRestored: [], irreversible: [] };
  const status = drift.status === 'skipped' ? 'rolled-back' : drift.status;
  return { ...drift, status, ...(drift.status === 'skipped' ? { reason: 'release steps undone; no drift correction to undo' } : {}), irreversible: [...irreversible, ...drift.irreversible], steps };
}

/** The journal's steps with the drift step rolled back too, so that no `done` step is left beside undone ones. */
function driftStepUndone(target: JournalTarget): Partial<JournalTarget> {
  if (!target.steps?.some((s) => s.kind === 'drift')) return {};
  const now = new Date().toISOString();
  return { steps: target.steps.map((s) => (s.kind === 'drift' && s.state === 'done' ? { ...s, state: 'rolled-back', updatedAt: now } : s)) };
}

async function rollbackDrift(request: RollbackRequest, orgs: RollbackOrgs, journal: Journal, target: JournalTarget, handle: OrgHandle, writer: JournalWriter): Promise<RollbackTargetResult> {
  const result = identityOf(target);
  if (!target.snapshotFile || target.state === 'rolled-back') {
    return { ...result, status: 'skipped', reason: target.snapshotFile ? 'already rolled back' : 'no snapshot was taken: nothing was deployed', notRestored: [], irreversible: [] };
  }
  const snapshot = await readSnapshot(target.snapshotFile);
  const touched = snapshot.components.map((c) => ({ type: c.type, fullName: c.fullName }));
  const options = { apiVersion: journal.apiVersion, waitMs: request.waitMs, retrieve: orgs.retrieveComponents };
  const current = await readCurrentState(handle, touched, journal.scope, options);
  const hashNow = (key: ComponentKey): string | null => current.hashes.get(keyOf(key)) ?? null;

  if (snapshot.components.every((c) => hashNow(c) === c.hash)) {
    // the deploy never landed (interrupted before the org applied it): the org already holds the snapshot
    if (!request.dryRun) await writer.update(target.orgId, { state: 'rolled-back', error: 'the org already held its snapshot content', ...driftStepUndone(target) });
    return { ...result, status: request.dryRun ? 'validated' : 'rolled-back', reason: 'the org already holds its pre-apply content', notRestored: [], irreversible: [] };
  }
  if (target.state === 'deployed' && !request.force) {
    // a component back at its pre-apply content (a view the apply created, deleted since) is no change to protect
    const saved = new Map(snapshot.components.map((c) => [keyOf(c), c.hash]));
    const changed = target.components.filter((c) => c.postHash !== undefined && hashNow(c) !== c.postHash && hashNow(c) !== saved.get(keyOf(c))).map(keyOf);
    if (changed.length > 0) {
      return { ...result, status: 'refused', error: messages.getMessage('error.ChangedSinceApply', [changed.join(', ')]), changedComponents: changed, notRestored: [], irreversible: [] };
    }
  }
  const inverse = inverseOf(snapshot, current.components);
  if (!request.dryRun) await writer.update(target.orgId, { state: 'rolling-back' });
  const outcome = await deployInverse(orgs, handle, inverse, request.dryRun, { apiVersion: journal.apiVersion, waitMs: request.waitMs });
  if (!outcome.success) {
    const { error } = deployRefusal(outcome, true, inverse.request.destructive);
    if (!request.dryRun) await writer.update(target.orgId, { state: target.state === 'rolling-back' ? 'deployed' : target.state, error });
    return { ...result, status: 'failed', deployId: outcome.jobId, error, notRestored: [], irreversible: inverse.irreversible };
  }
  const keptLines = [...inverse.kept.entries()].map(([key, detail]) => `${key}: ${detail}`);
  if (request.dryRun) return { ...result, status: 'validated', deployId: outcome.jobId, notRestored: [], irreversible: [...inverse.irreversible, ...keptLines] };
  const after = await readCurrentState(handle, touched, journal.scope, options);
  await writer.update(target.orgId, { state: 'rolled-back', rollbackDeployId: outcome.jobId, ...driftStepUndone(target) });
  return { ...result, status: 'rolled-back', deployId: outcome.jobId, notRestored: notRestored(snapshot, after, inverse.kept), irreversible: [...inverse.irreversible, ...keptLines] };
}

export async function rollbackApply(request: RollbackRequest, orgs: RollbackOrgs = REAL_ORGS): Promise<RollbackResult> {
  const applyId = request.applyId ?? (await latestApplyId(request.stateDir));
  const journal = await readJournal(request.stateDir, applyId);
  await ensureWritableStateDir(request.stateDir);
  const chosen = chooseTargets(journal.targets, request.targets, (name, known) => messages.createError('error.UnknownApplyTarget', [name, applyId, known]));
  const skipped: RollbackTargetResult[] = [];
  const toRollBack: JournalTarget[] = [];
  for (const target of chosen) {
    const reason = skipReason(journal, target);
    if (reason) skipped.push({ ...identityOf(target), status: 'skipped', reason, notRestored: [], irreversible: [] });
    else toRollBack.push(target);
  }
  const work = await connectTargets(orgs, toRollBack, (target, actual) => messages.createError('error.WrongOrg', [labelOf(target), target.orgId, actual]));
  const locks = await lockOrgs(request.stateDir, toRollBack, { operation: 'rollback', id: applyId });
  try {
    const writer = new JournalWriter(request.stateDir, journal);
    const done = await mapWithConcurrency(work, request.concurrency, async ({ target, handle }) => {
      try {
        return await rollbackTarget(request, orgs, journal, target, handle, writer);
      } catch (error) {
        return { ...identityOf(target), status: 'failed' as const, error: errorText(error), notRestored: [], irreversible: [] };
      }
    });
    await writer.flush();
    return { applyId, dryRun: request.dryRun, targets: [...done, ...skipped] };
  } finally {
    await locks.release();
  }
}

export type RollbackRunResult = {
  /** the applies rolled back, newest first */
  applies: RollbackResult[];
  /** applies not attempted because the rollback of a newer one did not finish on every target */
  notAttempted: string[];
};

/**
 * Several applies, newest first: each one's snapshot is the state its successor started from, so
 * an older apply is only rolled back once every newer one was; a failure stops the sequence.
 */
export async function rollbackApplies(request: Omit<RollbackRequest, 'applyId'> & { applyIds?: string[] }, orgs: RollbackOrgs = REAL_ORGS): Promise<RollbackRunResult> {
  if (!request.applyIds?.length) return { applies: [await rollbackApply(request, orgs)], notAttempted: [] };
  // reading every journal first refuses a mistyped id before anything is deployed
  const journals: Journal[] = [];
  for (const applyId of new Set(request.applyIds)) {
    // eslint-disable-next-line no-await-in-loop
    journals.push(await readJournal(request.stateDir, applyId));
  }
  const ordered = journals.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.applyId.localeCompare(a.applyId)).map((j) => j.applyId);
  const applies: RollbackResult[] = [];
  for (const [position, applyId] of ordered.entries()) {
    // eslint-disable-next-line no-await-in-loop
    const result = await rollbackApply({ ...request, applyId }, orgs);
    applies.push(result);
    if (result.targets.some((t) => t.status === 'failed' || t.status === 'refused')) return { applies, notAttempted: ordered.slice(position + 1) };
  }
  return { applies, notAttempted: [] };
}
