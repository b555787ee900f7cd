import { syncBuiltinESMExports } from 'node:module';
import { expect } from 'chai';
import sinon from 'sinon';
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, pollUntilDone } from '../../../src/org/polling.js';

const TINY = { firstIntervalMs: 1, floorMs: 5, growth: 0.2, maxIntervalMs: 5 };

/** Fake timers for Date, setTimeout and node:timers/promises (whose ES bindings follow only once synced). */
function fakeClock(): sinon.SinonFakeTimers & { release(): void } {
  const clock = sinon.useFakeTimers();
  syncBuiltinESMExports();
  return Object.assign(clock, {
    release(): void {
      clock.restore();
      syncBuiltinESMExports();
    },
  });
}

type Run = { checks: number; sentAt: number[]; addedWaitMs: number };

/**
 * pollUntilDone itself on fake timers, against a job of `durationMs`: each check is answered
 * `latencyMs` after it is sent and sees the job as it is halfway through that time. Returns the
 * checks, when they were sent, and how long past the job's end the client learns of it, less the
 * one request's latency no schedule avoids.
 */
async function lateness(durationMs: number, latencyMs: number): Promise<Run> {
  const clock = fakeClock();
  try {
    const sentAt: number[] = [];
    const check = (): Promise<boolean> => {
      const sent = clock.now;
      sentAt.push(sent);
      return new Promise((resolve) => setTimeout(() => resolve(sent + latencyMs / 2 >= durationMs), latencyMs));
    };
    const polled = pollUntilDone(check, (done) => done, { waitMs: 60 * 60_000, timeoutError: () => new Error('timeout') });
    await clock.runAllAsync();
    const { checks } = await polled;
    return { checks, sentAt, addedWaitMs: clock.now - durationMs - latencyMs };
  } finally {
    clock.release();
  }
}

