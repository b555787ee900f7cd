import { Messages } from '@salesforce/core';
import { toHelpSection } from '@salesforce/sf-plugins-core';
import type { ApplyResult } from '../apply/applier.js';
import { STALE_PLAN_EXIT_CODE } from '../apply/errors.js';
import type { RollbackRunResult } from '../apply/rollback.js';
import type { DiffResult } from '../output/diffResult.js';
import type { PlanSummary } from '../output/planSummary.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.shared');

/** The process exit codes of every postdeploy command; CI scripts branch on these numbers. */
export const ExitCode = {
  Ok: 0,
  Error: 1,
  // oclif's code for a flag that is missing, unknown or invalid; nothing has run
  UsageError: 2,
  DriftFound: 3,
  StalePlan: STALE_PLAN_EXIT_CODE,
  // the code `sf project deploy` uses when some components or targets failed
  PartialSuccess: 68,
  // 128 + SIGINT, as shells report a Ctrl-C
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodeDescriptions: Readonly<Record<ExitCode, string>> = Object.fromEntries(
  Object.values(ExitCode).map((code) => [code, messages.getMessage(`exitCode.${code}`)])
) as Record<ExitCode, string>;

/**
 * The ERROR CODES help section of one command (through SfCommand's `errorCodes`, named as sf's own
 * commands name it): only the codes that command can return.
 */
export function errorCodesHelpSection(...codes: ExitCode[]): ReturnType<typeof toHelpSection> {
  return toHelpSection('ERROR CODES', Object.fromEntries(codes.map((code) => [String(code), exitCodeDescriptions[code]])));
}

/* Which code each command's result gets. */

/** 1 when no target could be planned, 68 when some could not, 3 for drift with --fail-on-drift. */
export function planExitCode(summary: PlanSummary, failOnDrift: boolean): number {
  const failed = summary.targets.filter((t) => t.status === 'error').length;
  if (failed > 0 && failed === summary.targets.length) return ExitCode.Error;
  if (failed > 0) return ExitCode.PartialSuccess;
  if (failOnDrift && summary.drift) return ExitCode.DriftFound;
  return ExitCode.Ok;
}

/** 68 when some targets could not be compared (1 when none could); the drift itself is not an error here. */
export function diffExitCode(result: DiffResult): number {
  const failed = result.targets.filter((t) => t.status === 'error').length;
  if (failed > 0 && failed === result.targets.length) return ExitCode.Error;
  return failed > 0 ? ExitCode.PartialSuccess : ExitCode.Ok;
}

const NOT_APPLIED: readonly string[] = ['failed', 'stale', 'not-planned', 'not-started'];

/**
 * 0 when every target was applied or had nothing to do; 68 when some planned target was not applied
 * (failed, stale, failed at plan time, not started) while others were, or when a deploy left
 * components differing from the plan (verification found them: never a success); 1 when no target
 * was applied; 130 when the apply was interrupted.
 */
export function applyExitCode(result: Pick<ApplyResult, 'targets' | 'interrupted' | 'waves'>): number {
  if (result.interrupted) return ExitCode.Interrupted;
  // the failure budget of --waves was spent: the waves that ran are kept, the rest waits for --resume
  if (result.waves?.stoppedAfterWave) return ExitCode.PartialSuccess;
  const statuses = result.targets.map((t) => t.status);
  const notApplied = statuses.filter((s) => NOT_APPLIED.includes(s)).length;
  const unconverged = result.targets.some((t) => t.remainingDrift.length > 0);
  if (notApplied === 0) return unconverged ? ExitCode.PartialSuccess : ExitCode.Ok;
  return notApplied < statuses.length ? ExitCode.PartialSuccess : ExitCode.Error;
}

/** 0 when every target was rolled back or had nothing to roll back; 68 when some were not; 1 when none was. */
export function rollbackExitCode(run: RollbackRunResult): number {
  const statuses = run.applies.flatMap((a) => a.targets.map((t) => t.status));
  const failed = statuses.filter((s) => s === 'failed' || s === 'refused').length;
  const succeeded = statuses.filter((s) => s === 'rolled-back' || s === 'validated').length;
  if (failed === 0 && run.notAttempted.length === 0) return ExitCode.Ok;
  return succeeded > 0 ? ExitCode.PartialSuccess : ExitCode.Error;
}
