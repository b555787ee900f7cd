import { Messages } from '@salesforce/core';
import { toHelpSection } from '@salesforce/sf-plugins-core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.shared');

/** The process exit codes of every postdeploy command; CI scripts branch on these numbers. */
export const ExitCode = {
  Ok: 0,
  Error: 1,
  // oclif's code for a flag that is missing, unknown or invalid; nothing has run
  UsageError: 2,
  DriftFound: 3,
  StalePlan: 4,
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
