/*
 * The base of the postdeploy commands. A request given up on as hung leaves its socket open, which
 * would keep the process alive after the command is done; then the process ends on purpose, once
 * the output is written.
 */
import { ux } from '@oclif/core';
import { Messages } from '@salesforce/core';
import { SfCommand } from '@salesforce/sf-plugins-core';
import { hungRequestCount } from '../org/index.js';
import { StageProgress } from '../output/progress.js';
import { ExitCode } from './exitCodes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const sharedMessages = Messages.loadMessages('sf-postdeploy', 'postdeploy.shared');

// oclif's parser errors: CLIParseError and its subclasses carry the parse they failed on
function isParseError(error: Error): boolean {
  return 'parse' in error || /^(?:Flag|Arg)\w*Error$|FailedFlagValidation|RequiredFlag|UnexpectedArgs|NonExistentFlags/.test(error.constructor.name);
}

export abstract class PostdeployCommand<T> extends SfCommand<T> {
  // oclif's manifest reads this from the class itself, so it is restated here
  public static override enableJsonFlag = true;

  private stages?: StageProgress;

  /** What an empty plan or shard says instead of a table. */
  protected static noTargetsNote(shard: { index: number; count: number } | undefined): string {
    return shard ? sharedMessages.getMessage('info.ShardHasNoTargets', [`${shard.index}/${shard.count}`]) : sharedMessages.getMessage('info.PlanHasNoTargets');
  }

  /**
   * Ctrl-C: SfCommand's handlers throw EEXIT from inside the signal handler, which prints a stack
   * trace and exits 1; this one says what happened and exits 130. apply replaces it with its own,
   * which lets the deploys under way end first.
   */
  public override async init(): Promise<void> {
    await super.init();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) process.off(signal, listener);
      process.on(signal, () => {
        this.stages?.interrupt();
        process.stderr.write(`\n${sharedMessages.getMessage('info.Interrupted', [`sf ${(this.id ?? 'postdeploy').replace(/:/g, ' ')}`])}\n`);
        process.exit(ExitCode.Interrupted);
      });
    }
  }

  /** A flag the parser refused (unknown, missing, invalid option) is a usage error, exit code 2, also inside `sf`. */
  public override async catch(error: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<never> {
    if (isParseError(error)) {
      error.exitCode = ExitCode.UsageError;
      error.oclif = { ...error.oclif, exit: ExitCode.UsageError };
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

  protected override async finally(error: Error | undefined): Promise<unknown> {
    const result: unknown = await super.finally(error);
    if (hungRequestCount() > 0) {
      setTimeout(() => process.exit(), 250);
    }
    return result;
  }
}
