/*
 * Running the release steps of one target in order, and undoing them. The drift step is apply's
 * own deploy (passed in); a `deploy` step is snapshotted, deployed as it is and rolled back like a
 * drift correction; an `apex` step runs anonymous Apex, keeps its debug log in the state folder and
 * is undone by its undo script, if it has one. A target stops at its first failed step; the journal
 * records every step, so --resume runs only what is left and rollback undoes only what ran.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../state/atomicFile.js';
import { PackageComponent, PlanStep } from '../plan/planTypes.js';
import { ApexOutcome, ComponentKey, DeployRequest, MetadataComponent, OrgHandle, TestLevel, executeAnonymousApex, keyOf } from '../org/index.js';
import { JournalTarget, JournalWriter, Snapshot, readSnapshot } from '../state/journal.js';
import { applyDir } from '../state/stateDir.js';
import { failpoint } from '../state/failpoint.js';
import { JournalStep } from '../state/stepJournal.js';
import { OrgOperations, readCurrentState } from './targetState.js';

export type StepContext = {
  orgs: OrgOperations;
  handle: OrgHandle;
  stateDir: string;
  applyId: string;
  apiVersion: string;
  waitMs?: number;
  dryRun: boolean;
  /** apply's --test-level and --tests: a deploy step without its own test level is sent with these */
  testLevel?: TestLevel;
  runTests?: string[];
  writer: JournalWriter;
  target: JournalTarget;
};

/** How one step ended in one target. */
export type StepResult = { name: string; kind: PlanStep['kind']; state: JournalStep['state']; error?: string; detail?: string; deployId?: string; logFile?: string; line?: number; column?: number };

/** The journal writer is the one that changes the journal: the step's new record goes through it. */
function record(context: StepContext, index: number, change: Partial<JournalStep>): Promise<void> {
  const steps = context.target.steps!.map((step, i) => (i === index ? { ...step, ...change, updatedAt: new Date().toISOString() } : step));
  return context.writer.update(context.target.orgId, { steps });
}

function decoded(component: PackageComponent): MetadataComponent {
  return {
    type: component.type,
    fullName: component.fullName,
    xml: component.xml,
    ...(component.files ? { files: Object.fromEntries(Object.entries(component.files).map(([path, b64]) => [path, Buffer.from(b64, 'base64')])) } : {}),
  };
}

function stepFile(context: StepContext, folder: string, index: number, suffix: string): string {
  return join(applyDir(context.stateDir, context.applyId), folder, `${context.target.orgId}.step-${index + 1}${suffix}`);
}

/** The snapshot of what a package overwrites: the same format as a drift correction's, so rollback inverts it alike. */
async function snapshotPackage(context: StepContext, index: number, keys: ComponentKey[]): Promise<string> {
  const current = await readCurrentState(context.handle, keys, keys, { apiVersion: context.apiVersion, waitMs: context.waitMs, retrieve: context.orgs.retrieveComponents });
  const snapshot: Snapshot = {
    applyId: context.applyId,
    orgId: context.target.orgId,
    username: context.target.username,
    takenAt: new Date().toISOString(),
    components: keys.map((key) => {
      const existing = current.components.get(keyOf(key));
      return {
        ...key,
        existed: existing !== undefined,
        ...(existing ? { xml: existing.xml } : {}),
        ...(existing?.files ? { files: Object.fromEntries(Object.entries(existing.files).map(([p, b]) => [p, b.toString('base64')])) } : {}),
        hash: current.hashes.get(keyOf(key)) ?? null,
      };
    }),
    inverse: keys.map((key) => `${current.components.has(keyOf(key)) ? 'restore' : 'delete'} ${key.type} ${key.fullName}`),
  };
  const path = stepFile(context, 'snapshots', index, '.json');
  await writeFileAtomic(path, `${JSON.stringify(snapshot, null, 2)}\n`);
  return path;
}

