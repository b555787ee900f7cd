import { Messages } from '@salesforce/core';
import { SfCommand } from '@salesforce/sf-plugins-core';
import { interruptionOf, parseOrUsageError } from '../../cli/commandSupport.js';
import { ExitCode, errorCodesHelpSection } from '../../cli/exitCodes.js';
import { envVariablesHelpSection } from '../../cli/helpSections.js';
import { stateDirFlag } from '../../cli/flags.js';
import { stateFolderOf } from '../../cli/stateFolder.js';
import { HistoryEntry, readHistory } from '../../state/history.js';
import { historyDetailLines, historyRows } from '../../output/historyTable.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.history');

/** The --json output of history. */
export type PostdeployHistoryResult = { stateDir: string; applies: HistoryEntry[] };

export default class PostdeployHistory extends SfCommand<PostdeployHistoryResult> {
  public static override readonly summary = messages.getMessage('summary');
  public static override readonly description = messages.getMessage('description');
  public static override readonly examples = messages.getMessages('examples');
  public static override readonly envVariablesSection = envVariablesHelpSection;
  public static override readonly errorCodes = errorCodesHelpSection(ExitCode.Ok, ExitCode.Error, ExitCode.UsageError, ExitCode.Interrupted);

  public static override readonly flags = {
    'state-dir': stateDirFlag,
  };

  public async run(): Promise<PostdeployHistoryResult> {
    interruptionOf(this, false, (error) => this.catch(error));
    const { flags } = await parseOrUsageError(this.parse(PostdeployHistory));
    const stateDir = stateFolderOf(flags['state-dir']);
    const applies = await readHistory(stateDir);
    if (!this.jsonEnabled()) {
      if (applies.length === 0) {
        this.log(messages.getMessage('info.NoApplies', [stateDir]));
      } else {
        this.table({ data: historyRows(applies), title: messages.getMessage('title.Applies', [stateDir]) });
        for (const line of historyDetailLines(applies)) this.log(line);
      }
    }
    return { stateDir, applies };
  }
}
