/*
 * The errors of apply whose class decides the exit code (cli/exitCodes.ts); a small module, so that
 * every command can match them without loading apply itself.
 */
import { Messages, SfError } from '@salesforce/core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

/** The target changed since the plan: nothing was deployed to any target (exit code 4). */
export class StalePlanError extends SfError {
  public constructor(stale: Array<{ target: string; orgId: string; components: string[] }>, planFile: string) {
    const made = messages.createError('error.StalePlan', [stale.map((s) => `${s.target} (${s.components.join(', ')})`).join('; ')], [planFile]);
    super(made.message, made.name, made.actions);
    this.setData({ stale });
  }
}
