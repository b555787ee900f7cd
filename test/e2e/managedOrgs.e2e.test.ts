/*
 * Real customer orgs: a managed package installed in the reference and the targets,
 * standard tabs, flow and external data source accesses, whole permission sets, and an org over a
 * (lowered) retrieve file limit. The plugin runs as a process (bin/run.js) against the emulator.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, ProcessResult, run } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';
import { parsePlanFile } from '../../src/state/planFile.js';
import { changesTarget, isWhollyBlocked, reportedAction } from '../../src/plan/blocked.js';
import { componentsByKey, readPlanIn } from '../helpers/planFiles.js';
import { PlanFile, PlannedComponent } from '../../src/plan/planTypes.js';

const SEED = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'managed-org');
const RUN = join(PROJECT_ROOT, 'bin', 'run.js');
const LAYOUT = 'pkg__Invoice__c-pkg__Invoice Layout';

type Components = Record<string, PlannedComponent>;

function componentsOf(plan: PlanFile, target: string): Components {
  const planned = plan.targets.find((t) => t.name === target);
  expect(planned?.status, JSON.stringify(planned?.error)).to.equal('ok');
  return componentsByKey(plan, target);
}

describe('customer orgs of a managed package', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;

  const postdeploy = (args: string[]): Promise<ProcessResult> => run(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(sfHome.home), cwd: work });
  const readPlan = (name: string): PlanFile => readPlanIn(work, name);

  before(async () => {
    sfHome = useIsolatedSfHome();
    // the same org with the package installed unlocked: its components are the subscriber's to change
    const unlocked = mkdtempSync(join(tmpdir(), 'sf-postdeploy-unlocked-'));
    cpSync(SEED, unlocked, { recursive: true });
    writeFileSync(join(unlocked, 'installed-packages.json'), JSON.stringify({ packages: [{ namespace: 'pkg', version: '2.4', editable: true }] }));
    emulator = await startEmulator({ orgs: { ref: SEED, customer: SEED, twin: SEED, unlocked, unlockedRef: unlocked }, jobMs: 5 });
    admin = new EmulatorAdmin(emulator.url);
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-managed-'));
    const edit = async (type: string, fullName: string, change: (xml: string) => string): Promise<void> => {
      const xml = (await admin.component('customer', type, fullName))!;
      const changed = change(xml);
      expect(changed, `${type} ${fullName} fixture edit`).not.to.equal(xml);
      const answer = await admin.putComponent('customer', type, fullName, changed);
      expect(answer.ok).to.equal(true);
    };
    // compact layout assignments: a standard object's (sent alone) and a custom object's (a manual step).
    // Setting a whole object through the admin API drops its fields' permissions: profiles are reset below
    await edit('CustomObject', 'Account', (xml) => xml.replace('<compactLayoutAssignment>Account_Compact<', '<compactLayoutAssignment>Account_Mini<'));
    await edit('CustomObject', 'pkg__Invoice__c', (xml) => xml.replace('<compactLayoutAssignment>pkg__Invoice_Compact<', '<compactLayoutAssignment>SYSTEM<'));
    for (const [type, name] of [['Profile', 'Admin'], ['PermissionSet', 'Invoice_Clerk']]) {
      // eslint-disable-next-line no-await-in-loop
      await admin.putComponent('customer', type, name, (await admin.component('ref', type, name))!);
    }
    // editable by the subscriber: the managed layout lost an item, the managed list view a column
    await edit('Layout', LAYOUT, (xml) => xml.replace(/<layoutItems>\s*<behavior>Edit<\/behavior>\s*<field>pkg__Status__c<\/field>\s*<\/layoutItems>/, ''));
    await edit('ListView', 'pkg__Invoice__c.Open_Invoices', (xml) => xml.replace('<columns>pkg__Status__c</columns>', ''));
    // locked by the package: a managed value set's value, a managed record type's label
    await edit('GlobalValueSet', 'pkg__Regions', (xml) => xml.replace(/<customValue>\s*<fullName>AMER<\/fullName>[\s\S]*?<\/customValue>/, ''));
    // a managed record type: its label (locked) differs, and it lacks a picklist value (the subscriber's to add)
    await edit('RecordType', 'pkg__Invoice__c.pkg__Standard', (xml) =>
      xml.replace('<label>Standard Invoice</label>', '<label>Invoice</label>').replace(/<values>\s*<fullName>Paid<\/fullName>[\s\S]*?<\/values>/, '')
    );
    // profile drift in what used to be out of scope: a standard tab, a flow, an external data source
    await edit('Profile', 'Admin', (xml) =>
      xml
        .replace(/(<tab>standard-Account<\/tab>\s*<visibility>)DefaultOn/, '$1DefaultOff')
        .replace(/<enabled>true<\/enabled>(\s*<flow>Onboard)/, '<enabled>false</enabled>$1')
        .replace(/<enabled>true<\/enabled>(\s*<externalDataSource>Erp)/, '<enabled>false</enabled>$1')
    );
    // a whole permission set: the target's lacks a flow access and a standard tab setting
    await edit('PermissionSet', 'Invoice_Clerk', (xml) => xml.replace(/<flowAccesses>[\s\S]*?<\/flowAccesses>/, '').replace(/<tabSettings>[\s\S]*?<\/tabSettings>/, ''));
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
  });

  it('Given a managed layout that lists as ns__Obj__c-Layout Name, When the emulator lists it, Then a retrieve by that name fails and by ns__Obj__c-ns__Layout Name succeeds', async () => {
    const { Connection, AuthInfo } = await import('@salesforce/core');
    const connection = await Connection.create({ authInfo: await AuthInfo.create({ username: emulator.orgs.ref.username }) });
    const listed = (await connection.metadata.list([{ type: 'Layout' }], '62.0')) as Array<{ fullName: string; namespacePrefix: string; manageableState: string }>;
    const managed = listed.find((l) => l.namespacePrefix === 'pkg');
    expect(managed).to.include({ fullName: 'pkg__Invoice__c-Invoice Layout', manageableState: 'installed' });
    expect(listed.find((l) => l.fullName === 'Account-Account Layout')).to.include({ manageableState: 'unmanaged' });
  });

  it('Given a customer org with managed drift, When plan runs, Then managed components carry their namespace, editable drift is planned and locked drift is blocked with its reason', async () => {
    const result = await postdeploy(['plan', '-r', 'ref', '-o', 'customer', '-o', 'twin', '--output-file', 'managed.json']);
    expect(result.code, result.stderr).to.equal(0);
    const plan = readPlan('managed.json');
    const customer = componentsOf(plan, 'customer');

    const layout = customer[`Layout:${LAYOUT}`];
    expect(layout, Object.keys(customer).join(', ')).to.include({ action: 'update', namespace: 'pkg', managed: true });
    expect(customer['Layout:Account-Account Layout']).to.include({ action: 'noop' });
    expect(customer['Layout:Account-Account Layout']).not.to.have.property('managed');

    expect(customer['ListView:pkg__Invoice__c.Open_Invoices']).to.include({ action: 'update', namespace: 'pkg', managed: true });
    expect(customer['ListView:pkg__Invoice__c.My_Invoices']).to.include({ action: 'noop' });

    const valueSet = customer['GlobalValueSet:pkg__Regions'];
    expect(valueSet).to.include({ action: 'update', managed: true });
    expect(isWhollyBlocked(valueSet)).to.equal(true);
    expect(valueSet.blocked[0]).to.include({ kind: 'managed', whole: true });
    expect(valueSet.blocked[0].reason).to.include('package pkg');
    expect(valueSet).not.to.have.property('deployXml');

    // merge mode keeps the target's label: only the picklist value is drift, and it is the subscriber's
    const recordType = customer['RecordType:pkg__Invoice__c.pkg__Standard'];
    expect(recordType).to.include({ action: 'update', managed: true });
    expect(recordType.blocked).to.deep.equal([]);

    // the overwrite of a compact layout assignment is not merge's: merge keeps the target's
    expect(customer['CustomObject:Account']).to.include({ action: 'noop' });

    const profile = customer['Profile:Admin'];
    const paths = profile.changes.map((c) => c.path);
    expect(paths).to.include('tabVisibilities[standard-Account].visibility');
    expect(paths).to.include('flowAccesses[Onboard].enabled');
    expect(paths).to.include('externalDataSourceAccesses[Erp].enabled');
    expect(paths.filter((p) => p.startsWith('customSettingAccesses'))).to.deep.equal([]);

    // reports name the package of each managed component
    const shown = await postdeploy(['diff', '--plan-file', 'managed.json']);
    expect(shown.stdout).to.include(`Layout ${LAYOUT} [managed: pkg]`);
    const json = JSON.parse((await postdeploy(['diff', '--plan-file', 'managed.json', '--json'])).stdout) as {
      result: { targets: Array<{ components: Array<{ fullName: string; namespace?: string; managed?: boolean }> }> };
    };
    expect(json.result.targets[0].components.find((c) => c.fullName === LAYOUT)).to.include({ namespace: 'pkg', managed: true });

    // an identical org: custom setting accesses and layout assignments come back the same on both sides
    const twin = componentsOf(plan, 'twin');
    for (const component of Object.values(twin)) expect(component.action, `${component.type}:${component.fullName} ${JSON.stringify(component.changes)}`).to.equal('noop');
    expect(twin['Profile:Admin']).to.include({ action: 'noop' });
  });

  it('Given the plan, When apply runs, Then the managed layout and list view are corrected, the locked drift is left alone, and a re-plan shows only the blocked drift', async () => {
    await postdeploy(['plan', '-r', 'ref', '-o', 'customer', '--output-file', 'apply.json']);
    const applied = await postdeploy(['apply', '--plan-file', 'apply.json', '--json']);
    expect(applied.code, applied.stdout + applied.stderr).to.equal(0);
    expect(await admin.component('customer', 'Layout', LAYOUT)).to.include('<field>pkg__Status__c</field>');
    expect(await admin.component('customer', 'GlobalValueSet', 'pkg__Regions')).not.to.include('AMER');

    await postdeploy(['plan', '-r', 'ref', '-o', 'customer', '--output-file', 'after.json']);
    const after = componentsOf(readPlan('after.json'), 'customer');
    const left = Object.values(after).filter((c) => c.action !== 'noop').map((c) => `${c.type}:${c.fullName}:${reportedAction(c)}`);
    expect(left.sort()).to.deep.equal(['GlobalValueSet:pkg__Regions:blocked']);
    expect(await admin.component('customer', 'RecordType', 'pkg__Invoice__c.pkg__Standard')).to.include('<fullName>Paid</fullName>');
  });

  it('Given the package installed unlocked (installedEditable), When its value set drifts, Then plan and apply correct it as the subscriber\'s own', async () => {
    const set = (await admin.component('unlocked', 'GlobalValueSet', 'pkg__Regions'))!;
    await admin.putComponent('unlocked', 'GlobalValueSet', 'pkg__Regions', set.replace(/<customValue>\s*<fullName>AMER<\/fullName>[\s\S]*?<\/customValue>/, ''));
    await postdeploy(['plan', '-r', 'unlockedRef', '-o', 'unlocked', '-m', 'GlobalValueSet', '--output-file', 'unlocked.json']);
    const planned = componentsOf(readPlan('unlocked.json'), 'unlocked')['GlobalValueSet:pkg__Regions'];
    expect(planned).to.include({ action: 'update', namespace: 'pkg' });
    expect(planned).not.to.have.property('managed');
    expect(planned.blocked).to.deep.equal([]);
    const applied = await postdeploy(['apply', '--plan-file', 'unlocked.json', '--json']);
    expect(applied.code, applied.stdout + applied.stderr).to.equal(0);
    expect(await admin.component('unlocked', 'GlobalValueSet', 'pkg__Regions')).to.include('AMER');
  });

  it('Given compact layout assignments that differ, When planned in overwrite mode and applied, Then the standard object is corrected alone and the custom object is a manual step', async () => {
    const result = await postdeploy(['plan', '-r', 'ref', '-o', 'customer', '-m', 'CompactLayout', '--mode', 'overwrite', '--output-file', 'compact.json']);
    expect(result.code, result.stderr).to.equal(0);
    const planned = componentsOf(readPlan('compact.json'), 'customer');
    expect(planned['CustomObject:Account'].changes).to.deep.equal([{ op: 'change', path: 'compactLayoutAssignment', before: 'Account_Mini', after: 'Account_Compact' }]);
    expect(planned['CustomObject:Account'].deployXml).to.match(/<CustomObject[^>]*>\s*<compactLayoutAssignment>Account_Compact<\/compactLayoutAssignment>\s*<\/CustomObject>/);
    const invoice = planned['CustomObject:pkg__Invoice__c'];
    expect(invoice.action).to.equal('update');
    expect(changesTarget(invoice)).to.equal(false);
    expect(invoice.blocked[0]).to.include({ kind: 'manual', whole: true });
    expect(invoice.blocked[0].reason).to.include('assign the compact layout pkg__Invoice_Compact');

    const applied = await postdeploy(['apply', '--plan-file', 'compact.json', '--json']);
    expect(applied.code, applied.stdout).to.equal(0);
    const account = (await admin.component('customer', 'CustomObject', 'Account'))!;
    expect(account).to.include('<compactLayoutAssignment>Account_Compact</compactLayoutAssignment>').and.to.include('<sharingModel>ReadWrite</sharingModel>');
    expect(await admin.component('customer', 'CustomObject', 'pkg__Invoice__c')).to.include('<compactLayoutAssignment>SYSTEM</compactLayoutAssignment>');
  });

  it('Given overwrite mode and a managed record type whose label is locked, When plan runs, Then the label is blocked drift with its reason and the rest goes ahead', async () => {
    const recordType = (await admin.component('twin', 'RecordType', 'pkg__Invoice__c.pkg__Standard'))!;
    await admin.putComponent('twin', 'RecordType', 'pkg__Invoice__c.pkg__Standard', recordType.replace('<label>Standard Invoice</label>', '<label>Invoice</label>').replace(/<values>\s*<fullName>Paid<\/fullName>[\s\S]*?<\/values>/, ''));
    const result = await postdeploy(['plan', '-r', 'ref', '-o', 'twin', '-m', 'RecordType', '--mode', 'overwrite', '--output-file', 'overwrite.json']);
    expect(result.code, result.stderr).to.equal(0);
    const planned = componentsOf(readPlan('overwrite.json'), 'twin')['RecordType:pkg__Invoice__c.pkg__Standard'];
    expect(planned.action).to.equal('update');
    expect(planned.blocked).to.deep.equal([{ kind: 'managed', path: 'label', reason: 'label is locked by package pkg: only a package upgrade can change it' }]);
    expect(planned.deployXml).to.include('<label>Invoice</label>');
    expect(planned.deployXml).to.include('<fullName>Paid</fullName>');

    const applied = await postdeploy(['apply', '--plan-file', 'overwrite.json', '--json']);
    expect(applied.code, applied.stdout).to.equal(0);
    const after = (await admin.component('twin', 'RecordType', 'pkg__Invoice__c.pkg__Standard'))!;
    expect(after).to.include('<label>Invoice</label>').and.to.include('<fullName>Paid</fullName>');
    await admin.putComponent('twin', 'RecordType', 'pkg__Invoice__c.pkg__Standard', recordType);
  });

  it('Given a managed record type, When its label is deployed to the customer org, Then the org refuses: Cannot modify managed object', async () => {
    const source = join(work, 'deploy-src');
    mkdirSync(join(source, 'objects', 'pkg__Invoice__c', 'recordTypes'), { recursive: true });
    writeFileSync(join(source, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: '.', default: true }], sourceApiVersion: '62.0' }));
    const recordType = readFileSync(join(SEED, 'objects', 'pkg__Invoice__c', 'recordTypes', 'pkg__Standard.recordType-meta.xml'), 'utf8');
    writeFileSync(join(source, 'objects', 'pkg__Invoice__c', 'recordTypes', 'pkg__Standard.recordType-meta.xml'), recordType.replace('Standard Invoice', 'Renamed'));
    const { ComponentSet } = await import('@salesforce/source-deploy-retrieve');
    const deploy = await ComponentSet.fromSource(source).deploy({ usernameOrConnection: emulator.orgs.customer.username });
    const result = await deploy.pollStatus(50, 30);
    const failures = [result.response.details.componentFailures ?? []].flat();
    expect(result.response.success).to.equal(false);
    expect(failures.map((f) => f.problem).join(' ')).to.match(/Cannot modify managed object: entity=RecordType, .*field=label, state=installed/);
  });

  it("Given -m 'Layout:pkg__*' or --managed exclude, When plan runs, Then only the package's layouts, or only the subscriber's own components, are compared", async () => {
    const byNamespace = await postdeploy(['plan', '-r', 'ref', '-o', 'twin', '-m', 'Layout:pkg__*', '--output-file', 'ns.json']);
    expect(byNamespace.code, byNamespace.stderr).to.equal(0);
    expect(Object.keys(componentsOf(readPlan('ns.json'), 'twin'))).to.deep.equal([`Layout:${LAYOUT}`]);

    // named as Setup and listMetadata show it, the layout is still planned under its retrievable name
    const listedName = await postdeploy(['plan', '-r', 'ref', '-o', 'twin', '-m', 'Layout:pkg__Invoice__c-Invoice Layout', '--output-file', 'listed.json']);
    expect(listedName.code, listedName.stderr).to.equal(0);
    expect(Object.keys(componentsOf(readPlan('listed.json'), 'twin'))).to.deep.equal([`Layout:${LAYOUT}`]);

    const excluded = await postdeploy(['plan', '-r', 'ref', '-o', 'twin', '-m', 'Layout', '-m', 'ListView', '--managed', 'exclude', '--output-file', 'own.json']);
    expect(excluded.code, excluded.stderr).to.equal(0);
    expect(Object.keys(componentsOf(readPlan('own.json'), 'twin')).sort()).to.deep.equal(['Layout:Account-Account Layout', 'ListView:pkg__Invoice__c.My_Invoices']);

    const only = await postdeploy(['plan', '-r', 'ref', '-o', 'twin', '-m', 'Layout', '-m', 'ListView', '--managed', 'only', '--output-file', 'only.json']);
    expect(only.code, only.stderr).to.equal(0);
    expect(Object.keys(componentsOf(readPlan('only.json'), 'twin')).sort()).to.deep.equal([`Layout:${LAYOUT}`, 'ListView:pkg__Invoice__c.Open_Invoices']);
  });

  it('Given a permission set whose target copy lacks entries, When plan runs, Then the whole permission set is compared (flow access and standard tab setting included)', async () => {
    const result = await postdeploy(['plan', '-r', 'ref', '-o', 'customer', '-m', 'PermissionSet:Invoice_Clerk', '--output-file', 'ps.json']);
    expect(result.code, result.stderr).to.equal(0);
    const permissionSet = componentsOf(readPlan('ps.json'), 'customer')['PermissionSet:Invoice_Clerk'];
    expect(permissionSet.action).to.equal('update');
    expect(permissionSet.changes.map((c) => c.path).sort()).to.deep.equal(['flowAccesses[Onboard].enabled', 'tabSettings[standard-Account].visibility']);
  });
});

/** An org of `objects` custom objects, each with a layout, a list view and a field permission in the Admin profile. */
function writeBigOrg(dir: string, objects: number): void {
  const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
  mkdirSync(join(dir, 'layouts'), { recursive: true });
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  const fieldPermissions: string[] = [];
  const layoutAssignments: string[] = [];
  for (let i = 0; i < objects; i += 1) {
    const object = `Obj${String(i).padStart(2, '0')}__c`;
    mkdirSync(join(dir, 'objects', object, 'fields'), { recursive: true });
    mkdirSync(join(dir, 'objects', object, 'listViews'), { recursive: true });
    writeFileSync(join(dir, 'objects', object, `${object}.object-meta.xml`), `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject ${ns}><label>${object}</label><pluralLabel>${object}s</pluralLabel><nameField><label>Name</label><type>Text</type></nameField><deploymentStatus>Deployed</deploymentStatus><sharingModel>ReadWrite</sharingModel></CustomObject>\n`);
    writeFileSync(join(dir, 'objects', object, 'fields', 'Code__c.field-meta.xml'), `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField ${ns}><fullName>Code__c</fullName><label>Code</label><length>20</length><type>Text</type></CustomField>\n`);
    writeFileSync(join(dir, 'objects', object, 'listViews', 'All.listView-meta.xml'), `<?xml version="1.0" encoding="UTF-8"?>\n<ListView ${ns}><fullName>All</fullName><columns>NAME</columns><filterScope>Everything</filterScope><label>All</label></ListView>\n`);
    writeFileSync(join(dir, 'layouts', `${object}-${object} Layout.layout-meta.xml`), `<?xml version="1.0" encoding="UTF-8"?>\n<Layout ${ns}><layoutSections><label>Info</label><layoutColumns><layoutItems><behavior>Edit</behavior><field>Code__c</field></layoutItems></layoutColumns><style>OneColumn</style></layoutSections></Layout>\n`);
    fieldPermissions.push(`<fieldPermissions><editable>true</editable><field>${object}.Code__c</field><readable>true</readable></fieldPermissions>`);
    layoutAssignments.push(`<layoutAssignments><layout>${object}-${object} Layout</layout></layoutAssignments>`);
  }
  writeFileSync(join(dir, 'profiles', 'Admin.profile-meta.xml'), `<?xml version="1.0" encoding="UTF-8"?>\n<Profile ${ns}><custom>false</custom>${fieldPermissions.join('')}${layoutAssignments.join('')}<userLicense>Salesforce</userLicense></Profile>\n`);
}

