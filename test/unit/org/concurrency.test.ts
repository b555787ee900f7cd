import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { PerKeySerializer, mapWithConcurrency } from '../../../src/org/concurrency.js';

describe('org concurrency', () => {
  describe('mapWithConcurrency', () => {
    it('Given more items than the limit, Then no more than the limit run at once and results keep their order', async () => {
      let running = 0;
      let peak = 0;
      const items = [30, 5, 20, 1, 15, 2, 25, 3, 10, 4];
      const results = await mapWithConcurrency(items, 3, async (ms, index) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(ms);
        running--;
        return `${index}:${ms}`;
      });
      expect(peak).to.equal(3);
      expect(results).to.deep.equal(items.map((ms, index) => `${index}:${ms}`));
    });

    it('Given a limit of 1, Then items run one after another', async () => {
      const order: string[] = [];
      await mapWithConcurrency(['a', 'b', 'c'], 1, async (item) => {
        order.push(`start ${item}`);
        await sleep(2);
        order.push(`end ${item}`);
      });
      expect(order).to.deep.equal(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    });

    it('Given no items or a limit of 0, Then it still finishes', async () => {
      expect(await mapWithConcurrency([], 4, () => Promise.resolve(1))).to.deep.equal([]);
      expect(await mapWithConcurrency([1, 2], 0, (n) => Promise.resolve(n * 2))).to.deep.equal([2, 4]);
    });

    it('Given a failing item, Then the whole map rejects with its error', async () => {
      try {
        await mapWithConcurrency([1, 2, 3], 2, (n) => (n === 2 ? Promise.reject(new Error('two')) : Promise.resolve(n)));
        expect.fail('expected a rejection');
      } catch (error) {
        expect((error as Error).message).to.equal('two');
      }
    });
  });

  describe('PerKeySerializer', () => {
    it('Given jobs for the same key, Then they run one at a time, in submission order', async () => {
      const serializer = new PerKeySerializer();
      const events: string[] = [];
      let running = 0;
      let peak = 0;
      const job = (name: string, ms: number) => async (): Promise<string> => {
        running++;
        peak = Math.max(peak, running);
        events.push(`start ${name}`);
        await sleep(ms);
        events.push(`end ${name}`);
        running--;
        return name;
      };
      const results = await Promise.all([serializer.run('org', job('a', 20)), serializer.run('org', job('b', 1)), serializer.run('org', job('c', 5))]);
      expect(results).to.deep.equal(['a', 'b', 'c']);
      expect(peak).to.equal(1);
      expect(events).to.deep.equal(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    });

    it('Given jobs for different keys, Then they run in parallel', async () => {
      const serializer = new PerKeySerializer();
      let running = 0;
      let peak = 0;
      const job = async (): Promise<void> => {
        running++;
        peak = Math.max(peak, running);
        await sleep(20);
        running--;
      };
      await Promise.all([serializer.run('a', job), serializer.run('b', job), serializer.run('c', job)]);
      expect(peak).to.equal(3);
    });

    it('Given a job that rejects, Then its caller sees the error and the next job for the key still runs', async () => {
      const serializer = new PerKeySerializer();
      const first = serializer.run('org', () => Promise.reject(new Error('first failed')));
      const second = serializer.run('org', () => Promise.resolve('second ran'));
      try {
        await first;
        expect.fail('expected the first job to reject');
      } catch (error) {
        expect((error as Error).message).to.equal('first failed');
      }
      expect(await second).to.equal('second ran');
      expect(await serializer.run('org', () => Promise.resolve('third ran'))).to.equal('third ran');
    });
  });
});
