/*
 * Ctrl-C during apply. A deploy that the org has started cannot be taken back, so the first Ctrl-C
 * (or SIGTERM, as CI runners send on cancel) only stops starting new targets; the second one leaves
 * at once. SfCommand's own handlers would throw EEXIT from inside the signal handler and print a
 * stack trace, so they are replaced for the life of the command.
 */
const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export class Interruption {
  private readonly controller = new AbortController();

  public constructor(private readonly onFirst: () => void, private readonly onSecond: () => void) {
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) process.off(signal, listener);
      process.on(signal, () => this.onSignal());
    }
  }

  /** Aborted at the first signal. */
  public get signal(): AbortSignal {
    return this.controller.signal;
  }

  private onSignal(): void {
    if (!this.controller.signal.aborted) {
      this.controller.abort();
      this.onFirst();
      return;
    }
    this.onSecond();
  }
}
