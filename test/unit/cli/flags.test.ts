import { expect } from 'chai';
import { parseShard } from '../../../src/cli/flags.js';

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
});
