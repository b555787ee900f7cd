import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { exitCodesHelpSection } from '../../cli/exitCodes.js';
import { envVariablesHelpSection, planConfigVariablesHelpSection } from '../../cli/helpSections.js';
import { checkPlanInputFlags, planInputFlags, planInputFlagsAlternativeTo } from '../../cli/flags.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.diff');

export type ElementChange = {
  op: 'add' | 'remove' | 'change';
  path: string;
  before?: unknown;
  after?: unknown;
};

export type ComponentDrift = {
  type: string;
  fullName: string;
  action: 'create' | 'update' | 'delete' | 'noop';
  changes: ElementChange[];
};

export type PostdeployDiffResult = {
  source: 'plan-file' | 'live';
  drift: boolean;
  targets: Array<{
    alias?: string;
    username: string;
    status: 'ok' | 'error';
    error?: string;
    components: ComponentDrift[];
  }>;
  reports: { markdownFile?: string; junitFile?: string };
};

export default class PostdeployDiff extends SfCommand<PostdeployDiffResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly configurationVariablesSection = planConfigVariablesHelpSection;
  public static override readonly envVariablesSection = envVariablesHelpSection;
  public static override readonly errorCodes = exitCodesHelpSection;

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
  };

  public async run(): Promise<PostdeployDiffResult> {
    const { flags } = await this.parse(PostdeployDiff);
    checkPlanInputFlags(flags);
    throw messages.createError('error.NotImplemented');
  }
}
