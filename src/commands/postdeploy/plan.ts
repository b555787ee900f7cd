import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { interruptionOf, noTargetsNote, parseOrUsageError, stageProgressOf, tableOrNote } from '../../cli/commandSupport.js';
import { ExitCode, errorCodesHelpSection, planExitCode } from '../../cli/exitCodes.js';
import { pluginTool } from '../../cli/toolInfo.js';
import { planConfigVariablesHelpSection } from '../../cli/helpSections.js';
import { htmlFileFlag, planInputFlags } from '../../cli/flags.js';
import { planWithProgress } from '../../cli/livePlan.js';
import { planRequestOf } from '../../cli/requests.js';
import { PlanSummary, conflictLines, planSummaryRows, summarizePlan } from '../../output/planSummary.js';
import { writePlanFile } from '../../state/planFile.js';
import { unignoredInWorkTree } from '../../state/gitWorkTree.js';
import { writeDriftReports } from '../../output/diffResult.js';
import { commandLineWith } from '../../cli/commandLine.js';
import { writeResolutionsFile } from '../../state/resolutionsFile.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

/** The --json output: a summary of the plan file, versioned apart from the file's own format. */
export type PostdeployPlanResult = PlanSummary;

export default class PostdeployPlan extends SfCommand<PostdeployPlanResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly configurationVariablesSection = planConfigVariablesHelpSection;
  public static override readonly errorCodes = errorCodesHelpSection(ExitCode.Ok, ExitCode.Error, ExitCode.UsageError, ExitCode.DriftFound, ExitCode.PartialSuccess, ExitCode.Interrupted);

  public static override readonly flags = {
    ...planInputFlags,
    'output-file': Flags.file({
      summary: messages.getMessage('flags.output-file.summary'),
      default: 'postdeploy-plan.json',
    }),
    'fail-on-drift': Flags.boolean({
      summary: messages.getMessage('flags.fail-on-drift.summary'),
    }),
    'write-resolutions': Flags.file({
      summary: messages.getMessage('flags.write-resolutions.summary'),
      description: messages.getMessage('flags.write-resolutions.description'),
    }),
    'html-file': htmlFileFlag,
  };

  public async run(): Promise<PostdeployPlanResult> {
    const interruption = interruptionOf(this, false, (error) => this.catch(error));
    const { flags, raw } = await parseOrUsageError(this.parse(PostdeployPlan));
    const request = await planRequestOf(flags, raw, pluginTool());
    const plan = await planWithProgress(request, stageProgressOf(this, interruption));
    const file = await writePlanFile(flags['output-file'], plan);
    const summary = summarizePlan(file, flags['output-file']);
    const reports = await writeDriftReports(file, { htmlFile: flags['html-file'] });

    if (!this.jsonEnabled()) {
      tableOrNote(this, planSummaryRows(summary), messages.getMessage('title.Plan', [summary.planId, summary.mode, summary.apiVersion]), noTargetsNote(file.shard));
      this.log(messages.getMessage('info.PlanWritten', [summary.planId, summary.planFile]));
      if (reports.htmlFile) this.log(messages.getMessage('info.HtmlReportWritten', [reports.htmlFile]));
      this.log(messages.getMessage('info.NextStep', [summary.planFile, summary.planFile]));
    }
    for (const warning of plan.warnings ?? []) this.warn(warning);
    const tracked = unignoredInWorkTree(flags['output-file']);
    if (tracked) this.warn(messages.getMessage('warning.PlanInGitWorkTree', [summary.planFile, tracked.root, tracked.entry]));
    const conflicts = conflictLines(file);
    const toEdit = flags['write-resolutions'];
    let oneByOne = messages.getMessage('info.ConflictsOneByOne');
    if (toEdit) {
      await writeResolutionsFile(toEdit, file, request.resolutions?.entries);
      oneByOne = messages.getMessage('info.ResolutionsWritten', [conflicts.length, toEdit, commandLineWith(this.id ?? 'postdeploy:plan', this.argv, ['write-resolutions', 'resolutions'], ['--resolutions', toEdit])]);
      if (conflicts.length === 0) this.log(oneByOne);
    }
    if (conflicts.length > 0) this.warn(messages.getMessage('warning.Conflicts', [conflicts.length, conflicts.join('\n'), oneByOne]));
    const failed = summary.targets.filter((t) => t.status === 'error');
    if (failed.length > 0) {
      this.warn(messages.getMessage('warning.TargetsFailed', [failed.length, summary.targets.length, failed.map((t) => `${t.alias ?? t.username}: ${t.error ?? ''}`).join('; ')]));
    }
    process.exitCode = planExitCode(summary, flags['fail-on-drift']);
    return summary;
  }
}
