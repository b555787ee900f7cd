/*
 * The table and detail lines of `sf postdeploy history`: per target what the apply changed, its
 * release steps included, so that the history is the audit trail of a release.
 */
import type { HistoryEntry, HistoryStep, HistoryTarget } from '../state/history.js';
import { printable } from './changeLines.js';

const nameOf = (target: { alias?: string; username: string }): string => target.alias ?? target.username;

/** Steps that changed the org (or did before a rollback): the drift correction counts by its components. */
const stepsThatRan = (target: HistoryTarget): HistoryStep[] => (target.steps ?? []).filter((s) => s.kind !== 'drift' && (s.state === 'done' || s.state === 'running' || s.state === 'rolled-back'));

function changedCell(entry: HistoryEntry): string {
  if (entry.dryRun) return 'dry run';
  const components = entry.targets.reduce((sum, t) => sum + t.changed.length, 0);
  const steps = entry.targets.reduce((sum, t) => sum + stepsThatRan(t).length, 0);
  return steps > 0 ? `${components} + ${steps} step(s)` : String(components);
}

export function historyRows(entries: HistoryEntry[]): Array<Record<string, string>> {
  return entries.map((entry) => ({
    apply: entry.applyId,
    time: entry.createdAt,
    plan: entry.planFile,
    targets: entry.targets.map((t) => `${nameOf(t)} (${t.state})`).join(', '),
    changed: changedCell(entry),
    'rolled back': entry.rolledBack,
  }));
}

function stepLine(step: HistoryStep, index: number): string {
  const where = [step.deployId ? `deploy ${step.deployId}` : '', step.logFile ? `log ${step.logFile}` : '', step.error ? `error: ${step.error}` : ''].filter(Boolean).join(', ');
  return printable(`    ${index + 1}. ${step.name} [${step.kind}]: ${step.state}${where ? ` (${where})` : ''}`);
}

/** Under each apply id: per target the components deployed and every release step with its state, deploy ID and log. */
export function historyDetailLines(entries: HistoryEntry[]): string[] {
  const lines: string[] = [];
  for (const entry of entries.filter((e) => e.changedSomething)) {
    lines.push(`${entry.applyId} (plan ${entry.planId}, ${entry.mode} mode):`);
    for (const target of entry.targets.filter((t) => t.changed.length > 0 || t.steps)) {
      const components = target.changed.map((c) => `${c.action} ${c.type}:${c.fullName}`).join(', ');
      lines.push(`  ${nameOf(target)} [${target.state}]${components ? `: ${components}` : ''}`);
      target.steps?.forEach((step, i) => lines.push(stepLine(step, i)));
    }
  }
  return lines;
}
