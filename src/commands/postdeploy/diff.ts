import { Messages } from '@salesforce/core';
import { PostdeployCommand } from '../../cli/postdeployCommand.js';
import { ExitCode, diffExitCode, errorCodesHelpSection } from '../../cli/exitCodes.js';
import { pluginTool } from '../../cli/toolInfo.js';
import { planConfigVariablesHelpSection } from '../../cli/helpSections.js';
import { diffFlags } from '../../cli/flags.js';
import { planWithProgress } from '../../cli/livePlan.js';
import { diffRequestOf } from '../../cli/requests.js';
import { DiffResult, diffResult, writeDriftReports } from '../../output/diffResult.js';
import { renderDriftText } from '../../output/driftText.js';
import { conflictLines } from '../../output/planSummary.js';
import { wantsColor } from '../../output/palette.js';
import { readPlanFile } from '../../state/planFile.js';
import { choosePlanTargets } from '../../plan/planTargets.js';
import { PlanBody } from '../../plan/planTypes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.diff');
const planMessages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

export type PostdeployDiffResult = DiffResult;

export default class PostdeployDiff extends PostdeployCommand<PostdeployDiffResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly configurationVariablesSection = planConfigVariablesHelpSection;
  public static override readonly errorCodes = errorCodesHelpSection(ExitCode.Ok, ExitCode.Error, ExitCode.UsageError, ExitCode.PartialSuccess, ExitCode.Interrupted);

  public static override readonly flags = diffFlags;

  public async run(): Promise<PostdeployDiffResult> {
    const { flags, raw } = await this.parse(PostdeployDiff);
    const request = await diffRequestOf(flags, raw, pluginTool());
    const live = request.source === 'live';
    let plan: PlanBody;
    if (request.source === 'plan-file') {
      const saved = await readPlanFile(request.planFile);
      plan = { ...saved, targets: choosePlanTargets(saved, request.targets) };
    } else {
      plan = await planWithProgress(request.plan, this.stageProgress());
    }
    // a member the reference listed but could not return is named, from a live plan or a plan file alike
    for (const warning of plan.warnings ?? []) this.warn(warning);
    const reports = await writeDriftReports(plan, request.reports, live);
    if (!this.jsonEnabled()) {
      this.log(renderDriftText(plan, { color: wantsColor(process.stdout), live, foldLines: request.foldLines, showKept: request.showKept }));
      if (reports.markdownFile) this.log(messages.getMessage('info.MarkdownReportWritten', [reports.markdownFile]));
      if (reports.junitFile) this.log(messages.getMessage('info.JUnitReportWritten', [reports.junitFile]));
      if (reports.htmlFile) this.log(messages.getMessage('info.HtmlReportWritten', [reports.htmlFile]));
    }
    const conflicts = conflictLines(plan);
    if (conflicts.length > 0) this.warn(planMessages.getMessage('warning.Conflicts', [conflicts.length, conflicts.join('\n'), planMessages.getMessage('info.ConflictsOneByOne')]));
    const result = diffResult(plan, request.source, reports);
    process.exitCode = diffExitCode(result);
    return result;
  }
}
