/*
 * The errors of apply with an exit code of their own (cli/exitCodes.ts); a small module, so that the
 * table of codes can name them without loading apply itself.
 */
import { Messages, SfError } from '@salesforce/core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

/** The exit code of a stale plan; the table of every code (cli/exitCodes.ts) takes it from here. */
export const STALE_PLAN_EXIT_CODE = 4;

/** The target changed since the plan: nothing was deployed to any target (exit code 4). */
export class StalePlanError extends SfError {
  public constructor(stale: Array<{ target: string; orgId: string; components: string[] }>, planFile: string) {
    const made = messages.createError('error.StalePlan', [stale.map((s) => `${s.target} (${s.components.join(', ')})`).join('; ')], [planFile]);
    super(made.message, made.name, made.actions, STALE_PLAN_EXIT_CODE);
    this.setData({ stale });
  }
}
