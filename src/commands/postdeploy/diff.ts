import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { interruptionOf, parseOrUsageError, stageProgressOf } from '../../cli/commandSupport.js';
import { ExitCode, diffExitCode, errorCodesHelpSection } from '../../cli/exitCodes.js';
import { pluginTool } from '../../cli/toolInfo.js';
import { planConfigVariablesHelpSection } from '../../cli/helpSections.js';
import { htmlFileFlag, planInputFlags, planInputFlagsAlternativeTo } from '../../cli/flags.js';
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

export default class PostdeployDiff extends SfCommand<PostdeployDiffResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly configurationVariablesSection = planConfigVariablesHelpSection;
  public static override readonly errorCodes = errorCodesHelpSection(ExitCode.Ok, ExitCode.Error, ExitCode.UsageError, ExitCode.PartialSuccess, ExitCode.Interrupted);

  public static override readonly flags = {
    // no `exists`: a missing plan file is PlanNotFound (exit 1), whose action says how to make a plan
    'plan-file': Flags.file({
      summary: messages.getMessage('flags.plan-file.summary'),
    }),
    ...planInputFlagsAlternativeTo(planInputFlags, 'plan-file'),
    'markdown-file': Flags.file({
      summary: messages.getMessage('flags.markdown-file.summary'),
    }),
    'junit-file': Flags.file({
      summary: messages.getMessage('flags.junit-file.summary'),
    }),
    'html-file': htmlFileFlag,
    'fold-lines': Flags.integer({
      summary: messages.getMessage('flags.fold-lines.summary'),
      description: messages.getMessage('flags.fold-lines.description'),
      min: 0,
      default: 0,
    }),
    'show-kept': Flags.boolean({
      summary: messages.getMessage('flags.show-kept.summary'),
      description: messages.getMessage('flags.show-kept.description'),
    }),
  };

  public async run(): Promise<PostdeployDiffResult> {
    const interruption = interruptionOf(this, false, (error) => this.catch(error));
    const { flags, raw } = await parseOrUsageError(this.parse(PostdeployDiff));
    const request = await diffRequestOf(flags, raw, pluginTool());
    const live = request.source === 'live';
    let plan: PlanBody;
    if (request.source === 'plan-file') {
      const saved = await readPlanFile(request.planFile);
      plan = { ...saved, targets: choosePlanTargets(saved, request.targets) };
    } else {
      plan = await planWithProgress(request.plan, stageProgressOf(this, interruption));
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
