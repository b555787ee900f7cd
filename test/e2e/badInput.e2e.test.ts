/*
 * Bad input from orgs, as processes (bin/run.js) against emulated orgs: malformed XML in a retrieve,
 * component names with spaces, dots, `%`-encoding, unicode and namespace prefixes, and a huge
 * Profile. Real core, SDR and the emulator; nothing stubbed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, ProcessResult, run } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';
import { readPlanIn } from '../helpers/planFiles.js';
import { PlanFile, PlannedTarget } from '../../src/plan/planTypes.js';

const SEED = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'source-org');
const RUN = join(PROJECT_ROOT, 'bin', 'run.js');
const NS = 'http://soap.sforce.com/2006/04/metadata';

const doc = (root: string, inner: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">\n${inner}\n</${root}>\n`;

const layout = (fields: string[]): string =>
  doc(
    'Layout',
    `    <layoutSections>
        <customLabel>false</customLabel>
        <detailHeading>false</detailHeading>
        <editHeading>true</editHeading>
        <label>Information</label>
        <layoutColumns>
${fields.map((f) => `            <layoutItems>\n                <behavior>Edit</behavior>\n                <field>${f}</field>\n            </layoutItems>`).join('\n')}
        </layoutColumns>
        <style>TwoColumnsTopToBottom</style>
    </layoutSections>`
  );

const customObject = (label: string, fields: string[]): string =>
  doc(
    'CustomObject',
    `${fields.map((f) => `    <fields>\n        <fullName>${f}</fullName>\n        <label>${f}</label>\n        <length>80</length>\n        <type>Text</type>\n    </fields>`).join('\n')}
    <label>${label}</label>
    <nameField>
        <label>${label} Name</label>
        <type>Text</type>
    </nameField>
    <pluralLabel>${label}s</pluralLabel>
    <sharingModel>ReadWrite</sharingModel>`
  );

const listView = (name: string, label: string, columns: string[]): string =>
  doc('ListView', `    <fullName>${name}</fullName>\n${columns.map((c) => `    <columns>${c}</columns>`).join('\n')}\n    <filterScope>Everything</filterScope>\n    <label>${label}</label>`);

const valueSet = (label: string, values: string[]): string =>
  doc(
    'GlobalValueSet',
    `${values.map((v) => `    <customValue>\n        <fullName>${v}</fullName>\n        <default>false</default>\n        <label>${v}</label>\n    </customValue>`).join('\n')}
    <masterLabel>${label}</masterLabel>
    <sorted>false</sorted>`
  );

/** Names that need encoding or careful splitting somewhere between package.xml, zip paths and XML. */
const ODD = {
  encodedLayout: 'Account-Account %28Marketing%29 Layout',
  unicodeListView: 'Account.Über_Kunden',
  widgetLayout: 'Widget__c-Widget Layout',
  namespacedObject: 'acme__Invoice__c',
  namespacedLayout: 'acme__Invoice__c-acme__Invoice Layout',
  dottedLayout: 'Account-Account v2.0 Layout',
  dottedValueSet: 'Regions_v2.0',
};

const HUGE_PROFILE = 'Bulk Loader';
const HUGE_OBJECT = 'Bulk__c';
const HUGE_FIELDS = 34_000;

/** A Profile of about 5 MB: one fieldPermissions entry per field of Bulk__c (standard-looking names the emulator accepts). */
function hugeProfile(edit: (index: number) => { editable: boolean } | undefined): string {
  const entries: string[] = [];
  for (let i = 0; i < HUGE_FIELDS; i += 1) {
    const entry = edit(i);
    if (!entry) continue;
    entries.push(
      `    <fieldPermissions>\n        <editable>${String(entry.editable)}</editable>\n        <field>${HUGE_OBJECT}.Field_${String(i).padStart(5, '0')}</field>\n        <readable>true</readable>\n    </fieldPermissions>`
    );
  }
  return doc('Profile', `    <custom>true</custom>\n${entries.join('\n')}\n    <userLicense>Salesforce</userLicense>`);
}

