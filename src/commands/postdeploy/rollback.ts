import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { exitCodesHelpSection } from '../../cli/exitCodes.js';
import { envVariablesHelpSection } from '../../cli/helpSections.js';
import { stateDirFlag, targetOrgSubsetFlag } from '../../cli/flags.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.rollback');

export type PostdeployRollbackResult = {
  applyId: string;
  dryRun: boolean;
  targets: Array<{
    alias?: string;
    username: string;
    state: 'rolled-back' | 'refused' | 'failed' | 'skipped';
    error?: string;
  }>;
};

export default class PostdeployRollback extends SfCommand<PostdeployRollbackResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly envVariablesSection = envVariablesHelpSection;
  public static override readonly errorCodes = exitCodesHelpSection;

  public static override readonly flags = {
    'apply-id': Flags.string({
      summary: messages.getMessage('flags.apply-id.summary'),
      exactlyOne: ['apply-id', 'latest'],
    }),
    latest: Flags.boolean({
      summary: messages.getMessage('flags.latest.summary'),
      exactlyOne: ['apply-id', 'latest'],
    }),
    'target-org': targetOrgSubsetFlag,
    'dry-run': Flags.boolean({
      summary: messages.getMessage('flags.dry-run.summary'),
    }),
    force: Flags.boolean({
      summary: messages.getMessage('flags.force.summary'),
    }),
    'state-dir': stateDirFlag,
  };

  public async run(): Promise<PostdeployRollbackResult> {
    await this.parse(PostdeployRollback);
    throw messages.createError('error.NotImplemented');
  }
}
