import { Messages } from '@salesforce/core';
import { Flags, SfCommand } from '@salesforce/sf-plugins-core';
import { exitCodesHelpSection } from '../../cli/exitCodes.js';
import { envVariablesHelpSection } from '../../cli/helpSections.js';
import { concurrencyFlag, stateDirFlag, targetOrgSubsetFlag, waitFlag } from '../../cli/flags.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

export const testLevels = ['NoTestRun', 'RunSpecifiedTests', 'RunLocalTests', 'RunAllTestsInOrg'] as const;

export type ApplyTargetState = 'pending' | 'deployed' | 'failed' | 'rolled-back' | 'stale' | 'skipped';

export type PostdeployApplyResult = {
  applyId: string;
  planId: string;
  dryRun: boolean;
  targets: Array<{
    alias?: string;
    username: string;
    state: ApplyTargetState;
    deployId?: string;
    error?: string;
    // drift the org left after the deploy: reported, never hidden
    remainingDrift: number;
  }>;
};

export default class PostdeployApply extends SfCommand<PostdeployApplyResult> {
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
    await this.parse(PostdeployApply);
    throw messages.createError('error.NotImplemented');
  }
}
