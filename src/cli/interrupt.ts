/*
 * Ctrl-C (SIGINT, or SIGTERM as CI runners send on cancel). SfCommand's own handlers throw EEXIT
 * from inside the signal handler, which prints a stack trace and exits 1, so they are replaced for
 * the life of the command. What a signal does is up to the command: by default it leaves at once
 * with exit 130; apply first stops starting new targets and leaves only at the second one.
 * Leaving goes through oclif's error path: the command's run rejects with InterruptedError.
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
  /** Rejects with InterruptedError once `leave` is called. */
  public readonly left: Promise<never>;
  private handler: () => void;
  private reject!: (error: InterruptedError) => void;

  /** beforeLeave: what must happen before the command's error is printed (stop a spinner). */
  public constructor(defaultMessage: () => string, private readonly beforeLeave: () => void = (): void => undefined) {
    this.left = new Promise<never>((_, reject): void => {
      this.reject = reject;
    });
    // never unhandled: the command races it against its work
    this.left.catch(() => undefined);
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

  public leave(message: string): void {
    this.beforeLeave();
    this.reject(new InterruptedError(message));
  }
}