describe('sf postdeploy with bad input from orgs', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;
  let stateDir: string;

  const postdeploy = (args: string[]): Promise<ProcessResult> => run(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(sfHome.home), cwd: work, timeoutMs: 170_000 });
  const readPlan = (name: string): PlanFile => readPlanIn(work, name);
  const put = async (alias: string, type: string, fullName: string, xml: string): Promise<void> => {
    const response = await admin.putComponent(alias, type, fullName, xml);
    if (!response.ok) throw new Error(`PUT ${type} ${fullName} in ${alias}: ${response.status} ${await response.text()}`);
  };
  const byKey = (target: PlannedTarget): Record<string, PlannedTarget['components'][number]> => Object.fromEntries(target.components.map((c) => [`${c.type}:${c.fullName}`, c]));
  const planOk = async (args: string[], file: string): Promise<PlanFile> => {
    const result = await postdeploy(['plan', ...args, '--output-file', file]);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    return readPlan(file);
  };
  const applyOk = async (file: string): Promise<void> => {
    const result = await postdeploy(['apply', '--plan-file', file, '--state-dir', stateDir, '--json']);
    expect(result.code, result.stdout + result.stderr).to.equal(0);
  };

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { prod: SEED, sandbox: SEED, scratch: SEED }, jobMs: 20 });
    admin = new EmulatorAdmin(emulator.url);
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-bad-input-'));
    stateDir = mkdtempSync(join(tmpdir(), 'sf-postdeploy-bad-input-state-'));
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
    rmSync(work, { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
  });

  beforeEach(() => admin.reset());

  it('Given an org that returns a component as malformed XML, When plan runs, Then that target is an error naming the component with an action and the other is planned (exit 68)', async () => {
    await admin.fault({ org: 'sandbox', fault: 'malformedComponent', component: 'Layout:Account-Account Layout', count: 5 });
    const result = await postdeploy(['plan', '-r', 'prod', '-o', 'sandbox', '-o', 'scratch', '-m', 'Layout', '-m', 'GlobalValueSet', '--output-file', 'malformed.json']);
    expect(result.code, result.stdout + result.stderr).to.equal(68);
    const plan = readPlan('malformed.json');
    const targets = Object.fromEntries(plan.targets.map((t) => [t.name, t]));
    expect(targets.sandbox.status).to.equal('error');
    expect(targets.sandbox.components).to.deep.equal([]);
    const error = targets.sandbox.error!;
    expect(error.message).to.include('sandbox');
    expect(error.message).to.include('Layout Account-Account Layout');
    expect(error.message).to.include('not well-formed XML');
    expect(error.message).not.to.match(/\n\s+at /);
    expect((error.actions ?? []).join(' ')).to.include('sf project retrieve start --target-org sandbox');
    expect(targets.scratch.status).to.equal('ok');
    expect(targets.scratch.components.map((c) => `${c.type}:${c.fullName}:${c.action}`)).to.deep.equal(['Layout:Account-Account Layout:noop', 'GlobalValueSet:Regions:noop']);
    // the fault lasts for its count only: the emulator's admin API refuses it without a component
    const refused = await fetch(`${emulator.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ org: 'sandbox', fault: 'malformedComponent' }) });
    expect(refused.status).to.equal(400);
    expect(await refused.text()).to.include('Type:Name');
  });

  it('Given names with spaces, dots, %-encoding, unicode and namespace prefixes, When plan, apply and plan again run, Then the drift is applied and nothing drifts after', async () => {
    for (const alias of ['prod', 'sandbox']) {
      const drifted = alias === 'sandbox';
      /* eslint-disable no-await-in-loop */
      await put(alias, 'CustomObject', 'Widget__c', customObject('Widget', ['Size__c', 'Colour__c']));
      await put(alias, 'CustomObject', ODD.namespacedObject, customObject('Invoice', ['acme__Amount__c', 'acme__Due__c']));
      await put(alias, 'Layout', ODD.encodedLayout, layout(drifted ? ['Name'] : ['Name', 'Tier__c']));
      await put(alias, 'Layout', ODD.dottedLayout, layout(drifted ? ['Name', 'Region__c'] : ['Name']));
      await put(alias, 'Layout', ODD.widgetLayout, layout(drifted ? ['Name', 'Size__c'] : ['Name', 'Size__c', 'Colour__c']));
      await put(alias, 'Layout', ODD.namespacedLayout, layout(drifted ? ['Name'] : ['Name', 'acme__Amount__c', 'acme__Due__c']));
      await put(alias, 'ListView', ODD.unicodeListView, listView('Über_Kunden', drifted ? 'Kunden' : 'Über Kunden (DACH)', drifted ? ['ACCOUNT.NAME'] : ['ACCOUNT.NAME', 'ACCOUNT.ADDRESS1_CITY']));
      await put(alias, 'GlobalValueSet', ODD.dottedValueSet, valueSet('Regions v2.0', drifted ? ['EMEA'] : ['EMEA', 'APAC (Süd)']));
      /* eslint-enable no-await-in-loop */
    }
    const selection = [
      '-m',
      `Layout:${ODD.encodedLayout}`,
      '-m',
      `Layout:${ODD.namespacedLayout}`,
      '-m',
      `ListView:${ODD.unicodeListView}`,
      '-m',
      `GlobalValueSet:${ODD.dottedValueSet}`,
      '-m',
      'Layout:Widget__c-*',
      '-m',
      'Layout:Account-Account v2.*',
      '-m',
      'ListView:Account.Ü*',
    ];
    const expected = [
      `Layout:${ODD.encodedLayout}`,
      `Layout:${ODD.namespacedLayout}`,
      `ListView:${ODD.unicodeListView}`,
      `GlobalValueSet:${ODD.dottedValueSet}`,
      `Layout:${ODD.widgetLayout}`,
      `Layout:${ODD.dottedLayout}`,
    ];
    const plan = await planOk(['-r', 'prod', '-o', 'sandbox', ...selection, '--mode', 'overwrite'], 'odd-names.json');
    const first = byKey(plan.targets[0]);
    expect(Object.keys(first).sort()).to.deep.equal([...expected].sort());
    for (const key of expected) expect(first[key].action, key).to.equal('update');
    expect(first[`ListView:${ODD.unicodeListView}`].changes).to.deep.include({ op: 'change', path: 'label', before: 'Kunden', after: 'Über Kunden (DACH)' });
    expect(first[`GlobalValueSet:${ODD.dottedValueSet}`].changes.map((c) => c.path)).to.deep.equal(['customValue[APAC (Süd)]']);

    await applyOk('odd-names.json');
    for (const [type, name] of [
      ['Layout', ODD.encodedLayout],
      ['ListView', ODD.unicodeListView],
      ['Layout', ODD.namespacedLayout],
    ]) {
      // eslint-disable-next-line no-await-in-loop
      expect(await admin.component('sandbox', type, name), `${type} ${name}`).to.equal(await admin.component('prod', type, name));
    }

    const again = await planOk(['-r', 'prod', '-o', 'sandbox', ...selection, '--mode', 'overwrite'], 'odd-names-again.json');
    const second = byKey(again.targets[0]);
    expect(Object.keys(second).sort()).to.deep.equal([...expected].sort());
    for (const key of expected) expect(second[key].action, `${key}: ${JSON.stringify(second[key].changes)}`).to.equal('noop');
  });

  it('Given a Profile of about 5 MB with a few differences, When plan, apply and plan again run, Then exactly those differences are planned and applied', async () => {
    const changed = new Set([7, 12_345, 33_999]);
    const missing = 20_000;
    const reference = hugeProfile(() => ({ editable: true }));
    const target = hugeProfile((i) => (i === missing ? undefined : { editable: !changed.has(i) }));
    expect(reference.length).to.be.greaterThan(4_500_000);
    for (const [alias, xml] of [
      ['prod', reference],
      ['sandbox', target],
    ]) {
      /* eslint-disable no-await-in-loop */
      await put(alias, 'CustomObject', HUGE_OBJECT, customObject('Bulk', ['Kind__c']));
      await put(alias, 'Profile', HUGE_PROFILE, xml);
      /* eslint-enable no-await-in-loop */
    }
    const field = (i: number): string => `${HUGE_OBJECT}.Field_${String(i).padStart(5, '0')}`;
    // how fast is the bench's business (rows 3 and 4.rss50): a wall-clock bound here only measured the machine's load
    const plan = await planOk(['-r', 'prod', '-o', 'sandbox', '-m', `Profile:${HUGE_PROFILE}`], 'huge.json');
    const profile = byKey(plan.targets[0])[`Profile:${HUGE_PROFILE}`];
    expect(profile.action).to.equal('update');
    // the entry the target lacks counts as no access: each permission goes from false to true
    expect(profile.changes.map((c) => c.path).sort()).to.deep.equal(
      [...[...changed].map((i) => `fieldPermissions[${field(i)}].editable`), `fieldPermissions[${field(missing)}].editable`, `fieldPermissions[${field(missing)}].readable`].sort()
    );
    for (const i of changed) expect(profile.changes).to.deep.include({ op: 'change', path: `fieldPermissions[${field(i)}].editable`, before: false, after: true });
    expect(profile.changes.filter((c) => c.path.startsWith(`fieldPermissions[${field(missing)}]`)).map((c) => [c.before, c.after])).to.deep.equal([
      [false, true],
      [false, true],
    ]);

    await applyOk('huge.json');
    const again = await planOk(['-r', 'prod', '-o', 'sandbox', '-m', `Profile:${HUGE_PROFILE}`], 'huge-again.json');
    const after = byKey(again.targets[0])[`Profile:${HUGE_PROFILE}`];
    expect(after.action, JSON.stringify(after.changes.slice(0, 5))).to.equal('noop');
    const applied = (await admin.component('sandbox', 'Profile', HUGE_PROFILE))!;
    expect(applied.length).to.be.greaterThan(4_500_000);
    expect(applied).to.include(`<field>${field(missing)}</field>`);
  });
});
