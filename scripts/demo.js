#!/usr/bin/env node
// The demo (emulated orgs, plan, diff, apply, rollback) comes with the commands' behaviour.
process.stdout.write(
  [
    'The sf postdeploy demo is not available yet in this version:',
    'the commands are registered (try `node bin/run.js postdeploy plan --help`) but do not work yet.',
    'Run `npm test` to check the build.',
    '',
  ].join('\n')
);
