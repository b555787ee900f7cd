/*
 * Tables, detail lines and exit codes of apply and rollback results.
 */
import { ExitCode } from '../cli/exitCodes.js';
import type { ApplyResult } from '../apply/applier.js';
import type { RollbackResult } from '../apply/rollback.js';

/**
 * 0 when every target succeeded or had nothing to do, 68 when some failed, 1 when none succeeded.
 * A deploy that left components differing from the plan (`unconverged`) is never a success: 68.
 */
export function applyExitCode(statuses: string[], unconverged = false): number {
  const failed = statuses.filter((s) => s === 'failed' || s === 'refused').length;
  const succeeded = statuses.filter((s) => s === 'deployed' || s === 'validated' || s === 'rolled-back').length;
  if (failed === 0) return unconverged ? ExitCode.PartialSuccess : ExitCode.Ok;
  return succeeded > 0 ? ExitCode.PartialSuccess : ExitCode.Error;
}

export function applyRows(result: ApplyResult): Array<Record<string, string>> {
  return result.targets.map((t) => ({
    target: t.alias ?? t.username,
    status: t.status,
    deploy: t.deployId ?? '',
    detail: t.error ?? t.reason ?? (t.staleComponents ? `changed since the plan: ${t.staleComponents.join(', ')}` : t.remainingDrift.length > 0 ? `${t.remainingDrift.length} component(s) still differ` : ''),
  }));
}

export function applyDetailLines(result: ApplyResult): string[] {
  const lines: string[] = [];
  for (const target of result.targets) {
    for (const failure of target.failures ?? []) {
      lines.push(`  ${target.alias ?? target.username}: ${failure.type} ${failure.fullName}: ${failure.problem}${failure.action ? `\n    -> ${failure.action}` : ''}`);
    }
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
    for (const left of target.notRestored) lines.push(`  ${target.alias ?? target.username}: ${left.type} ${left.fullName} not restored: ${left.detail}`);
    for (const step of target.irreversible) lines.push(`  ${target.alias ?? target.username}: cannot be undone: ${step}`);
  }
  return lines;
}
