/*
 * The base of the postdeploy commands. A request given up on as hung leaves its socket open, which
 * would keep the process alive after the command is done; then the process ends on purpose, once
 * the output is written.
 */
import { SfCommand } from '@salesforce/sf-plugins-core';
import { hungRequestCount } from '../org/index.js';

export abstract class PostdeployCommand<T> extends SfCommand<T> {
  // oclif's manifest reads this from the class itself, so it is restated here
  public static override enableJsonFlag = true;

  protected override async finally(error: Error | undefined): Promise<unknown> {
    const result: unknown = await super.finally(error);
    if (hungRequestCount() > 0) {
      setTimeout(() => process.exit(), 250);
    }
    return result;
  }
}
