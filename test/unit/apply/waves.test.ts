import { expect } from 'chai';
import { allowedFailures, parseFailureBudget, parseWaves, runInWaves, splitIntoWaves } from '../../../src/apply/waves.js';

const six = ['t1', 't2', 't3', 't4', 't5', 't6'];

describe('waves', () => {
  it('Given 1,2,*, Then six targets go one, two, then three, in order', () => {
    expect(splitIntoWaves(six, parseWaves('1,2,*'))).to.deep.equal([['t1'], ['t2', 't3'], ['t4', 't5', 't6']]);
  });

  it('Given percentages, Then each is of all targets, rounded up, at least one', () => {
    expect(splitIntoWaves(six, parseWaves('10%,50%,*'))).to.deep.equal([['t1'], ['t2', 't3', 't4'], ['t5', 't6']]);
  });

  it('Given sizes that leave targets over, Then they form a last wave; sizes beyond the targets make no empty wave', () => {
    expect(splitIntoWaves(six, parseWaves('1,2'))).to.deep.equal([['t1'], ['t2', 't3'], ['t4', 't5', 't6']]);
    expect(splitIntoWaves(['a', 'b'], parseWaves('1,5,*'))).to.deep.equal([['a'], ['b']]);
    expect(splitIntoWaves([], parseWaves('1,*'))).to.deep.equal([]);
  });

  it('Given a bad wave list, Then it is a usage error naming the part', () => {
    for (const bad of ['*,1', '0,*', 'x', '1,,2', '101%']) {
      expect(() => parseWaves(bad), bad).to.throw().with.property('exitCode', 2);
    }
  });

  it('Given --max-failures as a number or a percentage, Then the allowed failures round down', () => {
    expect(allowedFailures(parseFailureBudget('2'), 6)).to.equal(2);
    expect(allowedFailures(parseFailureBudget('10%'), 6)).to.equal(0);
    expect(allowedFailures(parseFailureBudget('50%'), 6)).to.equal(3);
    expect(() => parseFailureBudget('-1')).to.throw().with.property('exitCode', 2);
  });

  it('Given a failure in wave 2 and no budget, Then wave 3 is not started', async () => {
    const started: string[] = [];
    const run = await runInWaves([['t1'], ['t2', 't3'], ['t4']], { concurrency: 2, allowed: 0, failed: (r: string) => r.endsWith('!') }, (t) => {
      started.push(t);
      return Promise.resolve(t === 't3' ? `${t}!` : t);
    });
    expect(started.sort()).to.deep.equal(['t1', 't2', 't3']);
    expect(run).to.deep.include({ notStarted: ['t4'], stoppedAfterWave: 2 });
  });

  it('Given failures within the budget, Then every wave runs', async () => {
    const run = await runInWaves([['t1'], ['t2']], { concurrency: 1, allowed: 1, failed: (r: string) => r === 't1' }, (t) => Promise.resolve(t));
    expect(run).to.deep.equal({ results: ['t1', 't2'], notStarted: [] });
  });
});
