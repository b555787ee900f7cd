/*
 * The base recorded in each target org: release 1 applied in merge mode records it; release 2 is
 * planned from a new sf home (logged in with the real `sf`) and a new state folder, so only the
 * orgs' own record can serve as base. The plugin runs as a process (bin/run.js) against one
 * emulator; nothing stubbed.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, ProcessResult, run, runSf } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';
import { jsonOutput } from '../helpers/applyFleet.js';
import { componentsByKey, readPlanIn } from '../helpers/planFiles.js';
import { PlanFile } from '../../src/plan/planTypes.js';

const SEED = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'source-org');
const RUN = join(PROJECT_ROOT, 'bin', 'run.js');
const LAYOUT = 'Account-Account Layout';
const FILES = {
  layout: join('layouts', `${LAYOUT}.layout-meta.xml`),
  permset: join('permissionsets', 'Sales_Ops.permissionset-meta.xml'),
  listView: join('objects', 'Account', 'listViews', 'AllAccounts.listView-meta.xml'),
  valueSet: join('globalValueSets', 'Regions.globalValueSet-meta.xml'),
};
const SELECTION = ['--metadata', `Layout:${LAYOUT}`, '--metadata', 'PermissionSet:Sales_Ops', '--metadata', 'ListView:Account.AllAccounts', '--metadata', 'GlobalValueSet:Regions'];
const ORGS = ['alpha', 'beta', 'gamma'];
const TARGETS = ORGS.flatMap((org) => ['-o', org]);

const item = (field: string): string => `\n            <layoutItems>\n                <behavior>Edit</behavior>\n                <field>${field}</field>\n            </layoutItems>`;
const REGION_PERMISSION = '<fieldPermissions>\n        <editable>false</editable>\n        <field>Account.Region__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n    ';
const APAC = '    <customValue>\n        <fullName>APAC</fullName>\n        <default>false</default>\n        <label>APAC</label>\n    </customValue>\n';
const columns = (names: string[]): string => names.map((name) => `    <columns>${name}</columns>\n`).join('');
const NAME = 'ACCOUNT.NAME';
const CITY = 'ACCOUNT.ADDRESS1_CITY';
const PHONE = 'ACCOUNT.PHONE1';

type PlanJson = { targets: Array<{ alias: string; base: { source: string; hash?: string; components?: number }; recordsBase?: { components: number }; conflicts: number }> };
type ApplyJson = { applyId: string; targets: Array<{ alias: string; status: string; baseRecorded?: { components: number } }> };

describe('sf postdeploy: the base recorded in each target org', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;
  let release1: string;
  let release2: string;
  /** the second operator: a new sf home, logged in to the same orgs with the real sf, and so a new state folder */
  let home2: string;

  const postdeploy = (args: string[], home = sfHome.home): Promise<ProcessResult> => run(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(home), cwd: work });
  const readPlan = (name: string): PlanFile => readPlanIn(work, name);
  const componentsOf = componentsByKey;

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { alpha: SEED, beta: SEED, gamma: SEED }, jobMs: 20 });
    admin = new EmulatorAdmin(emulator.url);
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-recorded-base-'));
    // release 1: Region__c on the layout and readable, a phone column, an APAC region
    release1 = join(work, 'release-1');
    const seeded = (file: string): string => readFileSync(join(SEED, file), 'utf8');
    const write = (dir: string, file: string, text: string): void => {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), text);
    };
    const layout1 = seeded(FILES.layout).replace(/(<field>Tier__c<\/field>\s*<\/layoutItems>)/, `$1${item('Region__c')}`);
    const permset1 = seeded(FILES.permset).replace('<hasActivationRequired>', `${REGION_PERMISSION}<hasActivationRequired>`);
    const listView1 = seeded(FILES.listView).replace(/(\s*<columns>[^<]*<\/columns>)+\n/, `\n${columns([NAME, CITY, PHONE])}`);
    const valueSet1 = seeded(FILES.valueSet).replace('    <masterLabel>', `${APAC}    <masterLabel>`);
    for (const [text, marker] of [[layout1, 'Region__c'], [permset1, 'Account.Region__c'], [listView1, PHONE], [valueSet1, 'APAC']]) expect(text).to.include(marker);
    write(release1, FILES.layout, layout1);
    write(release1, FILES.permset, permset1);
    write(release1, FILES.listView, listView1);
    write(release1, FILES.valueSet, valueSet1);
    // release 2 takes Region__c off the layout, revokes its permission, drops the phone column
    // (and shows the city first), retires APAC
    release2 = join(work, 'release-2');
    cpSync(release1, release2, { recursive: true });
    write(release2, FILES.layout, layout1.replace(item('Region__c'), ''));
    write(release2, FILES.permset, permset1.replace(REGION_PERMISSION, ''));
    write(release2, FILES.listView, listView1.replace(columns([NAME, CITY, PHONE]), columns([CITY, NAME])));
    write(release2, FILES.valueSet, valueSet1.replace(APAC, ''));
    home2 = mkdtempSync(join(tmpdir(), 'sf-postdeploy-second-home-'));
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
    rmSync(work, { recursive: true, force: true });
    rmSync(home2, { recursive: true, force: true });
  });

  it('Given release 1 applied in merge mode, When release 2 is planned from a new sf home and state folder, Then the org-recorded base removes what the reference removed, keeps an own field, reports a conflict; apply converges; rollback restores the orgs and the previous base', async () => {
    // release 1: no base anywhere yet; apply records one in each org with its correction
    const planned1 = await postdeploy(['plan', '--reference-dir', release1, ...TARGETS, ...SELECTION, '--output-file', 'release-1.json', '--json']);
    expect(planned1.code, planned1.stderr).to.equal(0);
    const plan1 = jsonOutput<PlanJson>(planned1).result!;
    expect(plan1.targets.map((t) => [t.alias, t.base.source, t.recordsBase?.components])).to.deep.equal(ORGS.map((org) => [org, 'none', 4]));
    const applied1 = await postdeploy(['apply', '--plan-file', 'release-1.json']);
    expect(applied1.code, applied1.stderr).to.equal(0);
    for (const org of ORGS) expect(applied1.stdout).to.include(`${org}: base recorded: 4 component(s)`);
    expect(await admin.component('alpha', 'StaticResource', 'PostdeployBase')).to.include('4 components');

    // the admins' own changes: alpha adds a field to the same layout, beta drops the city column
    const alphaLayout = (await admin.component('alpha', 'Layout', LAYOUT))!;
    await admin.putComponent('alpha', 'Layout', LAYOUT, alphaLayout.replace(/(<field>Name<\/field>\s*<\/layoutItems>)/, `$1${item('Phone')}`));
    const betaView = (await admin.component('beta', 'ListView', 'Account.AllAccounts'))!;
    expect(betaView).to.include(`<columns>${CITY}</columns>`);
    await admin.putComponent('beta', 'ListView', 'Account.AllAccounts', betaView.replace(`<columns>${CITY}</columns>`, ''));

    // a second operator: a new sf home (so a new state folder), logged in with the real sf
    for (const org of ORGS) {
      // eslint-disable-next-line no-await-in-loop
      const login = await runSf(['org', 'login', 'access-token', '--instance-url', emulator.url, '--alias', org, '--no-prompt'], { env: childEnv(home2, { SF_ACCESS_TOKEN: emulator.accessToken(org) }) });
      expect(login.code, login.stderr).to.equal(0);
    }
    const shown = await postdeploy(['plan', '--reference-dir', release2, ...TARGETS, ...SELECTION, '--output-file', 'release-2.json'], home2);
    expect(shown.code, shown.stderr).to.equal(0);
    expect(shown.stdout).to.include('recorded in the org');
    expect(shown.stderr).to.include('beta: ListView Account.AllAccounts columns[ACCOUNT.ADDRESS1_CITY]: moved by the reference, removed in the target');
    const plan2 = readPlan('release-2.json');
    const base1 = plan2.targets[0].base!;
    expect(plan2.targets.map((t) => [t.name, t.base?.source])).to.deep.equal(ORGS.map((org) => [org, 'org']));
    expect(plan2.targets.every((t) => t.base && 'hash' in t.base && 'hash' in base1 && t.base.hash === base1.hash)).to.equal(true);
    for (const org of ORGS) {
      const planned = componentsOf(plan2, org);
      expect(planned[`Layout:${LAYOUT}`].changes.map((c) => [c.op, c.path]), org).to.deep.equal([['remove', 'layoutSections[Account Information].layoutItems[Region__c]']]);
      expect(planned['PermissionSet:Sales_Ops'].changes, org).to.deep.equal([{ op: 'change', path: 'fieldPermissions[Account.Region__c].readable', before: true, after: false }]);
      expect(planned['ListView:Account.AllAccounts'].changes.map((c) => [c.op, c.path]), org).to.deep.include(['remove', `columns[${PHONE}]`]);
      expect(planned['GlobalValueSet:Regions'].irreversible.join(' '), org).to.include('APAC');
    }
    expect(componentsOf(plan2, 'alpha')[`Layout:${LAYOUT}`].customizations).to.deep.equal(['layoutSections[Account Information].layoutItems[Phone]']);
    expect(plan2.targets.map((t) => t.components.flatMap((c) => (c.conflicts ?? []).map((conflict) => `${c.fullName} ${conflict.path}`)))).to.deep.equal([[], [`Account.AllAccounts columns[${CITY}]`], []]);

    // the reviewer's Markdown names each target's base
    const diffed = await postdeploy(['diff', '--plan-file', 'release-2.json', '--markdown-file', 'drift.md', '--json'], home2);
    expect(diffed.code, diffed.stderr).to.equal(0);
    expect(jsonOutput<PlanJson>(diffed).result!.targets.map((t) => [t.alias, t.base.source, t.conflicts])).to.deep.equal([['alpha', 'org', 0], ['beta', 'org', 1], ['gamma', 'org', 0]]);
    expect(readFileSync(join(work, 'drift.md'), 'utf8')).to.include('| Target | Base compared with | Base apply records |').and.include('recorded in the org (4 components');

    const applied2 = await postdeploy(['apply', '--plan-file', 'release-2.json', '--json'], home2);
    expect(applied2.code, applied2.stderr).to.equal(0);
    const apply2 = jsonOutput<ApplyJson>(applied2).result!;
    expect(apply2.targets.map((t) => [t.alias, t.status, t.baseRecorded?.components])).to.deep.equal(ORGS.map((org) => [org, 'deployed', 4]));
    const alphaNow = (await admin.component('alpha', 'Layout', LAYOUT))!;
    expect(alphaNow).to.include('<field>Phone</field>').and.not.include('<field>Region__c</field>');
    expect(await admin.component('beta', 'ListView', 'Account.AllAccounts')).to.include(`<columns>${NAME}</columns>`).and.not.include(PHONE).and.not.include(CITY);
    expect(await admin.component('gamma', 'ListView', 'Account.AllAccounts')).to.match(new RegExp(`<columns>${CITY}</columns>\\s*<columns>${NAME}</columns>`)).and.not.include(PHONE);
    for (const org of ORGS) {
      // eslint-disable-next-line no-await-in-loop
      expect(await admin.component(org, 'PermissionSet', 'Sales_Ops'), org).not.to.include('Account.Region__c');
      // eslint-disable-next-line no-await-in-loop
      expect(await admin.component(org, 'GlobalValueSet', 'Regions'), org).to.match(/<fullName>APAC<\/fullName>[\s\S]*?<isActive>false<\/isActive>/);
    }

    // converged: a re-plan shows only beta's conflict, and no base left to record
    const again = await postdeploy(['plan', '--reference-dir', release2, ...TARGETS, ...SELECTION, '--output-file', 'again.json', '--json'], home2);
    expect(again.code, again.stderr).to.equal(0);
    expect(jsonOutput<PlanJson>(again).result!.targets.map((t) => [t.alias, t.conflicts, t.recordsBase])).to.deep.equal(ORGS.map((org) => [org, org === 'beta' ? 1 : 0, undefined]));
    const replanned = readPlan('again.json');
    expect(replanned.targets.flatMap((t) => t.components.filter((c) => c.action !== 'noop' || c.conflicts).map((c) => [t.name, c.fullName, c.action, (c.conflicts ?? []).map((x) => x.path)]))).to.deep.equal([
      ['beta', 'Account.AllAccounts', 'noop', [`columns[${CITY}]`]],
    ]);

    // rollback restores the orgs and the base release 1 recorded
    const rolled = await postdeploy(['rollback', '--latest', '--json'], home2);
    expect(rolled.code, rolled.stderr).to.equal(0);
    expect(await admin.component('alpha', 'Layout', LAYOUT)).to.include('<field>Region__c</field>').and.include('<field>Phone</field>');
    expect(await admin.component('gamma', 'ListView', 'Account.AllAccounts')).to.include(PHONE);
    const after = await postdeploy(['plan', '--reference-dir', release2, ...TARGETS, ...SELECTION, '--output-file', 'after.json', '--json'], home2);
    expect(after.code, after.stderr).to.equal(0);
    expect(jsonOutput<PlanJson>(after).result!.targets.map((t) => [t.alias, t.base.source, t.base.hash])).to.deep.equal(ORGS.map((org) => [org, 'org', 'hash' in base1 ? base1.hash : '']));

    // an org given as base wins over the recorded one: gamma, back at release 1, is the base of beta
    const fromOrg = await postdeploy(['plan', '--reference-dir', release2, '-o', 'beta', ...SELECTION, '--base-org', 'gamma', '--output-file', 'from-org.json', '--json'], home2);
    expect(fromOrg.code, fromOrg.stderr).to.equal(0);
    const fromGamma = jsonOutput<PlanJson & { targets: Array<{ base: { org?: string } }> }>(fromOrg).result!.targets[0];
    expect([fromGamma.base.source, fromGamma.base.org, fromGamma.conflicts]).to.deep.equal(['org-alias', 'gamma', 1]);
  });
});