function testLevelOf(step: Extract<PlanStep, { kind: 'deploy' }>, context: StepContext): Pick<DeployRequest, 'testLevel' | 'runTests'> {
  if (step.testLevel) return { testLevel: step.testLevel, ...(step.runTests ? { runTests: step.runTests } : {}) };
  return context.testLevel ? { testLevel: context.testLevel, ...(context.runTests?.length ? { runTests: context.runTests } : {}) } : {};
}

async function runDeployStep(context: StepContext, index: number, step: Extract<PlanStep, { kind: 'deploy' }>): Promise<StepResult> {
  const base = { name: step.name, kind: step.kind };
  const keys = step.components.map((c) => ({ type: c.type, fullName: c.fullName }));
  const snapshotFile = context.dryRun ? undefined : await snapshotPackage(context, index, keys);
  await record(context, index, { state: 'running', ...(snapshotFile ? { snapshotFile } : {}) });
  const request: DeployRequest = {
    components: step.components.map(decoded),
    checkOnly: context.dryRun,
    // no test level unless the step or the apply asks for one: the org decides (a production org runs
    // local tests only when the package holds Apex, and refuses NoTestRun)
    ...testLevelOf(step, context),
  };
  try {
    const outcome = await context.orgs.deployComponents(context.handle, request, { apiVersion: context.apiVersion, waitMs: context.waitMs });
    if (!outcome.success) {
      const listed = outcome.failures.map((f) => `${f.type} ${f.fullName}: ${f.problem}`).join('; ');
      const error = listed.length > 0 ? listed : outcome.errorMessage ?? outcome.status;
      await record(context, index, { state: 'failed', deployId: outcome.jobId, error });
      return { ...base, state: 'failed', deployId: outcome.jobId, error };
    }
    await record(context, index, { state: 'done', deployId: outcome.jobId });
    return { ...base, state: 'done', deployId: outcome.jobId };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await record(context, index, { state: 'failed', error: message });
    return { ...base, state: 'failed', error: message };
  }
}

/** Where and why a block failed, in the org's words. */
export function apexFailure(outcome: ApexOutcome): string | undefined {
  if (!outcome.compiled) return `line ${outcome.line}, column ${outcome.column}: ${outcome.compileProblem ?? 'does not compile'}`;
  if (!outcome.success) return `line ${outcome.line}, column ${outcome.column}: ${outcome.exceptionMessage ?? 'uncaught exception'}`;
  return undefined;
}

async function runApex(context: StepContext, body: string, logFile: string): Promise<{ outcome?: ApexOutcome; error?: string }> {
  const execute = context.orgs.executeAnonymous ?? executeAnonymousApex;
  try {
    const outcome = await execute(context.handle, body, { apiVersion: context.apiVersion });
    await writeFileAtomic(logFile, outcome.debugLog);
    return { outcome, error: apexFailure(outcome) };
  } catch (error) {
    // the block may have run: the org's answer did not come back
    return { error: `no answer from the org, the block may or may not have run: ${error instanceof Error ? error.message : String(error)}` };
  }
}

async function runApexStep(context: StepContext, index: number, step: Extract<PlanStep, { kind: 'apex' }>): Promise<StepResult> {
  const base = { name: step.name, kind: step.kind };
  if (context.dryRun) {
    await record(context, index, { state: 'skipped', error: 'not run: anonymous Apex has no check-only mode' });
    return { ...base, state: 'skipped', error: 'not run in a dry run: anonymous Apex has no check-only mode' };
  }
  const logFile = stepFile(context, 'logs', index, '.log');
  await record(context, index, { state: 'running', logFile });
  // crash tests: killed with the step journaled as running, as if the answer never came back
  failpoint('before-apex');
  const { outcome, error } = await runApex(context, step.script.body, logFile);
  const where = outcome && error ? { line: outcome.line, column: outcome.column } : {};
  await record(context, index, { state: error ? 'failed' : 'done', ...(error ? { error } : {}), ...where });
  return { ...base, state: error ? 'failed' : 'done', logFile, ...(error ? { error } : {}), ...where };
}

