/*
 * The state folder as the operator's memory: every apply recorded there, newest first, with what
 * it changed per target and whether that was rolled back.
 */
import { ComponentAction } from '../plan/planTypes.js';
import type { StepKind } from '../plan/planTypes.js';
import { Journal, JournalTarget, TargetState, changedSomething, listJournals } from './journal.js';
import type { StepState } from './stepJournal.js';

export type HistoryTarget = {
  name: string;
  alias?: string;
  username: string;
  orgId: string;
  /** what the apply came to in this target, release steps included (`state` of the journal is the drift correction's) */
  state: TargetState;
  /** the components the apply deployed to this target (empty when nothing was deployed) */
  changed: Array<{ type: string; fullName: string; action: ComponentAction }>;
  /** release steps, in order, with their state, the org's deploy ID and the Apex debug log (plans with steps) */
  steps?: HistoryStep[];
};

export type HistoryStep = { name: string; kind: StepKind; state: StepState; deployId?: string; logFile?: string; error?: string };

export type HistoryEntry = {
  applyId: string;
  createdAt: string;
  planId: string;
  planFile: string;
  mode: Journal['mode'];
  dryRun: boolean;
  /** whether the apply changed an org; `rollback --latest` picks the newest one that did */
  changedSomething: boolean;
  /** `no`: nothing of it rolled back; `partly`: some changed targets were; `yes`: every changed target was; `n/a`: nothing changed */
  rolledBack: 'no' | 'partly' | 'yes' | 'n/a';
  targets: HistoryTarget[];
};

const DEPLOYED_STATES: readonly TargetState[] = ['deployed', 'deploying', 'rolling-back', 'rolled-back'];
const LANDED_STATES: readonly TargetState[] = ['deployed', 'deploying', 'rolling-back'];

/** A release step other than the drift correction that changed the org (or may have) and was not undone. */
const stepLeft = (step: { kind: StepKind; state: StepState }): boolean => step.kind !== 'drift' && (step.state === 'done' || step.state === 'running');
const stepUndone = (step: { kind: StepKind; state: StepState }): boolean => step.kind !== 'drift' && step.state === 'rolled-back';

/** Whether the apply changed this target at some point (drift correction or release step). */
function touched(target: JournalTarget): boolean {
  return DEPLOYED_STATES.includes(target.state) || Boolean(target.steps?.some((s) => stepLeft(s) || stepUndone(s)));
}

/** Whether something the apply did stays in this target. */
function left(target: JournalTarget): boolean {
  return LANDED_STATES.includes(target.state) || Boolean(target.steps?.some(stepLeft));
}

/** The target's state with its release steps counted: a target that got only steps is `deployed`, not `skipped`. */
function overallState(target: JournalTarget): TargetState {
  if (!target.steps || DEPLOYED_STATES.includes(target.state) || target.state === 'failed') return target.state;
  if (target.steps.some((s) => s.state === 'failed')) return 'failed';
  if (target.steps.some(stepLeft)) return 'deployed';
  if (target.steps.some(stepUndone)) return 'rolled-back';
  return target.state;
}

function rolledBackOf(journal: Journal): HistoryEntry['rolledBack'] {
  if (!changedSomething(journal)) return 'n/a';
  const changed = journal.targets.filter(touched);
  const undone = changed.filter((t) => !left(t)).length;
  if (undone === 0) return 'no';
  return undone === changed.length ? 'yes' : 'partly';
}

function historySteps(target: JournalTarget): HistoryStep[] | undefined {
  return target.steps?.map((s) => ({
    name: s.name,
    kind: s.kind,
    state: s.state,
    ...(s.deployId ? { deployId: s.deployId } : {}),
    ...(s.logFile ? { logFile: s.logFile } : {}),
    ...(s.error ? { error: s.error } : {}),
  }));
}

export function historyEntry(journal: Journal): HistoryEntry {
  return {
    applyId: journal.applyId,
    createdAt: journal.createdAt,
    planId: journal.planId,
    planFile: journal.planFile,
    mode: journal.mode,
    dryRun: journal.dryRun,
    changedSomething: changedSomething(journal),
    rolledBack: rolledBackOf(journal),
    targets: journal.targets.map((t) => {
      const steps = historySteps(t);
      return {
        name: t.name,
        ...(t.alias ? { alias: t.alias } : {}),
        username: t.username,
        orgId: t.orgId,
        state: overallState(t),
        changed: !journal.dryRun && DEPLOYED_STATES.includes(t.state) ? t.components.map((c) => ({ type: c.type, fullName: c.fullName, action: c.action })) : [],
        ...(steps ? { steps } : {}),
      };
    }),
  };
}

/** Every readable apply of the state folder, newest first. */
export async function readHistory(stateDir: string): Promise<HistoryEntry[]> {
  return (await listJournals(stateDir)).map(historyEntry);
}
