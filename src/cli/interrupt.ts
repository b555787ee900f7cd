/*
 * Ctrl-C (SIGINT, or SIGTERM as CI runners send on cancel). SfCommand's own handlers throw EEXIT
 * from inside the signal handler, which prints a stack trace and exits 1, so they are replaced for
 * the life of the command. What a signal does is up to the command: by default it leaves at once
 * with exit 130; apply first stops starting new targets and leaves only at the second one.
 */
import { SfError } from '@salesforce/core';
import { ExitCode } from './exitCodes.js';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** The command was interrupted: its message says what was left and how; exit code 130. */
export class InterruptedError extends SfError {
  public constructor(message: string) {
    super(message, 'InterruptedError', undefined, ExitCode.Interrupted);
  }
}

export class Interruption {
  private handler: () => void;
  private readonly beforeLeave: Array<() => void> = [];

  /** exit: prints the error and ends the process; work under way is not waited for. */
  public constructor(defaultMessage: () => string, private readonly exit: (error: InterruptedError) => void) {
    this.handler = (): void => this.leave(defaultMessage());
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) process.off(signal, listener);
      process.on(signal, () => this.handler());
    }
  }

  /** What a signal does from now on (replaces the default, leaving at once). */
  public onSignal(handler: () => void): void {
    this.handler = handler;
  }

  /** What must happen before the error is printed (stop a spinner). */
  public beforeLeaving(step: () => void): void {
    this.beforeLeave.push(step);
  }

  public leave(message: string): void {
    for (const step of this.beforeLeave) step();
    this.exit(new InterruptedError(message));
  }
}
