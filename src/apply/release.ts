/*
 * The release part of apply: every target goes through the plan's steps in order (the drift
 * correction is one of them), targets start wave after wave within the failure budget, and an
 * apply left unfinished goes on from its journal (`--resume`).
 */
import { planSteps } from '../plan/steps.js';
import type { PlanFile } from '../plan/planTypes.js';
import type { Journal, JournalComponent, JournalWriter } from '../state/journal.js';
import { failpoint } from '../state/failpoint.js';
import { pendingSteps, stepsFinished } from '../state/stepJournal.js';
import type { ApplyRequest, ApplyTargetResult, Prepared } from './applyTypes.js';
import { identityOf } from './orgTargets.js';
import { StepResult, runStep } from './steps.js';
import type { OrgOperations } from './targetState.js';
import { allowedFailures, runInWaves, splitIntoWaves } from './waves.js';

export type ReleaseRun = {
  results: ApplyTargetResult[];
  /** the prepared targets that were run or left not started (the rest are reported by their verdict) */
  ran: Set<Prepared>;
  waves?: { count: number; stoppedAfterWave?: number; allowedFailures: number };
  /** some target has steps left: `apply --resume` can finish them */
  unfinished: boolean;
  resumeCommand?: string;
};

/** The journal fields of a new target: its steps, all pending (plans with steps). */
export function stepsJournalFields(plan: Pick<PlanFile, 'steps'>): { steps?: ReturnType<typeof pendingSteps> } {
  return plan.steps ? { steps: pendingSteps(plan.steps) } : {};
}

/**
 * The journal of the apply being resumed, ready to go on: targets to deploy again are pending with
 * the components read now; what already landed (and its snapshots) is kept for rollback.
 */
export function resumeJournal(journal: Journal, prepared: Prepared[], components: (p: Prepared) => JournalComponent[]): Journal {
  const again = new Map(prepared.filter((entry) => entry.verdict === 'deploy').map((entry) => [entry.target.orgId, entry]));
  return {
    ...journal,
    targets: journal.targets.map((target) => {
      const entry = again.get(target.orgId);
      if (!entry) return target;
      const { error, ...rest } = target;
      return { ...rest, state: 'pending', components: components(entry) };
    }),
  };
}

function failedResult(result: ApplyTargetResult): boolean {
  return result.status === 'failed' || result.remainingDrift.length > 0;
}

const UNKNOWN_APEX_OUTCOME =
  'the apply stopped while this Apex step was sent: the org may or may not have run it. Check the org (and the debug log, if any); run `apply --resume` again to run the step again, or `rollback` to undo the apply';

type ReleaseContext = { prepared: Prepared[]; writer: JournalWriter; deploy: (entry: Prepared) => Promise<ApplyTargetResult> };

/** The drift step of one target: apply's own deploy, or nothing when the target does not drift. */
async function runDriftStep(
  entry: Prepared,
  step: { index: number; name: string },
  context: ReleaseContext,
  target: Journal['targets'][number]
): Promise<{ result: StepResult; drift?: ApplyTargetResult }> {
  const base = { name: step.name, kind: 'drift' as const };
  let result: StepResult;
  let drift: ApplyTargetResult | undefined;
  if (entry.verdict === 'deploy') {
    drift = await context.deploy(entry);
    const ok = !failedResult(drift);
    const error = drift.error ?? (drift.remainingDrift.length > 0 ? `${drift.remainingDrift.length} component(s) still differ from the plan after the deploy` : undefined);
    result = { ...base, state: ok ? 'done' : 'failed', ...(drift.deployId ? { deployId: drift.deployId } : {}), ...(ok || !error ? {} : { error }) };
  } else {
    result = { ...base, state: 'skipped', detail: entry.reason ?? 'nothing to correct' };
  }
  if (target.steps) {
    const outcome = { state: result.state, ...(result.deployId ? { deployId: result.deployId } : {}), ...(result.error ? { error: result.error } : {}), updatedAt: new Date().toISOString() };
    await context.writer.update(target.orgId, { steps: target.steps.map((recorded, i) => (i === step.index ? { ...recorded, ...outcome } : recorded)) });
  }
  return { result, drift };
}

/** A target's result from its steps: failed at its first failed step, deployed when a step changed the org. */
function targetOutcome(entry: Prepared, drift: ApplyTargetResult | undefined, results: StepResult[], failure: string | undefined, dryRun: boolean): ApplyTargetResult {
  const base: ApplyTargetResult = drift ?? { ...identityOf(entry.target), status: 'skipped', remainingDrift: [] };
  if (failure) return { ...base, status: 'failed', error: failure, steps: results };
  const changed = results.some((r) => r.state === 'done');
  const status = dryRun ? 'validated' : changed || base.status === 'deployed' ? 'deployed' : 'skipped';
  return { ...base, status, ...(status === 'skipped' ? { reason: entry.reason ?? 'nothing to do' } : {}), steps: results };
}

/** A target Ctrl-C stopped between two steps: what ran stays (and is journaled), the rest is for --resume. */
function stoppedOutcome(entry: Prepared, drift: ApplyTargetResult | undefined, results: StepResult[], left: string[]): ApplyTargetResult {
  const base: ApplyTargetResult = drift ?? { ...identityOf(entry.target), status: 'skipped', remainingDrift: [] };
  const last = results.at(-1)?.name ?? '';
  return { ...base, status: 'stopped', reason: `stopped by Ctrl-C after step "${last}"; not started: ${left.map((n) => `"${n}"`).join(', ')}`, steps: results };
}

