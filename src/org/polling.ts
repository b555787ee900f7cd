import { setTimeout as sleep } from 'node:timers/promises';
/*
 * When to check a job's status again. Every check is an API call counted against the org's daily
 * limit and a round trip of 100-300 ms, so a real retrieve of 3 to 60 s should cost few of them,
 * and its end should still be seen soon: within 15% of the job's length, or 1 s for short jobs.
 * SDR waits a fixed second (5 checks for a 5 s job, 30 for a 30 s one).
 *
 * The first check goes out at once (an emulated or tiny job is done there), the second after
 * `firstIntervalMs` (a job that ends within a moment is seen well under 0.1 s late). Every later
 * wait is the overshoot budget: `floorMs`, or `growth` times the time already spent once that is
 * larger, so the wait past the job's end stays within max(1 s, 15%) of its length including one
 * request's latency; `maxIntervalMs` caps it. (Doubling from the first wait instead would spend
 * more checks before reaching the budget: 22 for a 30 s job at 150 ms latency, 5 for a 1 s one.)
 * bench/run.ts measures it against SDR's schedule; test/unit/org/polling.test.ts holds the goals on
 * pollUntilDone itself, on fake timers.
 */
export type PollSchedule = { firstIntervalMs: number; floorMs: number; growth: number; maxIntervalMs: number };

export const DEFAULT_POLL_SCHEDULE: PollSchedule = { firstIntervalMs: 75, floorMs: 850, growth: 0.13, maxIntervalMs: 10_000 };

/** The wait before the next check, given the time spent since the job started and the previous wait (0 before the second check). */
export function nextPollDelay(elapsedMs: number, previousDelayMs: number, schedule: PollSchedule = DEFAULT_POLL_SCHEDULE): number {
  const wait = previousDelayMs === 0 ? schedule.firstIntervalMs : Math.max(schedule.floorMs, schedule.growth * elapsedMs);
  return Math.round(Math.min(schedule.maxIntervalMs, wait));
}

/** Checks a job's status on the schedule until it is done or `waitMs` has passed; `signal` stops it (an AbortError). */
export async function pollUntilDone<S>(
  check: () => Promise<S>,
  isDone: (status: S) => boolean,
  options: { waitMs: number; timeoutError: () => Error; onStatus?: (status: S) => void; schedule?: PollSchedule; signal?: AbortSignal }
): Promise<{ status: S; checks: number }> {
  const startedAt = Date.now();
  let delay = 0;
  for (let checks = 1; ; checks++) {
    options.signal?.throwIfAborted();
    // eslint-disable-next-line no-await-in-loop
    const status = await check();
    options.onStatus?.(status);
    if (isDone(status)) return { status, checks };
    const elapsed = Date.now() - startedAt;
    if (elapsed > options.waitMs) throw options.timeoutError();
    delay = nextPollDelay(elapsed, delay, options.schedule);
    // eslint-disable-next-line no-await-in-loop
    await sleep(delay, undefined, options.signal ? { signal: options.signal } : undefined);
  }
}
