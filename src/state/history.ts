/*
 * The state folder as the operator's memory: every apply recorded there, newest first, with what
 * it changed per target and whether that was rolled back.
 */
import { ComponentAction } from '../plan/planTypes.js';
import { Journal, TargetState, changedSomething, listJournals } from './journal.js';

export type HistoryTarget = {
  name: string;
  alias?: string;
  username: string;
  orgId: string;
  state: TargetState;
  /** the components the apply deployed to this target (empty when nothing was deployed) */
  changed: Array<{ type: string; fullName: string; action: ComponentAction }>;
};

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

function rolledBackOf(journal: Journal): HistoryEntry['rolledBack'] {
  if (!changedSomething(journal)) return 'n/a';
  const changed = journal.targets.filter((t) => DEPLOYED_STATES.includes(t.state));
  const undone = changed.filter((t) => t.state === 'rolled-back').length;
  if (undone === 0) return 'no';
  return undone === changed.length ? 'yes' : 'partly';
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
    targets: journal.targets.map((t) => ({
      name: t.name,
      ...(t.alias ? { alias: t.alias } : {}),
      username: t.username,
      orgId: t.orgId,
      state: t.state,
      changed: !journal.dryRun && DEPLOYED_STATES.includes(t.state) ? t.components.map((c) => ({ type: c.type, fullName: c.fullName, action: c.action })) : [],
    })),
  };
}

/** Every readable apply of the state folder, newest first. */
export async function readHistory(stateDir: string): Promise<HistoryEntry[]> {
  return (await listJournals(stateDir)).map(historyEntry);
}