export async function runTargetsInWaves(
  request: ApplyRequest,
  orgs: OrgOperations,
  context: ReleaseContext
): Promise<ReleaseRun> {
  const { plan } = request;
  const { writer } = context;
  const steps = planSteps(plan);
  const withSteps = plan.steps !== undefined;
  const journalTarget = (entry: Prepared): Journal['targets'][number] => writer.journal.targets.find((t) => t.orgId === entry.target.orgId)!;
  const runnable = context.prepared.filter((entry) => {
    if (entry.verdict === 'stale') return false;
    return withSteps ? !stepsFinished(journalTarget(entry).steps) : entry.verdict === 'deploy';
  });
  // resumed: targets whose every step finished before are named as such, not by this run's staleness check
  const finished = withSteps && request.resume ? context.prepared.filter((entry) => entry.verdict !== 'stale' && !runnable.includes(entry)) : [];
  const waves = splitIntoWaves(runnable, request.waves ?? [{ rest: true }]);
  const allowed = request.waves ? allowedFailures(request.maxFailures ?? { count: 0 }, runnable.length) : Number.POSITIVE_INFINITY;
  if (request.waves && runnable.length > 0) {
    writer.journal.waves = waves.map((wave) => wave.map((entry) => entry.target.alias ?? entry.target.username));
    writer.journal.rollout ??= { waves: request.waves, ...(request.maxFailures ? { maxFailures: request.maxFailures } : {}) };
  }

  let done = 0;
  const runTarget = async (entry: Prepared): Promise<ApplyTargetResult> => {
    const name = entry.target.alias ?? entry.target.username;
    if (request.stop?.aborted) return { ...identityOf(entry.target), status: 'not-started', reason: 'the apply was interrupted (Ctrl-C) before this target was started', remainingDrift: [] };
    const target = journalTarget(entry);
    const stepContext = { orgs, handle: entry.handle, stateDir: request.stateDir, applyId: writer.journal.applyId, apiVersion: plan.apiVersion, waitMs: request.waitMs, dryRun: request.dryRun, testLevel: request.testLevel, runTests: request.runTests, writer, target };
    let drift: ApplyTargetResult | undefined;
    const results: StepResult[] = [];
    let failure: string | undefined;
    let stoppedBefore: string[] | undefined;
    let ranHere = false;
    for (const [index, step] of steps.entries()) {
      const recorded = target.steps?.[index];
      if (recorded && (recorded.state === 'done' || recorded.state === 'skipped')) {
        results.push({ name: step.name, kind: step.kind, state: recorded.state, detail: 'done in an earlier run of this apply' });
        continue;
      }
      // after the first Ctrl-C the request under way ends and nothing new starts, not even this target's next step
      if (ranHere && request.stop?.aborted) {
        stoppedBefore = steps.slice(index).map((s) => s.name);
        break;
      }
      ranHere = true;
      let result: StepResult;
      if (recorded?.state === 'running' && step.kind === 'apex') {
        // the apply stopped while the block was sent: the org may have run it. It is not sent again
        // unasked: the step fails, and the next --resume runs it again (failed steps are retried)
        result = { name: step.name, kind: step.kind, state: 'failed', error: UNKNOWN_APEX_OUTCOME };
        // eslint-disable-next-line no-await-in-loop
        await context.writer.update(target.orgId, { steps: target.steps!.map((s, i) => (i === index ? { ...s, state: 'failed', error: UNKNOWN_APEX_OUTCOME, updatedAt: new Date().toISOString() } : s)) });
      } else if (step.kind === 'drift') {
        // eslint-disable-next-line no-await-in-loop
        ({ result, drift } = await runDriftStep(entry, { index, name: step.name }, context, target));
      } else {
        // eslint-disable-next-line no-await-in-loop
        result = await runStep(stepContext, index, step, entry.target.steps?.[index]?.skipped);
        // crash tests: killed between two steps, the journal already holds this one's outcome
        failpoint('after-step');
      }
      results.push(result);
      if (withSteps) request.onStep?.(name, result);
      if (result.state === 'failed') {
        failure = `step "${step.name}" failed: ${result.error ?? 'see the journal'}`;
        break;
      }
    }
    done += 1;
    request.onTargetDone?.(done, runnable.length);
    if (stoppedBefore) return stoppedOutcome(entry, drift, results, stoppedBefore);
    return withSteps ? targetOutcome(entry, drift, results, failure, request.dryRun) : drift!;
  };

  const run = await runInWaves(
    waves,
    {
      concurrency: request.concurrency,
      allowed,
      failed: failedResult,
      stop: request.stop,
      onWave: (index, wave) => request.waves && request.onWave?.(index + 1, waves.length, wave.map((e) => e.target.alias ?? e.target.username)),
    },
    runTarget
  );
  const budget = run.stoppedAfterWave
    ? `not started: ${run.results.filter(failedResult).length} target(s) failed in waves 1-${run.stoppedAfterWave}, more than --max-failures allows (${allowed})`
    : 'the apply was interrupted (Ctrl-C) before this target was started';
  const notStarted = run.notStarted.map((entry) => ({ ...identityOf(entry.target), status: 'not-started' as const, reason: budget, remainingDrift: [] }));
  const unfinished = !request.dryRun && (notStarted.length > 0 || run.results.some((r) => r.status === 'failed' || r.status === 'not-started' || r.status === 'stopped'));
  const finishedResults = finished.map((entry) => ({ ...identityOf(entry.target), status: 'skipped' as const, reason: 'every step finished in an earlier run of this apply', remainingDrift: [] }));
  return {
    results: [...run.results, ...notStarted, ...finishedResults],
    ran: new Set([...runnable, ...finished]),
    ...(request.waves ? { waves: { count: waves.length, allowedFailures: allowed, ...(run.stoppedAfterWave ? { stoppedAfterWave: run.stoppedAfterWave } : {}) } } : {}),
    unfinished,
  };
}
