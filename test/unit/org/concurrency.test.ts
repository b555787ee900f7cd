import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { mapWithConcurrency } from '../../../src/org/concurrency.js';

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
});
