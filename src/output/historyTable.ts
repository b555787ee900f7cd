/*
 * The table and detail lines of `sf postdeploy history`.
 */
import type { HistoryEntry } from '../state/history.js';

const nameOf = (target: { alias?: string; username: string }): string => target.alias ?? target.username;

export function historyRows(entries: HistoryEntry[]): Array<Record<string, string>> {
  return entries.map((entry) => ({
    apply: entry.applyId,
    time: entry.createdAt,
    plan: entry.planFile,
    targets: entry.targets.map((t) => `${nameOf(t)} (${t.state})`).join(', '),
    changed: entry.dryRun ? 'dry run' : String(entry.targets.reduce((sum, t) => sum + t.changed.length, 0)),
    'rolled back': entry.rolledBack,
  }));
}

/** One line per component each target had deployed, under its apply id. */
export function historyDetailLines(entries: HistoryEntry[]): string[] {
  const lines: string[] = [];
  for (const entry of entries.filter((e) => e.changedSomething)) {
    lines.push(`${entry.applyId} (plan ${entry.planId}, ${entry.mode} mode):`);
    for (const target of entry.targets.filter((t) => t.changed.length > 0)) {
      lines.push(`  ${nameOf(target)} [${target.state}]: ${target.changed.map((c) => `${c.action} ${c.type}:${c.fullName}`).join(', ')}`);
    }
  }
  return lines;
}
