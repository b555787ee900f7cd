import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { interruptionOf, parseOrUsageError, stageProgressOf, tableOrNote } from '../../cli/commandSupport.js';
import { ExitCode, errorCodesHelpSection, rollbackExitCode } from '../../cli/exitCodes.js';
import { envVariablesHelpSection } from '../../cli/helpSections.js';
import { concurrencyFlag, stateDirFlag, waitFlag } from '../../cli/flags.js';
import { rollbackRequestOf } from '../../cli/requests.js';
import { RollbackResult, rollbackApplies } from '../../apply/rollback.js';
import { rollbackDetailLines, rollbackRows } from '../../output/applySummary.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.rollback');

/**
 * The --json output of rollback: `applyId`, `dryRun` and `targets` describe the newest apply rolled
 * back (the only one without a repeated --apply-id); `applies` lists every apply rolled back, newest first.
 */
export type PostdeployRollbackResult = RollbackResult & { stateDir: string; applies: RollbackResult[]; notAttempted: string[] };

export default class PostdeployRollback extends SfCommand<PostdeployRollbackResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly envVariablesSection = envVariablesHelpSection;
  public static override readonly errorCodes = errorCodesHelpSection(ExitCode.Ok, ExitCode.Error, ExitCode.UsageError, ExitCode.PartialSuccess, ExitCode.Interrupted);

  public static override readonly flags = {
    'apply-id': Flags.string({
      summary: messages.getMessage('flags.apply-id.summary'),
      description: messages.getMessage('flags.apply-id.description'),
      multiple: true,
      exactlyOne: ['apply-id', 'latest'],
    }),
    latest: Flags.boolean({
      summary: messages.getMessage('flags.latest.summary'),
      exactlyOne: ['apply-id', 'latest'],
    }),
    'target-org': Flags.string({
      char: 'o',
      multiple: true,
      summary: messages.getMessage('flags.target-org.summary'),
    }),
    'dry-run': Flags.boolean({
      summary: messages.getMessage('flags.dry-run.summary'),
    }),
    force: Flags.boolean({
      summary: messages.getMessage('flags.force.summary'),
    }),
    concurrency: concurrencyFlag,
    wait: waitFlag,
    'state-dir': stateDirFlag,
  };

  public async run(): Promise<PostdeployRollbackResult> {
    const interruption = interruptionOf(this, true, (error) => this.catch(error));
    const { flags } = await parseOrUsageError(this.parse(PostdeployRollback));
    const request = rollbackRequestOf(flags);
    const { stateDir } = request;
    const progress = stageProgressOf(this, interruption);
    progress.stage(request.dryRun ? 'rollback.dryRun' : 'rollback');
    const run = await rollbackApplies(request);
    progress.finishStage();
    for (const result of run.applies) {
      if (!this.jsonEnabled()) {
        tableOrNote(this, rollbackRows(result), messages.getMessage(result.dryRun ? 'title.RollbackDryRun' : 'title.Rollback', [result.applyId]), messages.getMessage('info.NothingToRollBack', [result.applyId]));
        for (const line of rollbackDetailLines(result)) this.log(line);
        if (result.targets.length > 0 && result.targets.every((t) => t.status === 'skipped')) this.log(messages.getMessage('info.NothingToRollBack', [result.applyId]));
      }
      for (const target of result.targets.filter((t) => t.status === 'refused')) {
        this.warn(messages.getMessage('warning.Refused', [target.alias ?? target.username, (target.changedComponents ?? []).join(', ')]));
      }
    }
    if (run.notAttempted.length > 0) this.warn(messages.getMessage('warning.NotAttempted', [run.notAttempted.join(', '), run.applies[run.applies.length - 1].applyId]));
    process.exitCode = rollbackExitCode(run);
    return { ...run.applies[0], stateDir, applies: run.applies, notAttempted: run.notAttempted };
  }
}
