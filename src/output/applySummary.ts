/*
 * Tables and detail lines of apply and rollback results.
 */
import type { ApplyResult } from '../apply/applier.js';
import type { RollbackResult } from '../apply/rollback.js';
import type { Journal } from '../state/journal.js';
import { stepDetailLines, stepsCell } from './stepLines.js';

/** A failed deploy's errors in a table cell: their count, the list follows below the table. */
function failuresCell(failures: NonNullable<ApplyResult['targets'][number]['failures']>): string {
  const components = new Set(failures.map((f) => `${f.type}:${f.fullName}`)).size;
  return `${failures.length} error(s) in ${components} component(s), listed below`;
}

export function applyRows(result: ApplyResult): Array<Record<string, string>> {
  const withSteps = result.targets.some((t) => t.steps);
  return result.targets.map((t) => ({
    target: t.alias ?? t.username,
    status: t.status,
    deploy: t.deployId ?? '',
    ...(withSteps ? { steps: stepsCell(t.steps) } : {}),
    detail:
      (t.failures?.length ? failuresCell(t.failures) : undefined) ??
      t.error ??
      t.reason ??
      (t.staleComponents ? `changed since the plan: ${t.staleComponents.join(', ')}` : t.remainingDrift.length > 0 ? `${t.remainingDrift.length} component(s) still differ` : ''),
  }));
}

/** A target's component errors, grouped by component, each with its action where the refusal is known. */
function failureLines(name: string, failures: NonNullable<ApplyResult['targets'][number]['failures']>): string[] {
  const byComponent = new Map<string, typeof failures>();
  for (const failure of failures) {
    const key = `${failure.type} ${failure.fullName}`;
    byComponent.set(key, [...(byComponent.get(key) ?? []), failure]);
  }
  const lines: string[] = [];
  for (const [component, errors] of byComponent) {
    lines.push(`  ${name}: ${component} (${errors.length} error(s))`);
    for (const error of errors) lines.push(`    - ${error.problem}${error.action ? `\n      -> ${error.action}` : ''}`);
  }
  return lines;
}

export function applyDetailLines(result: ApplyResult): string[] {
  const lines: string[] = stepDetailLines(result.targets);
  for (const target of result.targets) {
    if (target.baseRecorded) lines.push(`  ${target.alias ?? target.username}: base recorded: ${target.baseRecorded.components} component(s)`);
    lines.push(...failureLines(target.alias ?? target.username, target.failures ?? []));
    for (const drift of target.remainingDrift) {
      lines.push(`  ${target.alias ?? target.username}: ${drift.type} ${drift.fullName} ${drift.detail}`);
      for (const difference of drift.differences) lines.push(`    ${difference.op} ${difference.path || '(whole component)'}`);
      lines.push(`    likely cause: ${drift.cause}`);
    }
  }
  return lines;
}

export function rollbackRows(result: RollbackResult): Array<Record<string, string>> {
  return result.targets.map((t) => ({
    target: t.alias ?? t.username,
    status: t.status,
    deploy: t.deployId ?? '',
    detail: t.error ?? t.reason ?? (t.notRestored.length > 0 ? `${t.notRestored.length} component(s) not restored` : ''),
  }));
}

export function rollbackDetailLines(result: RollbackResult): string[] {
  const lines: string[] = [];
  for (const target of result.targets) {
    for (const step of target.steps ?? []) lines.push(`  ${target.alias ?? target.username}: step "${step.name}" ${step.state}${step.detail ? `: ${step.detail}` : ''}`);
    for (const left of target.notRestored) lines.push(`  ${target.alias ?? target.username}: ${left.type} ${left.fullName} not restored: ${left.detail}`);
    for (const step of target.irreversible) lines.push(`  ${target.alias ?? target.username}: cannot be undone: ${step}`);
  }
  return lines;
}

/** Targets whose release steps were stopped between two of them: some ran, none is running, some are left. */
function stoppedBetweenSteps(journal: Journal): string[] {
  return journal.targets
    .filter((t) => t.steps?.some((s) => s.state === 'done') && t.steps.some((s) => s.state === 'pending') && !t.steps.some((s) => s.state === 'running'))
    .map((t) => {
      const last = t.steps!.filter((s) => s.state === 'done').at(-1)!;
      return `${t.alias ?? t.username} (after "${last.name}")`;
    });
}

/**
 * What an interrupted apply leaves, from its journal: what landed, what was still deploying, which
 * targets stopped between release steps, what was never started, and the commands that finish or
 * undo it (`stateDirOption`: the ` --state-dir` the commands need, if any).
 */
export function interruptionReport(journal: Journal | undefined, stateDirOption: string): string[] {
  if (!journal) return ['The apply was interrupted before any target was deployed: nothing changed in any org.'];
  const names = (states: string[]): string => journal.targets.filter((t) => states.includes(t.state)).map((t) => t.alias ?? t.username).join(', ') || 'none';
  const withSteps = journal.targets.some((t) => t.steps);
  const stopped = withSteps ? stoppedBetweenSteps(journal) : [];
  const notStarted = withSteps
    ? journal.targets.filter((t) => t.steps?.every((s) => s.state === 'pending')).map((t) => t.alias ?? t.username).join(', ') || 'none'
    : names(['pending']);
  const lines = [
    `Apply ${journal.applyId} was interrupted.`,
    `  deployed: ${names(['deployed', 'validated'])}`,
    `  still deploying when the command ended (the org finishes them; rollback checks what landed): ${names(['deploying'])}`,
    ...(withSteps ? [`  stopped between steps (what ran stays): ${stopped.join(', ') || 'none'}`] : []),
    `  not started: ${notStarted}`,
    `  failed: ${names(['failed'])}`,
  ];
  const landed = journal.targets.some((t) => t.state === 'deployed' || t.state === 'deploying' || t.steps?.some((s) => s.kind !== 'drift' && (s.state === 'done' || s.state === 'running')));
  if (!journal.dryRun && (stopped.length > 0 || notStarted !== 'none')) {
    lines.push(`To finish it: sf postdeploy apply --resume ${journal.applyId}${stateDirOption}`);
  }
  if (!journal.dryRun && landed) {
    lines.push(`To undo what landed: sf postdeploy rollback --apply-id ${journal.applyId}${stateDirOption}`);
  }
  return lines;
}
