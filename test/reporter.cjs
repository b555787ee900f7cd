'use strict';

// Mocha's Spec reporter, plus:
// - the slowest test files (the time of their tests and hooks, serial or --parallel), to see where
//   the time of a run goes; SF_POSTDEPLOY_TEST_TIMES=N lists N of them (default 8, 0 for none);
// - one plain last line that CI scripts parse:
//     tests: N passed, N failed[, N skipped]
const { relative } = require('node:path');
const Mocha = require('mocha');

const { Spec } = Mocha.reporters;
const { EVENT_HOOK_END, EVENT_RUN_END, EVENT_TEST_FAIL, EVENT_TEST_PASS } = Mocha.Runner.constants;

class CountingSpecReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const msByFile = new Map();
    const add = (runnable) => {
      if (!runnable.file || typeof runnable.duration !== 'number') return;
      const file = relative(process.cwd(), runnable.file);
      msByFile.set(file, (msByFile.get(file) ?? 0) + runnable.duration);
    };
    runner.on(EVENT_TEST_PASS, add);
    runner.on(EVENT_TEST_FAIL, add);
    runner.on(EVENT_HOOK_END, add);
    // registered after Spec's own listener, so the lines come after its summary
    runner.once(EVENT_RUN_END, () => {
      const shown = Number(process.env.SF_POSTDEPLOY_TEST_TIMES ?? 8);
      const slowest = [...msByFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, shown);
      if (slowest.length > 0) {
        process.stdout.write('slowest files (tests and hooks):\n');
        for (const [file, ms] of slowest) process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${file}\n`);
      }
      const { passes = 0, failures = 0, pending = 0 } = this.stats;
      const skipped = pending > 0 ? `, ${pending} skipped` : '';
      process.stdout.write(`tests: ${passes} passed, ${failures} failed${skipped}\n`);
    });
  }
}

module.exports = CountingSpecReporter;
