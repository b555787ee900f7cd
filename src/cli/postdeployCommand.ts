/*
 * The base of the postdeploy commands: usage errors exit 2, errors whose class has a code of the
 * table exit with it, and Ctrl-C leaves with 130 through oclif's own error path (interrupt.ts).
 */
import { ux } from '@oclif/core';
import { Messages } from '@salesforce/core';
import { SfCommand } from '@salesforce/sf-plugins-core';
import { StageProgress } from '../output/progress.js';
import type { Shard } from '../plan/shard.js';
import { ExitCode, errorExitCode } from './exitCodes.js';
import { Interruption } from './interrupt.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const sharedMessages = Messages.loadMessages('sf-postdeploy', 'postdeploy.shared');

// oclif's parser errors: CLIParseError and its subclasses carry the parse they failed on. Their
// classes are not exported by @oclif/core (and inside `sf` they come from sf's own copy of it), so
// the constructor's name is what can be matched, not the class.
function isParseError(error: Error): boolean {
  return 'parse' in error || /^(?:Flag|Arg)\w*Error$|FailedFlagValidation|RequiredFlag|UnexpectedArgs|NonExistentFlags/.test(error.constructor.name);
}

export abstract class PostdeployCommand<T> extends SfCommand<T> {
  // oclif's manifest reads this from the class itself, so it is restated here
  public static override enableJsonFlag = true;

  /** Whether the command writes to the state folder: only then does its Ctrl-C message speak of it. */
  protected static writesStateFolder = false;

  /** Ctrl-C: by default the command leaves at once (exit 130); a command may handle it itself with `onSignal`. */
  protected interruption!: Interruption;
  private stages?: StageProgress;

  /** What an empty plan or shard says instead of a table. */
  protected static noTargetsNote(shard: Shard | undefined): string {
    return shard ? sharedMessages.getMessage('info.ShardHasNoTargets', [`${shard.index}/${shard.count}`]) : sharedMessages.getMessage('info.PlanHasNoTargets');
  }

  /**
   * Every run ends at the first of: its own end, or an interruption (its run then rejects with
   * InterruptedError, and oclif prints it and exits 130).
   */
  public override async init(): Promise<void> {
    await super.init();
    // leaving on Ctrl-C stops sf's spinner first: it holds back what is written to stderr while it runs
    this.interruption = new Interruption(
      () =>
        sharedMessages.getMessage((this.constructor as typeof PostdeployCommand).writesStateFolder ? 'info.Interrupted' : 'info.InterruptedReadOnly', [
          `sf ${(this.id ?? 'postdeploy').replace(/:/g, ' ')}`,
        ]),
      () => this.stages?.interrupt()
    );
    const work = this.run.bind(this);
    this.run = (): Promise<T> => Promise.race([work(), this.interruption.left]);
  }

  /**
   * A flag the parser refused (unknown, missing, invalid option) is a usage error, exit code 2, also
   * inside `sf`; an error of a class with its own code (a stale plan: 4) exits with that code.
   */
  public override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<never> {
    const code = isParseError(error) ? ExitCode.UsageError : errorExitCode(error);
    if (code !== undefined) {
      error.exitCode = code;
      error.oclif = { ...error.oclif, exit: code };
    }
    return super.catch(error);
  }

  /**
   * The stages of this run, through sf's UX (stderr, silent under --json): sf's spinner on an
   * interactive terminal, a line per step elsewhere.
   */
  protected stageProgress(): StageProgress {
    this.stages = new StageProgress({ logToStderr: (message) => this.logToStderr(message), spinner: this.spinner }, ux.action.type === 'spinner');
    return this.stages;
  }

  /** A table, or the note when there are no rows (an empty table prints its title one letter per line). */
  protected tableOrNote(data: Array<Record<string, unknown>>, title: string, note: string): void {
    if (data.length === 0) this.log(note);
    else this.table({ data, title });
  }
}
