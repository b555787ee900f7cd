import { expect } from 'chai';
import { checkPlanInputFlags, parseShard } from '../../../src/cli/flags.js';

describe('cli/flags', () => {
  describe('parseShard', () => {
    it('Given "2/4", Then it is shard 2 of 4', () => {
      expect(parseShard('2/4')).to.deep.equal({ index: 2, count: 4 });
    });

    it('Given "1/1", Then it is the only shard', () => {
      expect(parseShard('1/1')).to.deep.equal({ index: 1, count: 1 });
    });

    for (const input of ['0/3', '4/3', '2', '2/0', 'a/b', '1/2/3', '-1/2', '']) {
      it(`Given "${input}", Then it throws InvalidShardError with an action`, () => {
        expect(() => parseShard(input))
          .to.throw()
          .that.satisfies((error: { name: string; actions?: string[] }) => {
            expect(error.name).to.equal('InvalidShardError');
            expect(error.actions).to.have.length.greaterThan(0);
            return true;
          });
      });
    }
  });

  describe('checkPlanInputFlags', () => {
    it('Given --delete-extra with --mode overwrite, Then it passes', () => {
      expect(() => checkPlanInputFlags({ mode: 'overwrite', 'delete-extra': true })).to.not.throw();
    });

    it('Given --delete-extra with the default merge mode, Then it throws DeleteExtraNeedsOverwriteError', () => {
      expect(() => checkPlanInputFlags({ mode: 'merge', 'delete-extra': true })).to.throw(/--mode overwrite/);
    });
  });
});
