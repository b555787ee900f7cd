import { expect } from 'chai';
import { DEFAULT_POLL_SCHEDULE, checksForDuration, nextPollDelay, pollUntilDone } from '../../../src/org/polling.js';

const TINY = { minIntervalMs: 1, maxIntervalMs: 5, growth: 0.2 };

describe('org polling schedule', () => {
  describe('nextPollDelay', () => {
    it('Given no time spent, Then the first wait is the minimum interval', () => {
      expect(nextPollDelay(0)).to.equal(DEFAULT_POLL_SCHEDULE.minIntervalMs);
    });

    it('Given a long job, Then the wait never exceeds the maximum interval', () => {
      expect(nextPollDelay(10 * 60 * 60_000)).to.equal(DEFAULT_POLL_SCHEDULE.maxIntervalMs);
    });

    it('Given time spent in between, Then the wait grows with it and stays in bounds', () => {
      for (const elapsed of [0, 10, 100, 1000, 5000, 20_000, 60_000, 3_600_000]) {
        const delay = nextPollDelay(elapsed);
        expect(delay, `at ${elapsed} ms`).to.be.within(DEFAULT_POLL_SCHEDULE.minIntervalMs, DEFAULT_POLL_SCHEDULE.maxIntervalMs);
      }
      expect(nextPollDelay(1000)).to.equal(200);
      expect(nextPollDelay(2000)).to.be.greaterThan(nextPollDelay(1000));
    });
  });

  describe('checksForDuration', () => {
    it('Given a 50 ms job, Then it costs few checks and is seen done before 100 ms', () => {
      const times = checksForDuration(50);
      expect(times.length).to.be.at.most(5);
      expect(times[times.length - 1]).to.be.at.least(50).and.below(100);
    });

    it('Given a 60 s job, Then it costs fewer than 50 checks and overshoots by less than 25%', () => {
      const times = checksForDuration(60_000);
      const end = times[times.length - 1];
      expect(times.length).to.be.below(50);
      expect(end).to.be.at.least(60_000);
      expect((end - 60_000) / 60_000).to.be.below(0.25);
    });

    it('Given any duration, Then check times only increase', () => {
      const times = checksForDuration(10_000);
      for (let i = 1; i < times.length; i++) expect(times[i]).to.be.greaterThan(times[i - 1]);
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
  });
});
