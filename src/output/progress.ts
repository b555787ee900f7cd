/*
 * Progress of long work, through sf's own UX: on stderr, so that stdout stays the command's result
 * (a pipe, --json), and silent under --json (SfCommand's logToStderr and spinner are). On an
 * interactive terminal a stage is sf's spinner, its status the count of finished targets or the
 * chunk a retrieve is at; elsewhere (CI logs, pipes) each stage prints a line, the count at most
 * every 10%, and each chunk a line. The labels are in messages/postdeploy.progress.md.
 */
import { Messages } from '@salesforce/core';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.progress');

/** What a stage needs of SfCommand: `logToStderr` and `spinner` (both silent under --json). */
export type ProgressUx = {
  readonly spinner: { status: string | undefined; start(action: string): void; stop(message?: string): void };
  logToStderr(message: string): void;
};

/** The stages a command shows (their labels are messages `stage.<key>`). */
export type StageKey =
  | 'resolve'
  | 'reference'
  | 'targets'
  | 'apply'
  | 'apply.dryRun'
  | 'apply.resume'
  | 'wave'
  | 'rollback'
  | 'rollback.dryRun';

export class StageProgress {
  private current?: { label: string; startedAt: number };
  private lastReportedTenth = -1;

  /** interactive: sf's spinner is a spinner (a terminal, not CI), so a status updates in place. */
  public constructor(private readonly ux: ProgressUx, private readonly interactive: boolean) {}

  /** tokens fill the label's placeholders (the apply resumed, the wave and its targets). */
  public stage(key: StageKey, tokens: Array<string | number> = []): void {
    this.finishStage();
    const label = messages.getMessage(`stage.${key}`, tokens);
    this.current = { label, startedAt: Date.now() };
    this.lastReportedTenth = -1;
    if (this.interactive) this.ux.spinner.start(label);
    else this.ux.logToStderr(`${label}...`);
  }

  public count(done: number, total: number): void {
    if (!this.current) return;
    const text = messages.getMessage('count.targets', [done, total]);
    if (this.interactive) {
      this.ux.spinner.status = text;
      return;
    }
    const tenth = Math.floor((done / Math.max(total, 1)) * 10);
    if (tenth === this.lastReportedTenth && done !== total) return;
    this.lastReportedTenth = tenth;
    this.ux.logToStderr(`  ${text}`);
  }

  /** The chunk a big retrieve is at, inside the current stage. */
  public chunk(org: string, index: number, total: number): void {
    this.note(messages.getMessage('note.chunk', [org, index, total]));
  }

  /** A line of its own inside the current stage (a release step of a target, a chunk). */
  public note(text: string): void {
    if (!this.current) return;
    if (this.interactive) this.ux.spinner.status = text;
    else this.ux.logToStderr(`  ${text}`);
  }

  public finishStage(): void {
    if (!this.current) return;
    const done = messages.getMessage('stage.done', [((Date.now() - this.current.startedAt) / 1000).toFixed(1)]);
    if (this.interactive) this.ux.spinner.stop(done);
    else this.ux.logToStderr(`  ${done}`);
    this.current = undefined;
  }

  /**
   * Before the process ends on Ctrl-C: the spinner holds back what is written to stderr while it
   * runs, so it is stopped first or the interruption report would be lost.
   */
  public interrupt(): void {
    if (!this.current) return;
    if (this.interactive) this.ux.spinner.stop(messages.getMessage('stage.interrupted'));
    this.current = undefined;
  }
}

/** The planner's progress callbacks, shown as stages. */
export function planProgress(progress: StageProgress): {
  stage(stage: string): void;
  targetDone(done: number, total: number): void;
  chunk(org: string, index: number, total: number): void;
} {
  const stages = new Set<string>(['resolve', 'reference', 'targets']);
  return {
    stage: (stage) => (stages.has(stage) ? progress.stage(stage as StageKey) : progress.finishStage()),
    targetDone: (done, total) => progress.count(done, total),
    chunk: (org, index, total) => progress.chunk(org, index, total),
  };
}
