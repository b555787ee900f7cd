/*
 * What every postdeploy command does around its work, as functions over SfCommand's public surface,
 * so that the commands extend SfCommand itself (and inherit its flags and error handling as sf's
 * linter asks): usage errors exit 2, Ctrl-C leaves with 130, progress and tables.
 */
import { ux } from '@oclif/core';
import { Messages } from '@salesforce/core';
import type { SfCommand } from '@salesforce/sf-plugins-core';
import { StageProgress } from '../output/progress.js';
import type { Shard } from '../plan/shard.js';
import { ExitCode } from './exitCodes.js';
import { Interruption } from './interrupt.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const sharedMessages = Messages.loadMessages('sf-postdeploy', 'postdeploy.shared');

type Command = Pick<SfCommand<unknown>, 'id' | 'log' | 'table' | 'logToStderr' | 'spinner'>;

/**
 * Whatever the parser refuses (an unknown or missing flag, an invalid option, a value a flag's own
 * parse rejects) is a usage error, exit code 2, in `bin/run.js` and inside `sf` alike: sf maps some
 * of oclif's parse errors to 2 and leaves others at 1, so the code is decided here, where the error
 * is known to come from parsing.
 */
export async function parseOrUsageError<T>(parsing: Promise<T>): Promise<T> {
  try {
    return await parsing;
  } catch (error) {
    const refused = error instanceof Error ? error : new Error(String(error));
    const oclif = (refused as { oclif?: object }).oclif;
    throw Object.assign(refused, { exitCode: ExitCode.UsageError, oclif: { ...oclif, exit: ExitCode.UsageError } });
  }
}

/**
 * Ctrl-C for this run: by default it leaves at once (exit 130) with one sentence; `writesStateFolder`
 * says whether that sentence speaks of the state folder. A command may handle a signal itself with
 * `onSignal`. Leaving prints the error with `print`, the command's own `catch` (text, or the JSON
 * envelope, as for any error), then ends the process.
 */
export function interruptionOf(command: Command, writesStateFolder: boolean, print: (error: Error) => Promise<unknown>): Interruption {
  const commandLine = `sf ${(command.id ?? 'postdeploy').replace(/:/g, ' ')}`;
  return new Interruption(
    () => sharedMessages.getMessage(writesStateFolder ? 'info.Interrupted' : 'info.InterruptedReadOnly', [commandLine]),
    (error) => {
      print(error)
        .catch(() => undefined)
        .finally(() => process.exit(ExitCode.Interrupted));
    }
  );
}

/**
 * The stages of this run, through sf's UX (stderr, silent under --json): sf's spinner on an
 * interactive terminal, a line per step elsewhere. An interruption stops the spinner first: it
 * holds back what is written to stderr while it runs.
 */
export function stageProgressOf(command: Command, interruption: Interruption): StageProgress {
  const stages = new StageProgress({ logToStderr: (message) => command.logToStderr(message), spinner: command.spinner }, ux.action.type === 'spinner');
  interruption.beforeLeaving(() => stages.interrupt());
  return stages;
}

/** A table, or the note when there are no rows (an empty table prints its title one letter per line). */
export function tableOrNote(command: Command, data: Array<Record<string, unknown>>, title: string, note: string): void {
  if (data.length === 0) command.log(note);
  else command.table({ data, title });
}

/** What an empty plan or shard says instead of a table. */
export function noTargetsNote(shard: Shard | undefined): string {
  return shard ? sharedMessages.getMessage('info.ShardHasNoTargets', [`${shard.index}/${shard.count}`]) : sharedMessages.getMessage('info.PlanHasNoTargets');
}
