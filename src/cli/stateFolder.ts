/*
 * The state folder a command reads or writes, resolved and told to the user on stderr (stdout
 * stays clean for --json), so that nobody has to guess where the journals of a run went.
 */
import { Messages } from '@salesforce/core';
import { resolveStateDir } from '../state/stateDir.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.shared');

export function stateFolderOf(flag: string | undefined): string {
  const stateDir = resolveStateDir(flag);
  process.stderr.write(`${messages.getMessage('info.StateFolder', [stateDir])}\n`);
  return stateDir;
}
