import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { exitCodesHelpSection } from '../../cli/exitCodes.js';
import { envVariablesHelpSection, planConfigVariablesHelpSection } from '../../cli/helpSections.js';
import { checkPlanInputFlags, Mode, planInputFlags } from '../../cli/flags.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.plan');

export type PlanTargetSummary = {
  alias?: string;
  username: string;
  orgId?: string;
  status: 'ok' | 'error';
  error?: string;
  counts: { create: number; update: number; delete: number; noop: number };
};

/** The --json output: a summary of the plan file, versioned apart from the file's own format. */
export type PostdeployPlanResult = {
  planFile: string;
  planId: string;
  mode: Mode;
  drift: boolean;
  targets: PlanTargetSummary[];
};

export default class PostdeployPlan extends SfCommand<PostdeployPlanResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly configurationVariablesSection = planConfigVariablesHelpSection;
  public static override readonly envVariablesSection = envVariablesHelpSection;
  public static override readonly errorCodes = exitCodesHelpSection;

  public static override readonly flags = {
    ...planInputFlags,
    'output-file': Flags.file({
      summary: messages.getMessage('flags.output-file.summary'),
      default: 'postdeploy-plan.json',
    }),
    'fail-on-drift': Flags.boolean({
      summary: messages.getMessage('flags.fail-on-drift.summary'),
    }),
  };

  public async run(): Promise<PostdeployPlanResult> {
    const { flags } = await this.parse(PostdeployPlan);
    checkPlanInputFlags(flags);
    throw messages.createError('error.NotImplemented');
  }
}
