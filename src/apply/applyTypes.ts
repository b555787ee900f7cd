/*
 * The values of an apply: what it is asked (the request), what each target comes to (the results),
 * and a target made ready to deploy. The release part (release.ts) and the applier both use them.
 */
import type { ComponentKey, OrgHandle, TestLevel } from '../org/index.js';
import type { PlanChange, PlanFile, PlannedComponent, PlannedTarget } from '../plan/planTypes.js';
import type { Journal } from '../state/journal.js';
import type { ComponentRefusal, TargetIdentity } from './orgTargets.js';
import type { StepResult } from './steps.js';
import type { CurrentState } from './targetState.js';
import type { FailureBudget, WaveSize } from './waves.js';

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
  /** deploy the base the plan computed for each target with its correction (absent: true; --no-record-base: false) */
  recordBase?: boolean;
  stateDir: string;
  onTargetDone?: (done: number, total: number) => void;
  /** the journal as soon as it is first written; it is updated in place as targets progress */
  onJournal?: (journal: Journal) => void;
  /** once aborted (Ctrl-C), no new target or step is started; the requests under way run to their end */
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

/**
 * `not-planned`: the plan holds an error for the target; `not-started`: the apply was interrupted first;
 * `stopped`: Ctrl-C stopped it between two release steps (--resume runs the rest).
 */
export type ApplyTargetStatus = 'deployed' | 'failed' | 'stale' | 'skipped' | 'validated' | 'not-planned' | 'not-started' | 'stopped';

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

export type ApplyTargetResult = TargetIdentity & {
  status: ApplyTargetStatus;
  reason?: string;
  deployId?: string;
  error?: string;
  /** the org's own message per component, and what to do where the refusal is known */
  failures?: ComponentRefusal[];
  staleComponents?: string[];
  remainingDrift: RemainingDrift[];
  /** the base recorded in the target with the correction: how many components it holds */
  baseRecorded?: { components: number; hash: string };
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
  /** what apply deploys: the components that change, and the static resources of the base it records */
  touched: PlannedComponent[];
  /** how many of `touched`, from the start, are the plan's components (the rest is the base) */
  corrections: number;
  current?: CurrentState;
  verdict: 'deploy' | 'stale' | 'skipped';
  reason?: string;
  staleComponents?: string[];
};
