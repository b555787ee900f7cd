import { expect } from 'chai';
import { ProgressUx, StageKey, StageProgress, planProgress } from '../../../src/output/progress.js';

function fakeUx(): ProgressUx & { lines: string[]; spinnerCalls: string[] } {
  const lines: string[] = [];
  const spinnerCalls: string[] = [];
  return {
    lines,
    spinnerCalls,
    logToStderr: (message) => lines.push(message),
    spinner: {
      start: (action) => spinnerCalls.push(`start ${action}`),
      stop: (message) => spinnerCalls.push(`stop ${message ?? ''}`),
      set status(status: string | undefined) {
        spinnerCalls.push(`status ${status ?? ''}`);
      },
      get status(): string | undefined {
        return undefined;
      },
    },
  };
}

describe('stage progress', () => {
  it('Given a log (not a terminal), Then each stage, chunk and the count at most every 10% is a line of its own', () => {
    const ux = fakeUx();
    const progress = new StageProgress(ux, false);
    const callbacks = planProgress(progress);
    callbacks.stage('reference');
    callbacks.chunk('reference', 3, 7);
    callbacks.stage('targets');
    for (let done = 1; done <= 20; done++) callbacks.targetDone(done, 20);
    callbacks.stage('done');
    expect(ux.lines[0]).to.equal('Retrieving the reference...');
    expect(ux.lines[1]).to.equal('  reference: chunk 3/7');
    expect(ux.lines[2]).to.match(/^ {2}done \(\d+\.\ds\)$/);
    expect(ux.lines[3]).to.equal('Retrieving and comparing the targets...');
    const counts = ux.lines.filter((line) => line.includes('targets') && line.startsWith('  '));
    expect(counts).to.have.length(11);
    expect(counts.at(-1)).to.equal('  20/20 targets');
    expect(ux.lines.at(-1)).to.match(/^ {2}done/);
    expect(ux.spinnerCalls).to.deep.equal([]);
  });

  it('Given an interactive terminal, Then a stage is sf\'s spinner and counts and chunks are its status', () => {
    const ux = fakeUx();
    const progress = new StageProgress(ux, true);
    progress.stage('apply');
    progress.count(1, 2);
    progress.chunk('prod', 1, 2);
    progress.finishStage();
    expect(ux.lines).to.deep.equal([]);
    expect(ux.spinnerCalls.slice(0, 3)).to.deep.equal(['start Applying the plan', 'status 1/2 targets', 'status prod: chunk 1/2']);
    expect(ux.spinnerCalls[3]).to.match(/^stop done \(\d+\.\ds\)$/);
  });

  it('Given every stage a command shows, Then each has a label in messages', () => {
    const ux = fakeUx();
    const progress = new StageProgress(ux, false);
    const keys: StageKey[] = ['resolve', 'reference', 'targets', 'apply', 'apply.dryRun', 'rollback', 'rollback.dryRun'];
    for (const key of keys) progress.stage(key);
    const labels = ux.lines.filter((line) => line.endsWith('...'));
    expect(labels).to.have.length(keys.length);
    expect(new Set(labels).size).to.equal(keys.length);
  });

  it('Given Ctrl-C during a stage on a terminal, Then the spinner stops before the report is written, and says so', () => {
    const ux = fakeUx();
    const progress = new StageProgress(ux, true);
    progress.stage('rollback');
    progress.interrupt();
    progress.finishStage();
    expect(ux.spinnerCalls).to.deep.equal(['start Rolling back', 'stop interrupted']);
  });
});
