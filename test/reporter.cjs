'use strict';

// Mocha's Spec reporter, plus one plain last line that CI scripts parse:
//   tests: N passed, N failed[, N skipped]
const Mocha = require('mocha');

const { Spec } = Mocha.reporters;
const { EVENT_RUN_END } = Mocha.Runner.constants;

class CountingSpecReporter extends Spec {
  constructor(runner, options) {
    super(runner, options);
    // registered after Spec's own listener, so the line comes after its summary
    runner.once(EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = this.stats;
      const skipped = pending > 0 ? `, ${pending} skipped` : '';
      process.stdout.write(`tests: ${passes} passed, ${failures} failed${skipped}\n`);
    });
  }
}

module.exports = CountingSpecReporter;
