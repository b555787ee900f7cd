/*
 * What the journal records of each release step in each target: its state, its snapshot (deploy),
 * its debug log (apex), the org's job id and error. Read by --resume (which steps are left) and by
 * rollback (which steps to undo, newest first).
 */
import type { PlanScript, PlanStep, StepKind } from '../plan/planTypes.js';

export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'rolled-back';

export type JournalStep = {
  name: string;
  kind: StepKind;
  state: StepState;
  /** deploy: what the package overwrote, taken before it was deployed */
  snapshotFile?: string;
  deployId?: string;
  /** apex: the debug log of the run (and of the undo run, `<log>.undo.log`) */
  logFile?: string;
  error?: string;
  /** apex: where the block failed */
  line?: number;
  column?: number;
  /** apex: the undo script rollback runs, as the plan held it (rollback needs no plan file) */
  undo?: PlanScript;
  updatedAt: string;
};

export function pendingSteps(steps: PlanStep[]): JournalStep[] {
  const now = new Date().toISOString();
  return steps.map((s) => ({ name: s.name, kind: s.kind, state: 'pending', ...(s.kind === 'apex' && s.undo ? { undo: s.undo } : {}), updatedAt: now }));
}

/** Whether every step of a target has run (or had nothing to do): a resume leaves it alone. */
export function stepsFinished(steps: JournalStep[] | undefined): boolean {
  return steps !== undefined && steps.every((s) => s.state === 'done' || s.state === 'skipped');
}
