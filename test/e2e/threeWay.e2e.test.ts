/*
 * A release that removes, not only adds: `plan --base-dir` (the previous release) and `apply`
 * run as processes (bin/run.js) against emulated orgs. Nothing stubbed.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, ProcessResult, run } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';
import { componentsByKey, readPlanIn } from '../helpers/planFiles.js';
import { PlanFile } from '../../src/plan/planTypes.js';

const SEED = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'source-org');
const RUN = join(PROJECT_ROOT, 'bin', 'run.js');
const LAYOUT = 'Account-Account Layout';
const LAYOUT_FILE = join('layouts', `${LAYOUT}.layout-meta.xml`);
const PERMSET_FILE = join('permissionsets', 'Sales_Ops.permissionset-meta.xml');
const REGION_ITEM = /\s*<layoutItems>\s*<behavior>Edit<\/behavior>\s*<field>Region__c<\/field>\s*<\/layoutItems>/;
const REGION_PERMISSION = /\s*<fieldPermissions>\s*<editable>false<\/editable>\s*<field>Account.Region__c<\/field>\s*<readable>true<\/readable>\s*<\/fieldPermissions>/;
const SELECTION = ['--metadata', `Layout:${LAYOUT}`, '--metadata', 'PermissionSet:Sales_Ops'];

const item = (field: string, behavior: string): string => `\n            <layoutItems>\n                <behavior>${behavior}</behavior>\n                <field>${field}</field>\n            </layoutItems>`;

describe('sf postdeploy plan --base-dir: a three-way merge against emulated orgs', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;
  let release1: string;
  let release2: string;

  const postdeploy = (args: string[]): Promise<ProcessResult> => run(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(sfHome.home), cwd: work });
  const readPlan = (name: string): PlanFile => readPlanIn(work, name);
  const componentsOf = componentsByKey;

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { alpha: SEED, beta: SEED }, jobMs: 20 });
    admin = new EmulatorAdmin(emulator.url);
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-threeway-'));
    // release 1: the layout shows Region__c, the permission set lets users read it
    release1 = join(work, 'release-1');
    for (const file of [LAYOUT_FILE, PERMSET_FILE]) {
      mkdirSync(join(release1, file, '..'), { recursive: true });
      cpSync(join(SEED, file), join(release1, file));
    }
    const layout1 = readFileSync(join(SEED, LAYOUT_FILE), 'utf8').replace(/(<field>Tier__c<\/field>\s*<\/layoutItems>)/, `$1${item('Region__c', 'Edit')}`);
    const permset1 = readFileSync(join(SEED, PERMSET_FILE), 'utf8').replace(
      '<hasActivationRequired>',
      '<fieldPermissions>\n        <editable>false</editable>\n        <field>Account.Region__c</field>\n        <readable>true</readable>\n    </fieldPermissions>\n    <hasActivationRequired>'
    );
    expect(layout1).to.match(REGION_ITEM);
    expect(permset1).to.match(REGION_PERMISSION);
    writeFileSync(join(release1, LAYOUT_FILE), layout1);
    writeFileSync(join(release1, PERMSET_FILE), permset1);
    // release 2 takes Region__c off the layout and revokes its field permission
    release2 = join(work, 'release-2');
    cpSync(release1, release2, { recursive: true });
    writeFileSync(join(release2, LAYOUT_FILE), layout1.replace(REGION_ITEM, ''));
    writeFileSync(join(release2, PERMSET_FILE), permset1.replace(REGION_PERMISSION, ''));
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
    rmSync(work, { recursive: true, force: true });
  });

  it('Given release 1 in two orgs, one with its own layout field and one that changed the removed field, When release 2 is planned with release 1 as base and applied, Then removals reach both, the own field stays, the changed field is a conflict left alone, and a re-plan shows only the conflict', async () => {
    // both orgs as release 1 left them, then their admins' own changes
    const layout1 = readFileSync(join(release1, LAYOUT_FILE), 'utf8');
    const permset1 = readFileSync(join(release1, PERMSET_FILE), 'utf8');
    for (const org of ['alpha', 'beta']) {
      // eslint-disable-next-line no-await-in-loop
      await admin.putComponent(org, 'PermissionSet', 'Sales_Ops', permset1);
    }
    await admin.putComponent('alpha', 'Layout', LAYOUT, layout1.replace(/(<field>Name<\/field>\s*<\/layoutItems>)/, `$1${item('Phone', 'Edit')}`));
    await admin.putComponent('beta', 'Layout', LAYOUT, layout1.replace(item('Region__c', 'Edit'), item('Region__c', 'Required')));

    const planned = await postdeploy(['plan', '--reference-dir', release2, '--base-dir', release1, '-o', 'alpha', '-o', 'beta', ...SELECTION, '--output-file', 'release-2.json', '--json']);
    expect(planned.code, planned.stderr).to.equal(0);
    const summary = JSON.parse(planned.stdout) as { result: { targets: Array<{ alias: string; base: { source: string; path: string; hash: string }; conflicts: number }> } };
    expect(summary.result.targets.map((t) => [t.alias, t.base.source, t.base.path, t.conflicts])).to.deep.equal([
      ['alpha', 'dir', release1, 0],
      ['beta', 'dir', release1, 1],
    ]);
    expect(summary.result.targets[0].base.hash).to.match(/^[0-9a-f]{64}$/).and.equal(summary.result.targets[1].base.hash);

    const plan = readPlan('release-2.json');
    const alpha = componentsOf(plan, 'alpha');
    const beta = componentsOf(plan, 'beta');
    const regionItem = 'layoutSections[Account Information].layoutItems[Region__c]';
    expect(alpha[`Layout:${LAYOUT}`].changes.map((c) => [c.op, c.path])).to.deep.equal([['remove', regionItem]]);
    expect(alpha[`Layout:${LAYOUT}`].customizations).to.deep.equal(['layoutSections[Account Information].layoutItems[Phone]']);
    expect(beta[`Layout:${LAYOUT}`].action).to.equal('noop');
    expect(beta[`Layout:${LAYOUT}`].conflicts).to.deep.equal([
      { path: regionItem, base: { behavior: 'Edit', field: 'Region__c' }, reference: null, target: { behavior: 'Required', field: 'Region__c' }, reason: 'removed by the reference, changed in the target' },
    ]);
    for (const target of [alpha, beta]) {
      expect(target['PermissionSet:Sales_Ops'].changes).to.deep.equal([{ op: 'change', path: 'fieldPermissions[Account.Region__c].readable', before: true, after: false }]);
    }

    // the terminal names the conflict and what to do; the file to edit holds an entry for it
    const shown = await postdeploy(['plan', '--reference-dir', release2, '--base-dir', release1, '-o', 'beta', ...SELECTION, '--output-file', 'shown.json', '--write-resolutions', 'resolutions.json']);
    expect(shown.code, shown.stderr).to.equal(0);
    expect(shown.stderr).to.include(`beta: Layout ${LAYOUT} ${regionItem}: removed by the reference, changed in the target`);
    expect(shown.stderr).to.include('--prefer reference');
    const next = `sf postdeploy plan --reference-dir ${release2} --base-dir ${release1} -o beta --metadata 'Layout:${LAYOUT}' --metadata PermissionSet:Sales_Ops --output-file shown.json --resolutions resolutions.json`;
    expect(shown.stderr.replace(/\s+/g, ' ')).to.include(next);
    const toEdit = JSON.parse(readFileSync(join(work, 'resolutions.json'), 'utf8')) as { resolutions: Array<Record<string, unknown>> };
    expect(toEdit.resolutions.map(({ target, component, path, prefer }) => ({ target, component, path, prefer }))).to.deep.equal([{ target: 'beta', component: `Layout:${LAYOUT}`, path: regionItem, prefer: '' }]);

    // diff of the plan file: the counts, a Conflicts section, a failing JUnit case
    const diffed = await postdeploy(['diff', '--plan-file', 'release-2.json', '--markdown-file', 'drift.md', '--junit-file', 'drift.xml', '--json']);
    expect(diffed.code, diffed.stderr).to.equal(0);
    const diffJson = JSON.parse(diffed.stdout) as { result: { targets: Array<{ alias: string; base: { source: string }; conflicts: number; components: Array<{ type: string; conflicts?: unknown[] }> }> } };
    expect(diffJson.result.targets.map((t) => [t.alias, t.base.source, t.conflicts])).to.deep.equal([
      ['alpha', 'dir', 0],
      ['beta', 'dir', 1],
    ]);
    expect(diffJson.result.targets[1].components.find((c) => c.type === 'Layout')?.conflicts).to.have.length(1);
    expect(readFileSync(join(work, 'drift.md'), 'utf8')).to.include('### Conflicts (1)');
    expect(readFileSync(join(work, 'drift.xml'), 'utf8')).to.include('type="conflict"');

    const applied = await postdeploy(['apply', '--plan-file', 'release-2.json', '--json']);
    expect(applied.code, applied.stderr).to.equal(0);
    const alphaLayout = (await admin.component('alpha', 'Layout', LAYOUT))!;
    expect(alphaLayout).to.include('<field>Phone</field>').and.not.include('<field>Region__c</field>');
    expect(await admin.component('beta', 'Layout', LAYOUT)).to.match(/<behavior>Required<\/behavior>\s*<field>Region__c<\/field>/);
    for (const org of ['alpha', 'beta']) {
      // eslint-disable-next-line no-await-in-loop
      expect(await admin.component(org, 'PermissionSet', 'Sales_Ops')).not.to.include('Account.Region__c');
    }

    const again = await postdeploy(['plan', '--reference-dir', release2, '--base-dir', release1, '-o', 'alpha', '-o', 'beta', ...SELECTION, '--output-file', 'again.json']);
    expect(again.code, again.stderr).to.equal(0);
    const replanned = readPlan('again.json');
    expect(replanned.targets.flatMap((t) => t.components.map((c) => [t.name, c.type, c.action, (c.conflicts ?? []).map((conflict) => conflict.path)]))).to.deep.equal([
      ['alpha', 'Layout', 'noop', []],
      ['alpha', 'PermissionSet', 'noop', []],
      ['beta', 'Layout', 'noop', [regionItem]],
      ['beta', 'PermissionSet', 'noop', []],
    ]);

    // the file as written decides nothing yet: refused, saying what to set
    const undecided = await postdeploy(['plan', '--reference-dir', release2, '--base-dir', release1, '-o', 'beta', ...SELECTION, '--resolutions', 'resolutions.json', '--output-file', 'undecided.json', '--json']);
    expect(undecided.code).to.equal(1);
    const refusal = JSON.parse(undecided.stdout) as { message: string; actions?: string[] };
    expect(refusal.message).to.include('resolutions.json').and.include(`no side is chosen in resolution #1 (beta Layout:${LAYOUT} ${regionItem})`).and.include('"prefer"');
    expect(refusal.actions?.join(' ')).to.include('schemas/postdeploy-resolutions.schema.json');

    // the reviewer decides: the reference wins there; the plan records which entry decided it
    toEdit.resolutions[0].prefer = 'reference';
    writeFileSync(join(work, 'resolutions.json'), JSON.stringify(toEdit, null, 2));
    const resolved = await postdeploy(['plan', '--reference-dir', release2, '--base-dir', release1, '-o', 'beta', ...SELECTION, '--resolutions', 'resolutions.json', '--output-file', 'resolved.json']);
    expect(resolved.code, resolved.stderr).to.equal(0);
    const resolvedPlan = readPlan('resolved.json');
    const betaResolved = componentsOf(resolvedPlan, 'beta')[`Layout:${LAYOUT}`];
    expect(betaResolved.conflicts).to.equal(undefined);
    expect(betaResolved.changes.map((c) => [c.op, c.path])).to.deep.equal([['remove', regionItem]]);
    expect(betaResolved.resolved?.map(({ path, prefer, entry }) => ({ path, prefer, entry }))).to.deep.equal([{ path: regionItem, prefer: 'reference', entry: 0 }]);
    expect(resolvedPlan.resolutions?.file).to.equal('resolutions.json');
    expect(resolved.stderr).not.to.include('decided no conflict');
  });

  it("Given an org whose admin added a layout field since release 1, When release 2 is planned in overwrite mode with release 1 as base, Then the field's removal is named as overriding the target's own change", async () => {
    const result = await postdeploy(['plan', '--reference-dir', release2, '--base-dir', release1, '--mode', 'overwrite', '-o', 'alpha', ...SELECTION, '--output-file', 'overwrite.json', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    const json = JSON.parse(result.stdout) as { result: { targets: Array<{ alias: string; base?: { source: string }; overrides?: number }> } };
    expect(json.result.targets.map((t) => [t.alias, t.base?.source, t.overrides])).to.deep.equal([['alpha', 'dir', 1]]);
    const alphaLayout = componentsOf(readPlan('overwrite.json'), 'alpha')[`Layout:${LAYOUT}`];
    expect(alphaLayout.changes.map((c) => [c.op, c.path])).to.deep.equal([['remove', 'layoutSections[Account Information].layoutItems[Phone]']]);
    expect(alphaLayout.overrides).to.deep.equal(['layoutSections[Account Information].layoutItems[Phone]']);
  });
});