/** Runs one step that is not the drift correction; `skipped`: the plan's reason not to run it in this target. */
export async function runStep(context: StepContext, index: number, step: Exclude<PlanStep, { kind: 'drift' }>, skipped?: string): Promise<StepResult> {
  if (skipped) {
    await record(context, index, { state: 'skipped', error: skipped });
    return { name: step.name, kind: step.kind, state: 'skipped', detail: skipped };
  }
  return step.kind === 'deploy' ? runDeployStep(context, index, step) : runApexStep(context, index, step);
}

/** What undoing one step did. */
export type StepUndo = { name: string; state: 'rolled-back' | 'failed' | 'irreversible' | 'skipped'; detail?: string; deployId?: string };

export type UndoContext = StepContext & {
  /** the drift correction's inverse deploy, reused for a package's snapshot */
  deployInverse: (snapshot: Snapshot, current: Map<string, MetadataComponent>) => Promise<{ success: boolean; jobId: string; error?: string }>;
};

async function undoDeployStep(context: UndoContext, index: number, recorded: JournalStep): Promise<StepUndo> {
  if (!recorded.snapshotFile) return { name: recorded.name, state: 'skipped', detail: 'no snapshot was taken: nothing was deployed' };
  const snapshot = await readSnapshot(recorded.snapshotFile);
  const keys = snapshot.components.map((c) => ({ type: c.type, fullName: c.fullName }));
  const current = await readCurrentState(context.handle, keys, keys, { apiVersion: context.apiVersion, waitMs: context.waitMs, retrieve: context.orgs.retrieveComponents });
  if (snapshot.components.every((c) => (current.hashes.get(keyOf(c)) ?? null) === c.hash)) {
    await record(context, index, { state: 'rolled-back' });
    return { name: recorded.name, state: 'rolled-back', detail: 'the org already held its pre-apply content' };
  }
  const outcome = await context.deployInverse(snapshot, current.components);
  if (!outcome.success) return { name: recorded.name, state: 'failed', deployId: outcome.jobId, detail: outcome.error };
  await record(context, index, { state: 'rolled-back' });
  return { name: recorded.name, state: 'rolled-back', deployId: outcome.jobId };
}

async function undoApexStep(context: UndoContext, index: number, recorded: JournalStep): Promise<StepUndo> {
  const undo = recorded.undo;
  if (!undo) return { name: recorded.name, state: 'irreversible', detail: `Apex step "${recorded.name}" has no undo script: what it did stays` };
  const { error } = await runApex(context, undo.body, stepFile(context, 'logs', index, '.undo.log'));
  if (error) return { name: recorded.name, state: 'failed', detail: `undo script ${undo.file}: ${error}` };
  await record(context, index, { state: 'rolled-back' });
  return { name: recorded.name, state: 'rolled-back', detail: `ran ${undo.file}` };
}

/** Whether a step changed the org (or may have): rollback undoes it. */
export function stepRan(step: JournalStep): boolean {
  // an uncaught exception rolls back the block's DML, so a failed apex step did nothing; a failed
  // deploy with a snapshot is compared with it (its outcome may be unknown)
  return step.kind !== 'drift' && (step.state === 'done' || step.state === 'running' || (step.state === 'failed' && step.kind === 'deploy' && step.snapshotFile !== undefined));
}

/**
 * Undoes the steps other than the drift correction that ran in this target, newest first; stops at
 * the first that fails (what ran before it stays as it is).
 */
export async function undoSteps(context: UndoContext): Promise<StepUndo[]> {
  const recorded = context.target.steps ?? [];
  const undone: StepUndo[] = [];
  for (let index = recorded.length - 1; index >= 0; index--) {
    const step = recorded[index];
    if (!stepRan(step)) continue;
    // eslint-disable-next-line no-await-in-loop
    const result = step.kind === 'deploy' ? await undoDeployStep(context, index, step) : await undoApexStep(context, index, step);
    undone.push(result);
    if (result.state === 'failed') break;
  }
  return undone;
}
