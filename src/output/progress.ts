/*
 * Progress of long work, on stderr so that stdout stays the command's result (a pipe, --json).
 * Stages print a line each; the count of finished targets updates in place on a terminal and is
 * printed at most every 10% elsewhere (CI logs). Silent under --json.
 */
export type ProgressStream = { isTTY?: boolean; write(text: string): unknown };

export class StageProgress {
  private current?: { label: string; startedAt: number };
  private lastReportedTenth = -1;

  public constructor(private readonly stream: ProgressStream | undefined) {}

  public stage(label: string): void {
    this.finishStage();
    this.current = { label, startedAt: Date.now() };
    this.lastReportedTenth = -1;
    this.stream?.write(`${label}...${this.stream.isTTY ? '' : '\n'}`);
  }

  public count(done: number, total: number, noun: string): void {
    if (!this.stream || !this.current) return;
    if (this.stream.isTTY) {
      this.stream.write(`\r${this.current.label}... ${done}/${total} ${noun}`);
      return;
    }
    const tenth = Math.floor((done / Math.max(total, 1)) * 10);
    if (tenth === this.lastReportedTenth && done !== total) return;
    this.lastReportedTenth = tenth;
    this.stream.write(`  ${done}/${total} ${noun}\n`);
  }

  /** A line of its own inside the current stage, e.g. the chunk a big retrieve is at. */
  public note(text: string): void {
    if (!this.stream || !this.current) return;
    this.stream.write(this.stream.isTTY ? `\r${this.current.label}... ${text}\x1b[K` : `  ${text}\n`);
  }

  public finishStage(): void {
    if (!this.current || !this.stream) return;
    const seconds = ((Date.now() - this.current.startedAt) / 1000).toFixed(1);
    this.stream.write(this.stream.isTTY ? `\r${this.current.label}... done (${seconds}s)\x1b[K\n` : `  done (${seconds}s)\n`);
    this.current = undefined;
  }
}

/** The planner's progress callbacks, shown as stages. */
export function planProgress(progress: StageProgress): {
  stage(stage: string): void;
  targetDone(done: number, total: number): void;
  chunk(org: string, index: number, total: number): void;
} {
  const labels: Record<string, string> = {
    resolve: 'Resolving orgs from the sf auth store',
    reference: 'Retrieving the reference',
    targets: 'Retrieving and comparing the targets',
  };
  return {
    stage: (stage) => (labels[stage] ? progress.stage(labels[stage]) : progress.finishStage()),
    targetDone: (done, total) => progress.count(done, total, 'targets'),
    chunk: (org, index, total) => progress.note(`${org}: chunk ${index}/${total}`),
  };
}
