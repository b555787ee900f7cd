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
import type { PlanFile } from '../../plan/planTypes.js';
import { loadResume, refuseSecondApply } from '../../apply/resume.js';
import { FailureBudget, WaveSize, parseFailureBudget, parseWaves } from '../../apply/waves.js';
import { stepProgressLine } from '../../output/stepLines.js';

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
      exactlyOne: ['plan-file', 'resume'],
    }),
    resume: Flags.string({
      summary: messages.getMessage('flags.resume.summary'),
      description: messages.getMessage('flags.resume.description'),
      exactlyOne: ['plan-file', 'resume'],
    }),
    waves: Flags.custom<WaveSize[]>({
      summary: messages.getMessage('flags.waves.summary'),
      description: messages.getMessage('flags.waves.description'),
      parse: (input) => Promise.resolve(parseWaves(input)),
    })(),
    'max-failures': Flags.custom<FailureBudget>({
      summary: messages.getMessage('flags.max-failures.summary'),
      dependsOn: ['waves'],
      parse: (input) => Promise.resolve(parseFailureBudget(input)),
    })(),
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
    const { resumed, planFile, plan } = await planToApply(stateDir, flags);
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
    if (flags['dry-run']) progress.stage('apply.dryRun');
    else if (resumed) progress.stage('apply.resume', [resumed.journal.applyId]);
    else progress.stage('apply');
    const result = await applyPlan({
      plan,
      planFile,
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
      waves: flags.waves,
      maxFailures: flags['max-failures'],
      resume: resumed?.journal,
      onWave: (index, total, targets) => progress.stage('wave', [index, total, targets.join(', ')]),
      onStep: (target, step) => progress.note(stepProgressLine(target, step)),
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
    this.reportResume(result, flags['state-dir']);
    for (const target of result.targets.filter((t) => t.remainingDrift.length > 0)) {
      this.warn(messages.getMessage('warning.RemainingDrift', [target.alias ?? target.username, target.remainingDrift.map((d) => `${d.type}:${d.fullName}`).join(', ')]));
    }
    const notApplied = result.targets.filter((t) => ['stale', 'not-planned'].includes(t.status));
    if (notApplied.length > 0) {
      this.warn(messages.getMessage('warning.NotApplied', [notApplied.map((t) => `${t.alias ?? t.username} (${t.status})`).join(', '), planFile]));
    }
    process.exitCode = applyExitCode(result);
    return result;
  }

  /** The exact command that finishes what is left (with the state folder when one was given). */
  private reportResume(result: ApplyResult, stateDirGiven: string | undefined): void {
    if (!result.resumeCommand || result.interrupted) return;
    // eslint-disable-next-line no-param-reassign
    result.resumeCommand += stateDirGiven ? ` --state-dir ${stateDirGiven}` : '';
    if (!this.jsonEnabled()) this.log(messages.getMessage('info.Resume', [result.resumeCommand]));
  }
}

/** The plan of a new apply (refused if its steps ran in an earlier one), or the plan and journal of the apply resumed. */
async function planToApply(
  stateDir: string,
  flags: { resume?: string; 'plan-file'?: string; 'dry-run'?: boolean }
): Promise<{ resumed?: Awaited<ReturnType<typeof loadResume>>; planFile: string; plan: PlanFile }> {
  if (flags.resume) {
    const resumed = await loadResume(stateDir, flags.resume);
    return { resumed, planFile: resumed.journal.planFile, plan: resumed.plan };
  }
  const planFile = flags['plan-file']!;
  const plan = await readPlanFile(planFile);
  if (!flags['dry-run']) await refuseSecondApply(stateDir, plan);
  return { planFile, plan };
}
