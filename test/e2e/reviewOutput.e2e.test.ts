/*
 * What a reviewer reads, as processes (bin/run.js) against emulated orgs: added elements in full in
 * the terminal, Markdown and JUnit, folding in the terminal, one target of a saved plan, a live diff
 * without a plan id, and a selection that matches nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { Fleet, JsonOutput, REFERENCE, startFleet } from '../helpers/applyFleet.js';
import { ProcessResult } from '../helpers/processes.js';
import type { DiffResult } from '../../src/output/diffResult.js';

const LAYOUT = 'Layout:Account-Account Layout';
/** The layout item the targets lack (test/fixtures/apply/README.md), as the review must show it. */
const ADDED_ITEM = ['+   <layoutItems>', '+     <behavior>Edit</behavior>', '+     <field>Tier__c</field>', '+   </layoutItems>'];

const parse = <T>(result: ProcessResult): JsonOutput<T> => {
  try {
    return JSON.parse(result.stdout) as JsonOutput<T>;
  } catch {
    throw new Error(`no JSON (exit ${String(result.code)}):\n${result.stdout}\n${result.stderr}`);
  }
};
/** The lines of a text with their indentation removed, to find a block whatever it is nested in. */
const trimmed = (text: string): string[] => text.split('\n').map((line) => line.trim());
const containsBlock = (lines: string[], block: string[]): boolean =>
  lines.some((_, start) => block.every((line, offset) => lines[start + offset] === line.trim()));

