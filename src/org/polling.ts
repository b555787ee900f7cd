import { setTimeout as sleep } from 'node:timers/promises';
/*
 * When to check a job's status again. SDR waits a fixed second between checks, which turns a job
 * the org finishes in 50 ms into a one-second wait. Here the interval grows with the time already
 * spent, so a fast job is seen done almost at once and a slow one costs few checks: the wait past
 * the job's end stays within `growth` of its duration.
 */
export type PollSchedule = { minIntervalMs: number; maxIntervalMs: number; growth: number };

export const DEFAULT_POLL_SCHEDULE: PollSchedule = { minIntervalMs: 20, maxIntervalMs: 5000, growth: 0.2 };

export function nextPollDelay(elapsedMs: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
  return Math.round(Math.min(schedule.maxIntervalMs, Math.max(schedule.minIntervalMs, elapsedMs * schedule.growth)));
}

/** The check times a job of the given duration costs (for benchmarks and tests of the schedule). */
export function checksForDuration(durationMs: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number[] {
  const times = [0];
  while (times[times.length - 1] < durationMs) {
    const last = times[times.length - 1];
    times.push(last + nextPollDelay(last, schedule));
  }
  return times;
}

/** Checks a job's status on the schedule until it is done or `waitMs` has passed. */
export async function pollUntilDone<S>(
  check: () => Promise<S>,
  isDone: (status: S) => boolean,
  options: { waitMs: number; timeoutError: () => Error; onStatus?: (status: S) => void; schedule?: PollSchedule }
): Promise<{ status: S; checks: number }> {
  const startedAt = Date.now();
  for (let checks = 1; ; checks++) {
    // eslint-disable-next-line no-await-in-loop
    const status = await check();
    options.onStatus?.(status);
    if (isDone(status)) return { status, checks };
    const elapsed = Date.now() - startedAt;
    if (elapsed > options.waitMs) throw options.timeoutError();
    // eslint-disable-next-line no-await-in-loop
    await sleep(nextPollDelay(elapsed, options.schedule));
  }
}
