/*
 * The state folder a command reads or writes, resolved and told to the user on stderr, with --json
 * too (stdout stays the JSON document), so that nobody has to guess where the journals of a run went.
 */
import { ux } from '@oclif/core';
import { Messages } from '@salesforce/core';
import { resolveStateDir } from '../state/stateDir.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.shared');

export function stateFolderOf(flag: string | undefined): string {
  const stateDir = resolveStateDir(flag);
  ux.stderr(messages.getMessage('info.StateFolder', [stateDir]));
  return stateDir;
}