describe('an org over the retrieve file limit', () => {
  const OBJECTS = 30;
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;

  const postdeploy = (args: string[]): Promise<ProcessResult> => run(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(sfHome.home), cwd: work });

  before(async () => {
    sfHome = useIsolatedSfHome();
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-big-'));
    const seed = join(work, 'big-org');
    writeBigOrg(seed, OBJECTS);
    // 30 objects and 30 layouts are 60 files: over a limit of 25, so the plan has to split its retrieves
    emulator = await startEmulator({ orgs: { bigref: seed, bigtarget: seed }, jobMs: 5, maxRetrieveFiles: 25 });
    admin = new EmulatorAdmin(emulator.url);
    const profile = (await admin.component('bigtarget', 'Profile', 'Admin'))!;
    await admin.putComponent('bigtarget', 'Profile', 'Admin', profile.replace(/<editable>true<\/editable>(\s*<field>Obj29__c\.Code__c)/, '<editable>false</editable>$1'));
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
  });

  it('Given the emulator limit of 25 files, When one retrieve asks for more, Then it fails with LIMIT_EXCEEDED', async () => {
    const { ComponentSet } = await import('@salesforce/source-deploy-retrieve');
    const components = new ComponentSet([{ type: 'CustomObject', fullName: '*' }, { type: 'Layout', fullName: '*' }]);
    const retrieve = await components.retrieve({ usernameOrConnection: emulator.orgs.bigref.username, output: join(work, 'out'), format: 'metadata', unzip: false });
    const result = await retrieve.pollStatus(50, 30);
    expect(String(result.response.status)).to.equal('Failed');
    expect(String((result.response as { errorMessage?: string }).errorMessage)).to.equal('LIMIT_EXCEEDED: Too many files in retrieve call, limit is: 25');
  });

  it('Given Profile selected in an org over the limit, When plan runs, Then the retrieves go in chunks, the profile is whole and only the real drift is planned', async () => {
    const result = await postdeploy(['plan', '-r', 'bigref', '-o', 'bigtarget', '-m', 'Profile', '-m', 'Layout', '--output-file', 'big.json']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/reference: chunk 1\/\d+/);
    expect(result.stderr).to.match(/bigtarget: chunk \d+\/\d+/);
    const plan = parsePlanFile(readFileSync(join(work, 'big.json'), 'utf8'), 'big.json');
    const components = componentsOf(plan, 'bigtarget');
    expect(Object.keys(components)).to.have.length(OBJECTS + 1);
    const profile = components['Profile:Admin'];
    expect(profile.changes).to.deep.equal([{ op: 'change', path: 'fieldPermissions[Obj29__c.Code__c].editable', before: false, after: true }]);
    for (const [key, component] of Object.entries(components)) if (key !== 'Profile:Admin') expect(component.action, key).to.equal('noop');
    const stats = await admin.stats();
    expect(stats.bigref.retrieve ?? 0).to.be.greaterThan(2);
  });
});

