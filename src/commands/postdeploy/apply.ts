import { dirname } from 'node:path';
import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PostdeployCommand } from '../../cli/postdeployCommand.js';
import { exitCodesHelpSection } from '../../cli/exitCodes.js';
import { envVariablesHelpSection } from '../../cli/helpSections.js';
import { concurrencyFlag, stateDirFlag, targetOrgSubsetFlag, waitFlag } from '../../cli/flags.js';
import { ApplyResult, applyPlan } from '../../apply/applier.js';
import { resolveStateDir } from '../../apply/stateDir.js';
import { applyDetailLines, applyExitCode, applyRows } from '../../output/applySummary.js';
import { StageProgress } from '../../output/progress.js';
import { readPlanFile } from '../../plan/planFile.js';

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
  public static override readonly errorCodes = exitCodesHelpSection;

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
    concurrency: concurrencyFlag,
    wait: waitFlag,
    'skip-stale': Flags.boolean({
      summary: messages.getMessage('flags.skip-stale.summary'),
    }),
    'state-dir': stateDirFlag,
  };

  public async run(): Promise<PostdeployApplyResult> {
    const { flags } = await this.parse(PostdeployApply);
    const plan = await readPlanFile(flags['plan-file']);
    const progress = new StageProgress(this.jsonEnabled() ? undefined : process.stderr);
    progress.stage(flags['dry-run'] ? 'Validating the plan in the target orgs (check-only)' : 'Applying the plan');
    const result = await applyPlan({
      plan,
      planFile: flags['plan-file'],
      targets: flags['target-org'],
      dryRun: flags['dry-run'] ?? false,
      testLevel: flags['test-level'],
      concurrency: flags.concurrency,
      waitMs: flags.wait.milliseconds,
      skipStale: flags['skip-stale'] ?? false,
      stateDir: resolveStateDir(flags['state-dir']),
      onTargetDone: (done, total) => progress.count(done, total, 'targets'),
    });
    progress.finishStage();
    if (!this.jsonEnabled()) {
      this.table({ data: applyRows(result), title: `Apply ${result.applyId}${result.dryRun ? ' (dry run)' : ''}` });
      for (const line of applyDetailLines(result)) this.log(line);
      this.log(messages.getMessage('info.Snapshots', [dirname(result.snapshotDir)]));
      if (!result.dryRun && result.targets.some((t) => t.status === 'deployed')) this.log(messages.getMessage('info.RollbackHint', [result.applyId]));
    }
    for (const target of result.targets.filter((t) => t.remainingDrift.length > 0)) {
      this.warn(messages.getMessage('warning.RemainingDrift', [target.alias ?? target.username, target.remainingDrift.map((d) => `${d.type}:${d.fullName}`).join(', ')]));
    }
    process.exitCode = applyExitCode(
      result.targets.map((t) => t.status),
      result.targets.some((t) => t.remainingDrift.length > 0)
    );
    return result;
  }
}
