/*
 * Org kinds (README "Org kinds"): org.json, production test levels and test runs, feature-dependent
 * standard fields.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import JSZip from 'jszip';
import { DeployOptions, runDeploy } from '../../src/deploy.js';
import { EmulatedOrg } from '../../src/org.js';
import { DEFAULT_ORG_KIND, OrgKind, isProduction, parseOrgKind, readOrgKind } from '../../src/orgKind.js';
import { NO_COVERAGE, NO_TEST_RUN_IN_PRODUCTION, refusedTestLevel, testMethodsOf } from '../../src/testRun.js';
import { NS } from './helpers.js';

const PRODUCTION: OrgKind = { ...DEFAULT_ORG_KIND, features: [] };
const SANDBOX: OrgKind = { ...PRODUCTION, isSandbox: true };
const SCRATCH: OrgKind = { ...PRODUCTION, organizationType: 'Developer Edition', isSandbox: true, trialExpirationDate: '2027-01-05' };
const DEVELOPER: OrgKind = { ...PRODUCTION, organizationType: 'Developer Edition' };

const OPTIONS: DeployOptions = { checkOnly: false, rollbackOnError: true, ignoreWarnings: false, runTests: [], singlePackage: true, purgeOnDelete: false };

function orgOf(kind: OrgKind): EmulatedOrg {
  const org = new EmulatedOrg('kinds');
  org.kind = kind;
  return org;
}

const CLASS_META = `<?xml version="1.0" encoding="UTF-8"?><ApexClass ${NS}><apiVersion>62.0</apiVersion><status>Active</status></ApexClass>`;

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  const types = new Map<string, string[]>();
  for (const [path, content] of Object.entries(files)) {
    zip.file(path, content);
    const [dir, file] = path.split('/');
    const type = { classes: 'ApexClass', layouts: 'Layout' }[dir];
    if (type && !file.endsWith('-meta.xml')) types.set(type, [...(types.get(type) ?? []), file.replace(/\.\w+$/, '')]);
  }
  const members = [...types].map(([name, list]) => `<types>${list.map((m) => `<members>${m}</members>`).join('')}<name>${name}</name></types>`).join('');
  zip.file('package.xml', `<?xml version="1.0" encoding="UTF-8"?><Package ${NS}>${members}<version>62.0</version></Package>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

const HELLO = { 'classes/Hello.cls': 'public class Hello { public static String greet() { return \'hi\'; } }', 'classes/Hello.cls-meta.xml': CLASS_META };
const HELLO_TEST = {
  'classes/HelloTest.cls': '@isTest\nprivate class HelloTest {\n  @isTest static void greets() { System.assertEquals(\'hi\', Hello.greet()); }\n  static testMethod void greetsAgain() {}\n}',
  'classes/HelloTest.cls-meta.xml': CLASS_META,
};

describe('emulator org kinds', () => {
  it('Given no org.json, Then the org is production, with no optional feature', () => {
    const dir = mkdtempSync(join(tmpdir(), 'org-kind-'));
    try {
      expect(readOrgKind(dir)).to.deep.equal(PRODUCTION);
      expect(isProduction(readOrgKind(dir))).to.equal(true);
      writeFileSync(join(dir, 'org.json'), JSON.stringify({ organizationType: 'Developer Edition', isSandbox: true, trialExpirationDate: '2027-01-05', features: ['MultiCurrency'] }));
      expect(readOrgKind(dir)).to.deep.include({ isSandbox: true, trialExpirationDate: '2027-01-05', features: ['MultiCurrency'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Given a malformed org.json, Then reading it names the file and the field', () => {
    expect(() => parseOrgKind('x/org.json', '{')).to.throw(/x\/org\.json: not valid JSON/);
    expect(() => parseOrgKind('x/org.json', '{"isSandbox": "yes"}')).to.throw(/"isSandbox" must be true or false/);
    expect(() => parseOrgKind('x/org.json', '{"features": ["Wormholes"]}')).to.throw(/unknown feature Wormholes/);
    expect(() => parseOrgKind('x/org.json', '{"edition": "x"}')).to.throw(/unknown field "edition"/);
  });

  it('Given each kind, Then only production refuses NoTestRun, with the real fault text', () => {
    expect(refusedTestLevel(orgOf(PRODUCTION), 'NoTestRun')).to.equal(NO_TEST_RUN_IN_PRODUCTION);
    expect(refusedTestLevel(orgOf(PRODUCTION), undefined)).to.equal(undefined);
    expect(refusedTestLevel(orgOf(PRODUCTION), 'RunLocalTests')).to.equal(undefined);
    for (const kind of [SANDBOX, SCRATCH, DEVELOPER]) expect(refusedTestLevel(orgOf(kind), 'NoTestRun')).to.equal(undefined);
  });

  it('Given Apex source, Then its test methods are the @isTest and testMethod ones, none in a class that is no test', () => {
    expect(testMethodsOf(HELLO_TEST['classes/HelloTest.cls'])).to.deep.equal(['greets', 'greetsAgain']);
    expect(testMethodsOf(HELLO['classes/Hello.cls'])).to.deep.equal([]);
    expect(testMethodsOf('// @isTest\npublic class C { static void m() {} }')).to.deep.equal([]);
  });

  it('Given an Apex class without tests deployed to production with no test level, Then the org runs local tests and refuses 0% coverage', async () => {
    const outcome = await runDeploy(orgOf(PRODUCTION), await zipOf(HELLO), OPTIONS, () => false);
    expect(outcome.status).to.equal('Failed');
    expect(outcome.tests?.level).to.equal('RunLocalTests');
    expect(outcome.tests?.codeCoverageWarnings.map((w) => w.message)).to.deep.equal([NO_COVERAGE]);
  });

  it('Given an Apex class with its test deployed to production, Then the tests run and pass; a failTest fault fails the deploy and keeps the org as it was', async () => {
    const org = orgOf(PRODUCTION);
    const zip = await zipOf({ ...HELLO, ...HELLO_TEST });
    const failed = await runDeploy(org, zip, OPTIONS, () => false, { failing: (name) => (name === 'HelloTest' ? 'System.AssertException: Assertion Failed' : undefined), nextId: () => '01p' });
    expect(failed.status).to.equal('Failed');
    expect(failed.tests?.failures.map((f) => `${f.name}.${f.methodName}: ${f.message}`)).to.deep.equal([
      'HelloTest.greets: System.AssertException: Assertion Failed',
      'HelloTest.greetsAgain: System.AssertException: Assertion Failed',
    ]);
    expect(org.get('ApexClass', 'Hello')).to.equal(undefined);
    const passed = await runDeploy(org, zip, OPTIONS, () => false);
    expect(passed.status).to.equal('Succeeded');
    expect(passed.tests?.successes.map((s) => s.methodName)).to.deep.equal(['greets', 'greetsAgain']);
    expect(org.get('ApexClass', 'Hello')).to.not.equal(undefined);
  });

  it('Given a production org that already holds the test class, When only the class under test is deployed, Then the test the org holds runs', async () => {
    const org = orgOf(PRODUCTION);
    expect((await runDeploy(orgOf(SANDBOX), await zipOf(HELLO_TEST), OPTIONS, () => false)).status).to.equal('Succeeded');
    // seeded as a real org holds it: the test class's source is kept as bytes, and the deploy works on a copy of the store
    const seeded = await runDeploy(org, await zipOf({ ...HELLO, ...HELLO_TEST }), OPTIONS, () => false);
    expect(seeded.status).to.equal('Succeeded');
    const changed = await runDeploy(org, await zipOf(HELLO), OPTIONS, () => false);
    expect(changed.tests?.successes.map((t) => `${t.name}.${t.methodName}`)).to.deep.equal(['HelloTest.greets', 'HelloTest.greetsAgain']);
    expect(changed.status).to.equal('Succeeded');
  });

  it('Given a sandbox, Then an Apex deploy with no test level runs no test; RunSpecifiedTests naming a missing class fails', async () => {
    const sandbox = orgOf(SANDBOX);
    const none = await runDeploy(sandbox, await zipOf(HELLO), OPTIONS, () => false);
    expect([none.status, none.tests]).to.deep.equal(['Succeeded', undefined]);
    const specified = await runDeploy(sandbox, await zipOf(HELLO), { ...OPTIONS, testLevel: 'RunSpecifiedTests', runTests: ['NoSuchTest'] }, () => false);
    expect(specified.status).to.equal('Failed');
    expect(specified.tests?.failures.map((f) => f.message)).to.deep.equal(['No test class named NoSuchTest found in the org']);
  });

  it('Given a layout naming CurrencyIsoCode, Then an org without multi-currency refuses it as a missing field and one with it takes it', async () => {
    const layout = `<?xml version="1.0" encoding="UTF-8"?><Layout ${NS}><layoutSections><label>Info</label><layoutColumns><layoutItems><behavior>Edit</behavior><field>CurrencyIsoCode</field></layoutItems></layoutColumns><style>OneColumn</style></layoutSections></Layout>`;
    const zip = await zipOf({ 'layouts/Account-Account Layout.layout': layout });
    const without = await runDeploy(orgOf(SANDBOX), zip, OPTIONS, () => false);
    expect(without.componentFailures.map((f) => f.problem)).to.include('In field: field - no CustomField named Account.CurrencyIsoCode found');
    const withFeature = await runDeploy(orgOf({ ...SANDBOX, features: ['MultiCurrency'] }), zip, OPTIONS, () => false);
    expect(withFeature.status).to.equal('Succeeded');
  });
});
