/*
 * Waves (`apply --waves 1,5,*`): the targets in the plan's order, a few first, then more; a wave
 * starts only when every earlier one ended within the failure budget (`--max-failures`). When the
 * budget is spent, the targets left are not started: `apply --resume <apply-id>` runs them later.
 */
import { Messages } from '@salesforce/core';
import { mapWithConcurrency } from '../org/index.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.waves');

/** One wave's size: a number of targets, a percentage of them, or the rest (`*`). */
export type WaveSize = { count: number } | { percent: number } | { rest: true };

/** The failure budget: how many targets may fail, in number or percentage, before no new wave starts. */
export type FailureBudget = { count: number } | { percent: number };

function usage(key: string, tokens: string[]): Error {
  const error = messages.createError(key, tokens);
  error.exitCode = 2;
  return error;
}

export function parseWaves(input: string): WaveSize[] {
  const parts = input.split(',').map((p) => p.trim());
  return parts.map((part, i) => {
    if (part === '*') {
      if (i !== parts.length - 1) throw usage('error.RestNotLast', [input]);
      return { rest: true };
    }
    const percent = /^(\d+)%$/.exec(part);
    if (percent && Number(percent[1]) >= 1 && Number(percent[1]) <= 100) return { percent: Number(percent[1]) };
    if (/^\d+$/.test(part) && Number(part) >= 1) return { count: Number(part) };
    throw usage('error.InvalidWave', [part, input]);
  });
}

export function parseFailureBudget(input: string): FailureBudget {
  const percent = /^(\d+)%$/.exec(input.trim());
  if (percent && Number(percent[1]) <= 100) return { percent: Number(percent[1]) };
  if (/^\d+$/.test(input.trim())) return { count: Number(input.trim()) };
  throw usage('error.InvalidMaxFailures', [input]);
}

/** How many targets may fail out of `total` (a percentage rounds down: 10% of 6 is 0). */
export function allowedFailures(budget: FailureBudget, total: number): number {
  return 'count' in budget ? budget.count : Math.floor((budget.percent * total) / 100);
}

/**
 * The targets split into waves, in order. A percentage is of all targets, rounded up (at least
 * one); targets the listed sizes leave over form a last wave, as if `*` ended the list; empty
 * waves are dropped.
 */
export function splitIntoWaves<T>(items: T[], sizes: WaveSize[]): T[][] {
  const waves: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    if (start >= items.length) break;
    const count = 'rest' in size ? items.length - start : 'count' in size ? size.count : Math.max(1, Math.ceil((size.percent * items.length) / 100));
    waves.push(items.slice(start, start + count));
    start += count;
  }
  if (start < items.length) waves.push(items.slice(start));
  return waves;
}

export type WaveRun<T, R> = {
  /** results of the targets started, in wave order */
  results: R[];
  /** targets not started because the budget was spent (or the run was stopped) */
  notStarted: T[];
  /** the 1-based wave after which the budget was spent; absent when every wave ran */
  stoppedAfterWave?: number;
};

/** Runs the waves one after the other, each wave's targets `concurrency` at a time. */
export async function runInWaves<T, R>(
  waves: T[][],
  options: { concurrency: number; allowed: number; failed: (result: R) => boolean; stop?: AbortSignal; onWave?: (index: number, wave: T[]) => void },
  run: (item: T) => Promise<R>
): Promise<WaveRun<T, R>> {
  const results: R[] = [];
  let failures = 0;
  for (const [index, wave] of waves.entries()) {
    if (failures > options.allowed || options.stop?.aborted) {
      return { results, notStarted: waves.slice(index).flat(), ...(failures > options.allowed ? { stoppedAfterWave: index } : {}) };
    }
    options.onWave?.(index, wave);
    // eslint-disable-next-line no-await-in-loop
    const done = await mapWithConcurrency(wave, options.concurrency, run);
    results.push(...done);
    failures += done.filter(options.failed).length;
  }
  return { results, notStarted: [] };
}
