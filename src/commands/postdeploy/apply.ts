import { dirname } from 'node:path';
import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PostdeployCommand } from '../../cli/postdeployCommand.js';
import { ExitCode, applyExitCode, errorCodesHelpSection } from '../../cli/exitCodes.js';
import { envVariablesHelpSection } from '../../cli/helpSections.js';
import { concurrencyFlag, stateDirFlag, targetOrgSubsetFlag, waitFlag } from '../../cli/flags.js';
import { Interruption } from '../../cli/interrupt.js';
import { stateFolderOf } from '../../cli/stateFolder.js';
import { ApplyResult, applyPlan } from '../../apply/applier.js';
import { Journal } from '../../state/journal.js';
import { applyDetailLines, applyRows, interruptionReport } from '../../output/applySummary.js';
import { readPlanFile } from '../../state/planFile.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

export const testLevels = ['NoTestRun', 'RunSpecifiedTests', 'RunLocalTests', 'RunAllTestsInOrg'] as const;

/** The --json output of apply. */
export type PostdeployApplyResult = ApplyResult;

export default class PostdeployApply extends PostdeployCommand<PostdeployApplyResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly envVariablesSection = envVariablesHelpSection;
  public static override readonly errorCodes = errorCodesHelpSection(
    ExitCode.Ok,
    ExitCode.Error,
    ExitCode.UsageError,
    ExitCode.StalePlan,
    ExitCode.PartialSuccess,
    ExitCode.Interrupted
  );

  public static override readonly flags = {
    'plan-file': Flags.file({
      summary: messages.getMessage('flags.plan-file.summary'),
      required: true,
    }),
    'target-org': targetOrgSubsetFlag,
    'dry-run': Flags.boolean({
      summary: messages.getMessage('flags.dry-run.summary'),
    }),
    'test-level': Flags.option({
      summary: messages.getMessage('flags.test-level.summary'),
      description: messages.getMessage('flags.test-level.description'),
      options: testLevels,
    })(),
    tests: Flags.string({
      char: 't',
      multiple: true,
      summary: messages.getMessage('flags.tests.summary'),
    }),
    concurrency: concurrencyFlag,
    wait: waitFlag,
    'skip-stale': Flags.boolean({
      summary: messages.getMessage('flags.skip-stale.summary'),
    }),
    'state-dir': stateDirFlag,
  };

  public async run(): Promise<PostdeployApplyResult> {
    const { flags } = await this.parse(PostdeployApply);
    if ((flags['test-level'] === 'RunSpecifiedTests') !== Boolean(flags.tests?.length)) {
      const error = messages.createError(flags.tests?.length ? 'error.TestsNeedRunSpecifiedTests' : 'error.RunSpecifiedTestsNeedsTests');
      error.exitCode = ExitCode.UsageError;
      throw error;
    }
    const stateDir = stateFolderOf(flags['state-dir']);
    const plan = await readPlanFile(flags['plan-file']);
    const progress = this.stageProgress();
    let journal: Journal | undefined;
    const interruption = new Interruption(
      () => process.stderr.write(`\n${messages.getMessage('info.Interrupting')}\n`),
      () => {
        progress.interrupt();
        process.stderr.write(`\n${interruptionReport(journal, stateDir).join('\n')}\n`);
        process.exit(ExitCode.Interrupted);
      }
    );
    progress.stage(flags['dry-run'] ? 'apply.dryRun' : 'apply');
    const result = await applyPlan({
      plan,
      planFile: flags['plan-file'],
      targets: flags['target-org'],
      dryRun: flags['dry-run'] ?? false,
      testLevel: flags['test-level'],
      runTests: flags.tests,
      concurrency: flags.concurrency,
      waitMs: flags.wait.milliseconds,
      skipStale: flags['skip-stale'] ?? false,
      stateDir,
      onTargetDone: (done, total) => progress.count(done, total),
      onJournal: (written) => (journal = written),
      stop: interruption.signal,
    });
    progress.finishStage();
    if (!this.jsonEnabled()) {
      this.tableOrNote(applyRows(result), messages.getMessage(result.dryRun ? 'title.ApplyDryRun' : 'title.Apply', [result.applyId]), PostdeployApply.noTargetsNote(plan.shard));
      for (const line of applyDetailLines(result)) this.log(line);
      if (journal) this.log(messages.getMessage('info.Snapshots', [dirname(result.snapshotDir)]));
      if (!result.interrupted && !result.dryRun && result.targets.some((t) => t.status === 'deployed')) {
        this.log(messages.getMessage('info.RollbackHint', [result.applyId, stateDir]));
      }
    }
    if (result.interrupted) process.stderr.write(`${interruptionReport(journal, stateDir).join('\n')}\n`);
    for (const target of result.targets.filter((t) => t.remainingDrift.length > 0)) {
      this.warn(messages.getMessage('warning.RemainingDrift', [target.alias ?? target.username, target.remainingDrift.map((d) => `${d.type}:${d.fullName}`).join(', ')]));
    }
    const notApplied = result.targets.filter((t) => ['stale', 'not-planned'].includes(t.status));
    if (notApplied.length > 0) {
      this.warn(messages.getMessage('warning.NotApplied', [notApplied.map((t) => `${t.alias ?? t.username} (${t.status})`).join(', '), flags['plan-file']]));
    }
    process.exitCode = applyExitCode(result);
    return result;
  }
}