describe('an org over the retrieve zip-size limit', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let work: string;

  before(async () => {
    sfHome = useIsolatedSfHome();
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-zip-'));
    writeBigOrg(join(work, 'org'), 12);
    // the limit names no file count: the plan has to find chunks small enough by itself
    emulator = await startEmulator({ orgs: { zipref: join(work, 'org'), ziptarget: join(work, 'org') }, jobMs: 5, maxRetrieveZipBytes: 4000 });
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
  });

  it('Given retrieves over the zip-size limit, When plan runs, Then it splits them until the org takes them and plans no false drift', async () => {
    const result = await run(process.execPath, [RUN, 'postdeploy', 'plan', '-r', 'zipref', '-o', 'ziptarget', '-m', 'Profile', '-m', 'Layout', '--output-file', 'zip.json'], {
      env: childEnv(sfHome.home),
      cwd: work,
    });
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/reference: chunk \d+\/\d+/);
    const components = componentsOf(parsePlanFile(readFileSync(join(work, 'zip.json'), 'utf8'), 'zip.json'), 'ziptarget');
    expect(Object.keys(components)).to.have.length(13);
    for (const [key, component] of Object.entries(components)) expect(component.action, key).to.equal('noop');
    expect(components['Profile:Admin'].targetHash).to.equal(components['Profile:Admin'].referenceHash);
  });
});
