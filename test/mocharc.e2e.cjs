'use strict';

// `npm run test:e2e`: the end-to-end files of the plugin and of the workspace packages in 2 parallel
// jobs (each file has its own HOME, temp folders and ports). The run ends when its last file does,
// so the longest files start first; the others follow in name order.
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const LONGEST_FIRST = ['test/e2e/applyRollback.e2e.test.ts', 'test/e2e/ciWorkflow.e2e.test.ts', 'test/e2e/operatorSafety.e2e.test.ts', 'test/e2e/sfPlugin.e2e.test.ts'];

const testsIn = (dir) => readdirSync(join(root, dir)).filter((name) => name.endsWith('.test.ts')).sort().map((name) => `${dir}/${name}`);
const packages = readdirSync(join(root, 'packages')).filter((name) => {
  try {
    return readdirSync(join(root, 'packages', name, 'test', 'e2e')).length > 0;
  } catch {
    return false;
  }
});
const all = [...testsIn('test/e2e'), ...packages.flatMap((name) => testsIn(`packages/${name}/test/e2e`))];

module.exports = {
  'node-option': ['import=tsx'],
  spec: [...LONGEST_FIRST.filter((file) => all.includes(file)), ...all.filter((file) => !LONGEST_FIRST.includes(file))],
  timeout: 120000,
  reporter: './test/reporter.cjs',
  exit: true,
  parallel: true,
  jobs: 2,
};
