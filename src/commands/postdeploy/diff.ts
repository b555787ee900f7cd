import { Messages } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { PostdeployCommand } from '../../cli/postdeployCommand.js';
import { ExitCode, diffExitCode, errorCodesHelpSection } from '../../cli/exitCodes.js';
import { pluginTool } from '../../cli/toolInfo.js';
import { planConfigVariablesHelpSection } from '../../cli/helpSections.js';
import { checkAlternativeFlags, checkPlanInputFlags, explicitFlags, planInputFlags, planInputFlagsAlternativeTo } from '../../cli/flags.js';
import { planFromCommandLine } from '../../cli/livePlan.js';
import { DiffResult, diffResult, writeDriftReports } from '../../output/diffResult.js';
import { renderDriftText } from '../../output/driftText.js';
import { wantsColor } from '../../output/palette.js';
import { readPlanFile } from '../../state/planFile.js';
import { choosePlanTargets } from '../../plan/planTargets.js';
import { PlanBody } from '../../plan/planTypes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.diff');

export type PostdeployDiffResult = DiffResult;

export default class PostdeployDiff extends PostdeployCommand<PostdeployDiffResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly configurationVariablesSection = planConfigVariablesHelpSection;
  public static override readonly errorCodes = errorCodesHelpSection(ExitCode.Ok, ExitCode.Error, ExitCode.UsageError, ExitCode.PartialSuccess);

  public static override readonly flags = {
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
    'fold-lines': Flags.integer({
      summary: messages.getMessage('flags.fold-lines.summary'),
      description: messages.getMessage('flags.fold-lines.description'),
      min: 0,
      default: 0,
    }),
  };

  public async run(): Promise<PostdeployDiffResult> {
    const { flags, raw } = await this.parse(PostdeployDiff);
    checkAlternativeFlags(explicitFlags(raw), 'plan-file', ['target-org']);
    checkPlanInputFlags(flags);
    const live = !flags['plan-file'];
    let plan: PlanBody;
    if (flags['plan-file']) {
      const saved = await readPlanFile(flags['plan-file']);
      plan = { ...saved, targets: choosePlanTargets(saved, flags['target-org']) };
    } else {
      plan = await planFromCommandLine(flags, raw, { progress: this.stageProgress(), tool: pluginTool() });
    }
    // a member the reference listed but could not return is named, from a live plan or a plan file alike
    for (const warning of plan.warnings ?? []) this.warn(warning);
    const reports = await writeDriftReports(plan, { markdownFile: flags['markdown-file'], junitFile: flags['junit-file'] }, live);
    if (!this.jsonEnabled()) {
      this.log(renderDriftText(plan, { color: wantsColor(process.stdout), live, foldLines: flags['fold-lines'] }));
      if (reports.markdownFile) this.log(messages.getMessage('info.MarkdownReportWritten', [reports.markdownFile]));
      if (reports.junitFile) this.log(messages.getMessage('info.JUnitReportWritten', [reports.junitFile]));
    }
    const result = diffResult(plan, flags['plan-file'] ? 'plan-file' : 'live', reports);
    process.exitCode = diffExitCode(result);
    return result;
  }
}
