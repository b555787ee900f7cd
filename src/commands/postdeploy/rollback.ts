import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PostdeployCommand } from '../../cli/postdeployCommand.js';
import { exitCodesHelpSection } from '../../cli/exitCodes.js';
import { envVariablesHelpSection } from '../../cli/helpSections.js';
import { stateDirFlag, targetOrgSubsetFlag } from '../../cli/flags.js';
import { RollbackResult, rollbackApply } from '../../apply/rollback.js';
import { resolveStateDir } from '../../apply/stateDir.js';
import { applyExitCode, rollbackDetailLines, rollbackRows } from '../../output/applySummary.js';
import { StageProgress } from '../../output/progress.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.rollback');

/** The --json output of rollback. */
export type PostdeployRollbackResult = RollbackResult;

export default class PostdeployRollback extends PostdeployCommand<PostdeployRollbackResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly envVariablesSection = envVariablesHelpSection;
  public static override readonly errorCodes = exitCodesHelpSection;

  public static override readonly flags = {
    'apply-id': Flags.string({
      summary: messages.getMessage('flags.apply-id.summary'),
      exactlyOne: ['apply-id', 'latest'],
    }),
    latest: Flags.boolean({
      summary: messages.getMessage('flags.latest.summary'),
      exactlyOne: ['apply-id', 'latest'],
    }),
    'target-org': targetOrgSubsetFlag,
    'dry-run': Flags.boolean({
      summary: messages.getMessage('flags.dry-run.summary'),
    }),
    force: Flags.boolean({
      summary: messages.getMessage('flags.force.summary'),
    }),
    'state-dir': stateDirFlag,
  };

  public async run(): Promise<PostdeployRollbackResult> {
    const { flags } = await this.parse(PostdeployRollback);
    const progress = new StageProgress(this.jsonEnabled() ? undefined : process.stderr);
    progress.stage(flags['dry-run'] ? 'Validating the rollback (check-only)' : 'Rolling back');
    const result = await rollbackApply({
      stateDir: resolveStateDir(flags['state-dir']),
      applyId: flags['apply-id'],
      targets: flags['target-org'],
      dryRun: flags['dry-run'] ?? false,
      force: flags.force ?? false,
      concurrency: 8,
    });
    progress.finishStage();
    if (!this.jsonEnabled()) {
      this.table({ data: rollbackRows(result), title: `Rollback of apply ${result.applyId}${result.dryRun ? ' (dry run)' : ''}` });
      for (const line of rollbackDetailLines(result)) this.log(line);
      if (result.targets.every((t) => t.status === 'skipped')) this.log(messages.getMessage('info.NothingToRollBack', [result.applyId]));
    }
    for (const target of result.targets.filter((t) => t.status === 'refused')) {
      this.warn(messages.getMessage('warning.Refused', [target.alias ?? target.username, (target.changedComponents ?? []).join(', ')]));
    }
    process.exitCode = applyExitCode(result.targets.map((t) => t.status));
    return result;
  }
}