describe('review output of diff', function () {
  this.timeout(600_000);
  let fleet: Fleet;

  before(async () => {
    fleet = await startFleet();
    await fleet.plan('merge', 'review.json');
  });

  after(async () => {
    await fleet?.stop();
  });

  it('Given a saved plan, When diff runs with reports, Then the terminal, Markdown and JUnit show the added layout item in full as XML lines', async () => {
    const ran = await fleet.postdeploy(['diff', '--plan-file', 'review.json', '--markdown-file', 'drift.md', '--junit-file', 'junit.xml']);
    expect(ran.code, ran.stdout + ran.stderr).to.equal(0);
    expect(containsBlock(trimmed(ran.stdout), ADDED_ITEM), ran.stdout).to.equal(true);
    const markdown = readFileSync(join(fleet.work, 'drift.md'), 'utf8');
    expect(containsBlock(trimmed(markdown), ADDED_ITEM), markdown).to.equal(true);
    const junit = readFileSync(join(fleet.work, 'junit.xml'), 'utf8');
    expect(junit, junit).to.include(ADDED_ITEM.join('\n').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(ran.stdout + markdown + junit).to.not.match(/\{"behavior"/);
  });

  it('Given --fold-lines 2, When diff runs, Then long added elements show their first 2 lines and say how many are folded', async () => {
    const ran = await fleet.postdeploy(['diff', '--plan-file', 'review.json', '--fold-lines', '2']);
    expect(ran.code, ran.stdout + ran.stderr).to.equal(0);
    expect(containsBlock(trimmed(ran.stdout), [...ADDED_ITEM.slice(0, 2), '+   … 2 more lines folded']), ran.stdout).to.equal(true);
  });

  it('Given a plan of three targets, When diff --plan-file -o uat runs, Then only uat is shown, in text and JSON', async () => {
    const text = await fleet.postdeploy(['diff', '--plan-file', 'review.json', '-o', 'uat']);
    expect(text.code, text.stdout + text.stderr).to.equal(0);
    expect(text.stdout).to.match(/=== uat /);
    expect(text.stdout).to.not.match(/=== (sandbox|staging) /);
    const json = parse<DiffResult>(await fleet.postdeploy(['diff', '--plan-file', 'review.json', '-o', 'uat', '--json'])).result!;
    expect(json.targets.map((t) => t.alias)).to.deep.equal(['uat']);
  });

  it('Given a target the plan does not have, When diff --plan-file -o runs, Then it names the targets the plan has', async () => {
    const ran = await fleet.postdeploy(['diff', '--plan-file', 'review.json', '-o', 'prod', '--json']);
    expect(ran.code).to.equal(1);
    const output = parse(ran);
    expect(output.name).to.equal('UnknownPlanTargetError');
    expect(output.message).to.include('sandbox').and.to.include('uat').and.to.include('staging');
  });

  it('Given a saved plan, When diff runs with a plan flag other than -o, Then it is a usage error (exit 2)', async () => {
    const ran = await fleet.postdeploy(['diff', '--plan-file', 'review.json', '--mode', 'overwrite']);
    expect(ran.code, ran.stdout + ran.stderr).to.equal(2);
    expect(ran.stderr).to.include('--mode cannot be combined with --plan-file');
  });

  it('Given a live diff, When it runs, Then no plan id is printed or returned for a plan never written', async () => {
    const saved = JSON.parse(readFileSync(join(fleet.work, 'review.json'), 'utf8')) as { planId: string };
    const text = await fleet.postdeploy(['diff', '-r', REFERENCE, '-o', 'uat', '-m', LAYOUT, '--markdown-file', 'live.md']);
    expect(text.code, text.stdout + text.stderr).to.equal(0);
    expect(text.stdout).to.include('live comparison (no plan file written)');
    expect(text.stdout).to.not.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(readFileSync(join(fleet.work, 'live.md'), 'utf8')).to.include('live comparison').and.not.include(saved.planId);
    const json = parse<DiffResult>(await fleet.postdeploy(['diff', '-r', REFERENCE, '-o', 'uat', '-m', LAYOUT, '--json'])).result!;
    expect(json.source).to.equal('live');
    expect(json).to.not.have.property('planId');
  });

  // the seed org has layouts and an Apex class, but no flexipage
  for (const selection of ['Layout:Foo*', 'FlexiPage']) {
    it(`Given -m ${selection} that the reference lacks, When plan runs, Then it says which selection matched nothing in which org`, async () => {
      const ran = await fleet.postdeploy(['plan', '-r', REFERENCE, '-o', 'uat', '-m', selection, '--output-file', 'nothing.json', '--json']);
      expect(ran.code).to.equal(1);
      const output = parse(ran);
      expect(output.name).to.equal('SelectionMatchedNothingError');
      expect(output.message).to.include(`The selection ${selection} matched nothing in the reference ${REFERENCE}`);
      expect(output.message).to.not.include('No components in the package');
      expect(output.actions?.join(' ')).to.include('sf org list metadata');
    });
  }

  it('Given a list view whose filter uat lost while it keeps one of its own, When a merge plan is applied, Then the lost filter is back (same field, operation and value) and uat\'s own stays', async () => {
    const filter = (field: string, value: string): string => `    <filters>\n        <field>${field}</field>\n        <operation>equals</operation>\n        <value>${value}</value>\n    </filters>\n`;
    const view = (filters: string[]): string =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListView xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>Filter_View</fullName>\n    <columns>ACCOUNT.NAME</columns>\n    <filterScope>Everything</filterScope>\n${filters.join('')}    <label>Filter View</label>\n</ListView>\n`;
    const [rating, type, industry] = [filter('ACCOUNT.RATING', 'Hot'), filter('ACCOUNT.TYPE', 'Customer'), filter('ACCOUNT.INDUSTRY', 'Banking')];
    expect((await fleet.admin.putComponent(REFERENCE, 'ListView', 'Account.Filter_View', view([rating, type]))).ok).to.equal(true);
    expect((await fleet.admin.putComponent('uat', 'ListView', 'Account.Filter_View', view([type, industry]))).ok).to.equal(true);
    const planned = await fleet.postdeploy(['plan', '-r', REFERENCE, '-o', 'uat', '-m', 'ListView:Account.Filter_View', '--output-file', 'filters.json']);
    expect(planned.code, planned.stdout + planned.stderr).to.equal(0);
    const applied = await fleet.postdeploy(['apply', '--plan-file', 'filters.json', '--state-dir', fleet.stateDir]);
    expect(applied.code, applied.stdout + applied.stderr).to.equal(0);
    const now = (await fleet.admin.component('uat', 'ListView', 'Account.Filter_View'))!;
    const values = [...now.matchAll(/<value>([^<]*)<\/value>/g)].map((m) => m[1]);
    expect(values).to.deep.equal(['Customer', 'Banking', 'Hot']);
  });

  // last: it changes uat and the reference
  it('Given a value uat deactivated and a list view it reordered and lacks a column of, When an overwrite plan is shown and its apply fails, Then the lines say what will happen (a reactivation, the moves and the new order, where the column goes) in the terminal and Markdown, and the errors are listed by component below the table', async () => {
    const regions = (await fleet.admin.component(REFERENCE, 'GlobalValueSet', 'Regions'))!;
    expect((await fleet.admin.putComponent('uat', 'GlobalValueSet', 'Regions', regions.replace('<label>EMEA</label>', '<isActive>false</isActive>\n        <label>EMEA</label>'))).ok).to.equal(true);
    const view = (columns: string[]): string =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListView xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>Review_View</fullName>\n${columns.map((c) => `    <columns>${c}</columns>\n`).join('')}    <filterScope>Everything</filterScope>\n    <label>Review View</label>\n</ListView>\n`;
    expect((await fleet.admin.putComponent(REFERENCE, 'ListView', 'Account.Review_View', view(['ACCOUNT.NAME', 'ACCOUNT.PHONE1', 'ACCOUNT.ADDRESS1_CITY', 'ACCOUNT.TYPE']))).ok).to.equal(true);
    expect((await fleet.admin.putComponent('uat', 'ListView', 'Account.Review_View', view(['ACCOUNT.ADDRESS1_CITY', 'ACCOUNT.NAME', 'ACCOUNT.TYPE']))).ok).to.equal(true);
    const selection = ['-m', 'GlobalValueSet:Regions', '-m', 'ListView:Account.Review_View', '-m', LAYOUT];
    const planned = await fleet.postdeploy(['plan', '-r', REFERENCE, '-o', 'uat', ...selection, '--mode', 'overwrite', '--output-file', 'lines.json']);
    expect(planned.code, planned.stdout + planned.stderr).to.equal(0);

    const diff = await fleet.postdeploy(['diff', '--plan-file', 'lines.json', '--markdown-file', 'lines.md']);
    const markdown = readFileSync(join(fleet.work, 'lines.md'), 'utf8');
    for (const [where, text] of [['terminal', diff.stdout], ['Markdown', markdown]]) {
      expect(text, where).to.include('customValue[EMEA].isActive: false -> true (the value is reactivated)');
      expect(text, where).to.include('+ columns[ACCOUNT.PHONE1] (after ACCOUNT.NAME)');
      expect(text, where).to.include('~ columns (order): moves ACCOUNT.ADDRESS1_CITY to position 3 (after ACCOUNT.PHONE1); new order: ACCOUNT.NAME, ACCOUNT.PHONE1, ACCOUNT.ADDRESS1_CITY, ACCOUNT.TYPE');
      expect(text, where).to.not.include('["');
    }

    for (const component of ['GlobalValueSet:Regions', LAYOUT]) {
      // eslint-disable-next-line no-await-in-loop
      await fleet.admin.fault({ org: 'uat', fault: 'failComponent', component, count: 5 });
    }
    const applied = await fleet.postdeploy(['apply', '--plan-file', 'lines.json', '--state-dir', fleet.stateDir]);
    // the only target failed: an error, not a partial success
    expect(applied.code, applied.stdout + applied.stderr).to.equal(1);
    const lines = applied.stdout.split('\n');
    const cell = lines.findIndex((line) => line.includes('2 error(s) in 2 component(s), listed below'));
    expect(cell, applied.stdout).to.be.greaterThan(-1);
    const listed = ['uat: GlobalValueSet Regions (1 error(s))', 'uat: Layout Account-Account Layout (1 error(s))'].map((heading) => lines.findIndex((line) => line.trim() === heading));
    expect(listed.every((at) => at > cell), applied.stdout).to.equal(true);
  });
});

