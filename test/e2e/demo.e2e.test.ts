/*
 * `npm run demo` (the README's first Quickstart command) run as a new user would: a process with an
 * empty HOME and nothing of the developer's environment but PATH, since a fresh clone has nothing else.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ProcessResult, run } from '../helpers/processes.js';

const HEADINGS = [
  '=== 1/9 Plan: compare every target with prod',
  '=== 2/9 Diff: review the drift',
  '=== 3/9 Apply:',
  '=== 4/9 Plan again: no target drifts any more',
  '=== 5/9 Rollback:',
  '=== 6/9 Plan again: the original drift is back',
  "=== 7/9 Apply again: each target's correction, and with it the base",
  '=== 8/9 A second release that removes: planned with the base each org holds',
  '=== 9/9 Done',
];

const PLAN = '$ sf postdeploy plan --reference-org prod --target-org uat --target-org scratch --target-org acme';

/** The text from one heading to the next. */
function section(stdout: string, index: number): string {
  const start = stdout.indexOf(HEADINGS[index]);
  const end = index + 1 < HEADINGS.length ? stdout.indexOf(HEADINGS[index + 1]) : stdout.length;
  expect(start, HEADINGS[index]).to.be.greaterThan(-1);
  return stdout.slice(start, end);
}

/** target -> status ("drift" or "in sync") from the plan's summary table. */
function planStatuses(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/│ (uat|scratch|acme)\s+│ (drift|in sync|no change to apply \(\d+ kept: [^)]+\))\s+│/g)].map((m) => [m[1], m[2]]));
}

describe('npm run demo', function () {
  this.timeout(240_000);
  let home: string;
  let result: ProcessResult;

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'sf-postdeploy-demo-home-'));
    result = await run('npm', ['run', '--silent', 'demo'], {
      env: { PATH: process.env.PATH, HOME: home, USERPROFILE: home, TERM: 'dumb' },
      timeoutMs: 230_000,
    });
  });

  after(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const output = (): string => `exit ${String(result.code)}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;

  it('Given an empty HOME, When `npm run demo` runs, Then it exits 0 and prints every step with the command a user types', () => {
    expect(result.code, output()).to.equal(0);
    let at = -1;
    for (const heading of HEADINGS) {
      const found = result.stdout.indexOf(heading);
      expect(found, `heading "${heading}" in order\n${output()}`).to.be.greaterThan(at);
      at = found;
    }
    expect(result.stdout).to.include(PLAN);
    expect(result.stdout).to.include('$ sf postdeploy diff --plan-file postdeploy-plan.json');
    expect(result.stdout).to.include('$ sf postdeploy apply --plan-file postdeploy-plan.json');
    expect(result.stdout).to.include('$ sf postdeploy rollback --latest');
  });

  it('Then the first plan finds drift in every target, the plan after the apply none, and the plan after the rollback the drift again', () => {
    expect(planStatuses(section(result.stdout, 0)), output()).to.deep.equal({ uat: 'drift', scratch: 'drift', acme: 'drift' });
    const again = section(result.stdout, 3);
    // merge mode keeps acme's own items and scratch's section order: no drift, and said so; the apply
    // recorded the base in each org, so what differs from it is the target's own
    expect(planStatuses(again), output()).to.deep.equal({ uat: 'in sync', scratch: "no change to apply (1 kept: the target's own)", acme: "no change to apply (4 kept: the target's own)" });
    expect(again).to.include('Check: no target drifts from prod any more.');
    expect(again).to.include('= kept: - layoutSections[Account Information].layoutItems[Acme_Account_Number__c]').and.include('no drift in 3 targets');
    expect(planStatuses(section(result.stdout, 5)), output()).to.deep.equal({ uat: 'drift', scratch: 'drift', acme: 'drift' });
    const applied = section(result.stdout, 2);
    for (const target of ['uat', 'scratch', 'acme']) expect(applied).to.match(new RegExp(`│ ${target}\\s+│ deployed`));
    for (const target of ['uat', 'scratch', 'acme']) expect(section(result.stdout, 4)).to.match(new RegExp(`│ ${target}\\s+│ rolled-back`));
  });

  it('Then the second release is planned with the base the apply recorded in each org: removals in every target, a conflict in uat', () => {
    for (const target of ['uat', 'scratch', 'acme']) expect(section(result.stdout, 6), output()).to.include(`${target}: base recorded: 35 component(s)`);
    const second = section(result.stdout, 7);
    expect(planStatuses(second), output()).to.deep.equal({ uat: 'drift', scratch: 'drift', acme: 'drift' });
    for (const target of ['uat', 'scratch', 'acme']) expect(second).to.match(new RegExp(`│ ${target} .*│ recorded in the org\\s+│`));
    expect(result.stderr).to.include('uat: Layout Account-Account Layout layoutSections[Account Information].layoutItems[Region__c]: removed by the reference, changed in the target');
    expect(second).to.include("Check: with the base each org holds, Region__c leaves scratch's and acme's layout");
  });

  it("Then the customer org acme keeps its own layout item, related list and list view after the merge apply, and gets the release's item", () => {
    const applied = section(result.stdout, 2);
    expect(applied, output()).to.match(/section "Account Information": .*Region__c.*Acme_Account_Number__c \(acme's own\)/);
    expect(applied).to.include("RelatedCaseList (acme's own)");
    expect(applied).to.include("Account.Acme_Strategic_Accounts (acme's own)");
    // what overwrite would remove is exactly acme's own: merge kept it
    expect(applied).to.include('- layoutSections[Account Information].layoutItems[Acme_Account_Number__c]');
    expect(applied).to.include('- relatedLists[RelatedCaseList]');
  });

  it('Then its output has no warning noise, and it leaves no temporary folder behind', () => {
    // the second release's conflict is the plan's own warning, shown on purpose
    const all = `${result.stdout}\n${result.stderr}`.replace(/^Warning: 1 element\(s\) were changed differently by the reference and by a target since the base[^\n]*$/m, '');
    for (const noise of [/warning/i, /insecure/i, /DeprecationWarning/, /^npm (warn|notice|ERR)/im, /ExperimentalWarning/]) {
      expect(all, output()).not.to.match(noise);
    }
    const removed = /and (sf-postdeploy-demo-\w+) is removed now/.exec(result.stdout);
    expect(removed, output()).to.not.equal(null);
    expect(existsSync(join(tmpdir(), removed![1]))).to.equal(false);
  });
});
