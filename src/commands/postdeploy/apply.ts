import { dirname } from 'node:path';
import { ux } from '@oclif/core';
import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { interruptionOf, noTargetsNote, parseOrUsageError, stageProgressOf, tableOrNote } from '../../cli/commandSupport.js';
import { ExitCode, applyExitCode, errorCodesHelpSection } from '../../cli/exitCodes.js';
import { envVariablesHelpSection } from '../../cli/helpSections.js';
import { concurrencyFlag, stateDirFlag, targetOrgSubsetFlag, waitFlag } from '../../cli/flags.js';
import { FailureBudget, WaveSize, parseFailureBudget, parseWaves } from '../../apply/waves.js';
import { testLevels } from '../../org/types.js';
import { applyRequestOf } from '../../cli/requests.js';
import { ApplyResult, applyPlan } from '../../apply/applier.js';
import { Journal } from '../../state/journal.js';
import { stateDirOption } from '../../state/stateDir.js';
import { applyDetailLines, applyRows, interruptionReport } from '../../output/applySummary.js';
import { stepProgressLine } from '../../output/stepLines.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

/** The --json output of apply. */
export type PostdeployApplyResult = ApplyResult;

export default class PostdeployApply extends SfCommand<PostdeployApplyResult> {
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
    // no `exists`: a missing plan file is PlanNotFound (exit 1), whose action says how to make a plan
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
    'record-base': Flags.boolean({
      summary: messages.getMessage('flags.record-base.summary'),
      description: messages.getMessage('flags.record-base.description'),
      allowNo: true,
      default: true,
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
    const interruption = interruptionOf(this, true, (error) => this.catch(error));
    const { flags } = await parseOrUsageError(this.parse(PostdeployApply));
    const request = await applyRequestOf(flags);
    const { plan, stateDir } = request;
    const progress = stageProgressOf(this, interruption);
    let journal: Journal | undefined;
    // the first Ctrl-C starts no new target and lets the deploys under way end; the second leaves now
    const stop = new AbortController();
    interruption.onSignal(() => {
      if (stop.signal.aborted) return interruption.leave(interruptionReport(journal, stateDirOption(stateDir)).join('\n'));
      stop.abort();
      ux.stderr(`\n${messages.getMessage('info.Interrupting')}`);
    });
    if (request.dryRun) progress.stage('apply.dryRun');
    else if (request.resume) progress.stage('apply.resume', [request.resume.applyId]);
    else progress.stage('apply');
    const result = await applyPlan({
      ...request,
      onTargetDone: (done, total) => progress.count(done, total),
      onJournal: (written) => (journal = written),
      stop: stop.signal,
      onWave: (index, total, targets) => progress.stage('wave', [index, total, targets.join(', ')]),
      onStep: (target, step) => progress.note(stepProgressLine(target, step)),
    });
    progress.finishStage();
    if (!this.jsonEnabled()) {
      tableOrNote(this, applyRows(result), messages.getMessage(result.dryRun ? 'title.ApplyDryRun' : 'title.Apply', [result.applyId]), noTargetsNote(plan.shard));
      for (const line of applyDetailLines(result)) this.log(line);
      if (journal) this.log(messages.getMessage('info.Snapshots', [dirname(result.snapshotDir)]));
      if (!result.interrupted && !result.dryRun && result.targets.some((t) => t.status === 'deployed')) {
        this.log(messages.getMessage('info.RollbackHint', [`${result.applyId}${stateDirOption(stateDir)}`]));
      }
    }
    if (result.interrupted) ux.stderr(interruptionReport(journal, stateDirOption(stateDir)).join('\n'));
    if (result.resumeCommand && !result.interrupted && !this.jsonEnabled()) this.log(messages.getMessage('info.Resume', [result.resumeCommand]));
    for (const target of result.targets.filter((t) => t.remainingDrift.length > 0)) {
      this.warn(messages.getMessage('warning.RemainingDrift', [target.alias ?? target.username, target.remainingDrift.map((d) => `${d.type}:${d.fullName}`).join(', ')]));
    }
    const notApplied = result.targets.filter((t) => ['stale', 'not-planned'].includes(t.status));
    if (notApplied.length > 0) {
      this.warn(messages.getMessage('warning.NotApplied', [notApplied.map((t) => `${t.alias ?? t.username} (${t.status})`).join(', '), request.planFile]));
    }
    process.exitCode = applyExitCode(result);
    return result;
  }
}