describe('org polling schedule', () => {
  describe('nextPollDelay', () => {
    it('Given the first wait, Then it is the first interval', () => {
      expect(nextPollDelay(150, 0)).to.equal(DEFAULT_POLL_SCHEDULE.firstIntervalMs);
    });

    it('Given a long job, Then the wait never exceeds the maximum interval', () => {
      expect(nextPollDelay(10 * 60 * 60_000, 9000)).to.equal(DEFAULT_POLL_SCHEDULE.maxIntervalMs);
    });

    it('Given a wait already made, Then the next is the overshoot budget: the floor, or the growth share of the time spent once larger', () => {
      expect(nextPollDelay(500, DEFAULT_POLL_SCHEDULE.firstIntervalMs)).to.equal(DEFAULT_POLL_SCHEDULE.floorMs);
      expect(nextPollDelay(1200, 850)).to.equal(DEFAULT_POLL_SCHEDULE.floorMs);
      expect(nextPollDelay(20_000, 2000)).to.equal(Math.round(20_000 * DEFAULT_POLL_SCHEDULE.growth));
    });
  });

  describe('pollUntilDone on a job of a given length (the goals: 150 ms latency)', () => {
    const goals: Array<[durationMs: number, maxChecks: number]> = [
      [800, 6],
      [5000, 10],
      [30_000, 20],
    ];
    for (const [durationMs, maxChecks] of goals) {
      it(`Given a ${durationMs} ms job, Then it costs at most ${maxChecks} checks and is seen within max(1 s, 15%) of its end`, async () => {
        const { checks, addedWaitMs } = await lateness(durationMs, 150);
        expect(checks).to.be.at.most(maxChecks);
        expect(addedWaitMs).to.be.at.most(Math.max(1000, 0.15 * durationMs));
      });
    }

    it('Given any job of 0.1 to 120 s and a latency of 50 to 300 ms, Then its end is seen within max(1 s, 15%)', async () => {
      for (const latencyMs of [50, 150, 300]) {
        for (let durationMs = 100; durationMs <= 120_000; durationMs += 500) {
          // eslint-disable-next-line no-await-in-loop
          const { addedWaitMs } = await lateness(durationMs, latencyMs);
          expect(addedWaitMs, `${durationMs} ms job, ${latencyMs} ms latency`).to.be.at.most(Math.max(1000, 0.15 * durationMs));
        }
      }
    });

    it('Given a 50 ms job and no latency (5.wait50), Then its end is seen less than 100 ms late', async () => {
      const { checks, addedWaitMs } = await lateness(50, 0);
      expect(checks).to.equal(2);
      expect(addedWaitMs).to.be.lessThan(100);
    });

    it('Given a 1 s job and 50 ms latency (5.checks1000), Then it costs at most 10 checks and is seen within 13% of its length', async () => {
      const { checks, addedWaitMs } = await lateness(1000, 50);
      expect(checks).to.be.at.most(10);
      expect(addedWaitMs).to.be.at.most(130);
    });

    it('Given a job done before the first answer, Then one check suffices', async () => {
      expect((await lateness(50, 150)).sentAt).to.deep.equal([0]);
    });

    it('Given a 10 s job, Then the checks go out at once, after the first interval, then further and further apart', async () => {
      const { sentAt } = await lateness(10_000, 150);
      expect(sentAt.slice(0, 2)).to.deep.equal([0, 150 + DEFAULT_POLL_SCHEDULE.firstIntervalMs]);
      const waits = sentAt.slice(1).map((at, i) => at - sentAt[i]);
      for (let i = 1; i < waits.length; i++) expect(waits[i], `wait ${i} of ${waits.join(', ')}`).to.be.at.least(waits[i - 1]);
    });
  });

  describe('pollUntilDone', () => {
    it('Given a job done at the third check, Then it returns that status and three checks', async () => {
      let calls = 0;
      const seen: string[] = [];
      const result = await pollUntilDone(
        () => Promise.resolve(++calls >= 3 ? 'Succeeded' : 'InProgress'),
        (status) => status === 'Succeeded',
        { waitMs: 10_000, timeoutError: () => new Error('timeout'), onStatus: (s) => seen.push(s), schedule: TINY }
      );
      expect(result).to.deep.equal({ status: 'Succeeded', checks: 3 });
      expect(seen).to.deep.equal(['InProgress', 'InProgress', 'Succeeded']);
    });

    it('Given a job done at once, Then one check suffices and no wait happens', async () => {
      const result = await pollUntilDone(() => Promise.resolve(true), (done) => done, { waitMs: 0, timeoutError: () => new Error('timeout') });
      expect(result.checks).to.equal(1);
    });

    it('Given a job that never finishes, When the wait passes, Then the timeout error is thrown', async () => {
      let calls = 0;
      const error = new Error('gave up');
      try {
        await pollUntilDone(
          () => {
            calls++;
            return Promise.resolve('InProgress');
          },
          () => false,
          { waitMs: 30, timeoutError: () => error, schedule: TINY }
        );
        expect.fail('expected a timeout');
      } catch (caught) {
        expect(caught).to.equal(error);
      }
      expect(calls).to.be.greaterThan(1);
    });

    it('Given a failing check, Then its error propagates', async () => {
      try {
        await pollUntilDone(() => Promise.reject(new Error('boom')), () => true, { waitMs: 1000, timeoutError: () => new Error('timeout') });
        expect.fail('expected boom');
      } catch (caught) {
        expect((caught as Error).message).to.equal('boom');
      }
    });

    it('Given an aborted signal while it waits, Then it stops at once with an AbortError and checks no more', async () => {
      const clock = fakeClock();
      try {
        const stop = new AbortController();
        let calls = 0;
        const polled = pollUntilDone(
          () => Promise.resolve(++calls),
          () => false,
          { waitMs: 60_000, timeoutError: () => new Error('timeout'), schedule: { ...DEFAULT_POLL_SCHEDULE, firstIntervalMs: 5000, floorMs: 5000 }, signal: stop.signal }
        ).then(
          () => 'resolved',
          (caught: Error) => caught.name
        );
        await clock.tickAsync(20);
        stop.abort();
        // settled with no time passing: the 5 s wait was cut short
        await clock.tickAsync(0);
        const settled = await Promise.race([polled, Promise.resolve('still waiting')]);
        expect(settled).to.equal('AbortError');
        expect(calls).to.equal(1);
      } finally {
        clock.release();
      }
    });
  });
});
