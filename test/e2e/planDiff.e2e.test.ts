/*
 * `sf postdeploy plan` and `diff` run as processes (bin/run.js) against emulated orgs: a reference
 * and three targets, one of which fails. Real core, SDR and the emulator; nothing stubbed.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { XMLValidator } from 'fast-xml-parser';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, ProcessResult, run } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';
import { parsePlanFile } from '../../src/state/planFile.js';
import { PlanFile } from '../../src/plan/planTypes.js';

const SEED = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'source-org');
const RUN = join(PROJECT_ROOT, 'bin', 'run.js');

describe('sf postdeploy plan and diff against emulated orgs', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;

  const postdeploy = (args: string[]): Promise<ProcessResult> => run(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(sfHome.home), cwd: work });
  const readPlan = (name = 'postdeploy-plan.json'): PlanFile => parsePlanFile(readFileSync(join(work, name), 'utf8'), name);

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { prod: SEED, sandbox: SEED, scratch: SEED, broken: SEED }, jobMs: 20 });
    admin = new EmulatorAdmin(emulator.url);
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-plan-'));
    // the sandbox drifted: a layout item is gone and a field permission was narrowed
    const layout = (await admin.component('sandbox', 'Layout', 'Account-Account Layout'))!;
    await admin.putComponent('sandbox', 'Layout', 'Account-Account Layout', layout.replace(/<layoutItems>\s*<behavior>Edit<\/behavior>\s*<field>Tier__c<\/field>\s*<\/layoutItems>/, ''));
    const profile = (await admin.component('sandbox', 'Profile', 'Admin'))!;
    await admin.putComponent('sandbox', 'Profile', 'Admin', profile.replace(/<editable>true<\/editable>(\s*<field>Account.Tier__c)/, '<editable>false</editable>$1'));
    // the scratch org lacks a recent value and holds the same profile, reordered and re-indented (noise only)
    const values = (await admin.component('scratch', 'GlobalValueSet', 'Regions'))!;
    await admin.putComponent('scratch', 'GlobalValueSet', 'Regions', values.replace(/<customValue>\s*<fullName>AMER<\/fullName>[\s\S]*?<\/customValue>/, ''));
    const scratchProfile = (await admin.component('scratch', 'Profile', 'Admin'))!;
    const blocks = scratchProfile.match(/<fieldPermissions>[\s\S]*?<\/fieldPermissions>/g)!;
    await admin.putComponent('scratch', 'Profile', 'Admin', scratchProfile.replace(blocks[0], '@@').replace(blocks[1], blocks[0]).replace('@@', blocks[1]).replace(/\n\s+/g, '\n  '));
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
  });

  beforeEach(() => admin.reset());

  it('Given a reference and three targets, one failing, When plan runs, Then the plan records drift per target and the failure (exit 68)', async () => {
    await admin.fault({ org: 'broken', fault: 'invalidSession', count: 20 });
    const result = await postdeploy(['plan', '--reference-org', 'prod', '--target-org', 'sandbox', '--target-org', 'scratch', '--target-org', 'broken']);
    expect(result.code, result.stderr).to.equal(68);
    expect(result.stdout).to.include('postdeploy-plan.json');
    expect(result.stderr).to.include('Retrieving the reference');
    const plan = readPlan();
    expect(plan.reference).to.include({ kind: 'org', name: 'prod', orgId: emulator.orgs.prod.orgId });
    const byName = Object.fromEntries(plan.targets.map((t) => [t.name, t]));
    expect(byName.broken.status).to.equal('error');
    expect(byName.broken.error?.name).to.equal('InvalidSessionError');
    expect(byName.broken.error?.actions?.join(' ')).to.include('sf org login web --alias broken');

    const sandbox = Object.fromEntries(byName.sandbox.components.map((c) => [`${c.type}:${c.fullName}`, c]));
    expect(sandbox['Layout:Account-Account Layout'].action).to.equal('update');
    expect(sandbox['Layout:Account-Account Layout'].changes.map((c) => c.path)).to.include('layoutSections[Account Information].layoutItems[Tier__c]');
    expect(sandbox['Profile:Admin'].changes).to.deep.include({ op: 'change', path: 'fieldPermissions[Account.Tier__c].editable', before: false, after: true });
    expect(sandbox['Profile:Admin'].targetHash).to.match(/^[0-9a-f]{64}$/);
    expect(sandbox['ListView:Account.AllAccounts'].action).to.equal('noop');

    const scratch = Object.fromEntries(byName.scratch.components.map((c) => [`${c.type}:${c.fullName}`, c]));
    expect(scratch['Profile:Admin'].action, JSON.stringify(scratch['Profile:Admin'].changes)).to.equal('noop');
    expect(scratch['GlobalValueSet:Regions'].changes.map((c) => c.path)).to.deep.equal(['customValue[AMER]']);

    const text = readFileSync(join(work, 'postdeploy-plan.json'), 'utf8');
    for (const alias of ['prod', 'sandbox', 'scratch', 'broken']) expect(text).not.to.include(emulator.accessToken(alias));
  });

  it('Given --json, When plan runs, Then stdout is one JSON summary of the plan, not the plan itself', async () => {
    const result = await postdeploy(['plan', '-r', 'prod', '-o', 'sandbox', '-o', 'scratch', '--output-file', 'json-plan.json', '--json']);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stderr).not.to.include('Retrieving');
    const json = JSON.parse(result.stdout) as { status: number; result: { planFile: string; drift: boolean; targets: Array<{ alias: string; drift: boolean; counts: { update: number } }> } };
    expect(json.status).to.equal(0);
    expect(json.result.planFile).to.equal('json-plan.json');
    expect(json.result.drift).to.equal(true);
    expect(json.result.targets.map((t) => [t.alias, t.drift])).to.deep.equal([
      ['sandbox', true],
      ['scratch', true],
    ]);
    expect(json.result).not.to.have.property('checksum');
  });

  it('Given --fail-on-drift and drifting targets, Then plan exits 3', async () => {
    const result = await postdeploy(['plan', '-r', 'prod', '-o', 'sandbox', '--metadata', 'Layout', '--fail-on-drift', '--output-file', 'ci.json']);
    expect(result.code, result.stderr).to.equal(3);
  });

  it('Given a selection without drift, When plan runs with --fail-on-drift, Then it exits 0', async () => {
    const result = await postdeploy(['plan', '-r', 'prod', '-o', 'scratch', '--metadata', 'Layout:Account-*', '--metadata', 'ListView', '--fail-on-drift', '--output-file', 'clean.json']);
    expect(result.code, result.stderr).to.equal(0);
    const plan = readPlan('clean.json');
    expect(plan.selection).to.deep.equal({ source: 'metadata', members: ['Layout:Account-*', 'ListView:*'] });
    expect(plan.targets[0].components.map((c) => c.action)).to.deep.equal(['noop', 'noop']);
  });

  it('Given a local source folder as the reference, When plan runs, Then it is compared like an org', async () => {
    const result = await postdeploy(['plan', '--reference-dir', SEED, '-o', 'sandbox', '--metadata', 'Layout', '--output-file', 'dir.json']);
    expect(result.code, result.stderr).to.equal(0);
    const plan = readPlan('dir.json');
    expect(plan.reference).to.deep.equal({ kind: 'dir', path: SEED, format: 'source' });
    expect(plan.targets[0].components[0]).to.include({ type: 'Layout', action: 'update' });
  });

  describe('bad input: a clear error with an action, exit 1, no plan written', () => {
    const expectError = async (args: string[], code: number, text: string, action: string): Promise<void> => {
      const output = `err-${Math.random().toString(36).slice(2)}.json`;
      const result = await postdeploy([...args, '--output-file', output, '--json']);
      expect(result.code, result.stdout + result.stderr).to.equal(code);
      const json = JSON.parse(result.stdout) as { message: string; actions?: string[] };
      expect(json.message).to.include(text);
      expect((json.actions ?? []).join(' ')).to.include(action);
      expect(existsSync(join(work, output))).to.equal(false);
    };

    it('Given an unknown target alias', () => expectError(['plan', '-r', 'prod', '-o', 'nope'], 1, '"nope"', 'sf org login web --alias nope'));
    it('Given the reference as a target', () => expectError(['plan', '-r', 'prod', '-o', 'prod@emulator.test'], 1, 'same org', '--reference-org'));
    it('Given a member the reference lacks', () => expectError(['plan', '-r', 'prod', '-o', 'sandbox', '-m', 'Layout:Account-Nope'], 1, 'Layout:Account-Nope', 'sf org list metadata'));
    it('Given a malformed --metadata value', () => expectError(['plan', '-r', 'prod', '-o', 'sandbox', '-m', ':Layout'], 1, ':Layout', '--metadata'));
    it('Given an invalid manifest', () => {
      writeFileSync(join(work, 'bad-package.xml'), '<Package><types><name>Layout</name></types>');
      return expectError(['plan', '-r', 'prod', '-o', 'sandbox', '-x', join(work, 'bad-package.xml')], 1, 'bad-package.xml', 'sf project generate manifest');
    });
    it('Given an invalid config file', () => {
      writeFileSync(join(work, 'bad-config.json'), JSON.stringify({ metadata: ['Layout'], mode: 'yolo' }));
      return expectError(['plan', '-r', 'prod', '-o', 'sandbox', '--config', join(work, 'bad-config.json')], 1, '/mode', 'postdeploy-config.schema.json');
    });
  });

  describe('diff', () => {
    let planFile: string;

    before(async () => {
      planFile = join(work, 'for-diff.json');
      await admin.fault({ org: 'broken', fault: 'invalidSession', count: 20 });
      const result = await postdeploy(['plan', '-r', 'prod', '-o', 'sandbox', '-o', 'scratch', '-o', 'broken', '--output-file', planFile]);
      expect(result.code, result.stderr).to.equal(68);
    });

    it('Given a plan file, When diff runs, Then a person reads the element-level drift without XML', async () => {
      const result = await postdeploy(['diff', '--plan-file', planFile]);
      // one target could not be compared: the drift shown is incomplete
      expect(result.code, result.stderr).to.equal(68);
      expect(result.stdout).to.include('layoutSections[Account Information].layoutItems[Tier__c]');
      expect(result.stdout).to.include('fieldPermissions[Account.Tier__c].editable: false -> true');
      expect(result.stdout).to.include('customValue[AMER]');
      expect(result.stdout).to.include('InvalidSession');
      expect(result.stdout).not.to.include('<?xml');
      expect(result.stdout).not.to.include('\u001b[');
    });

    it('Given --json, Then the drift is structured per target and component', async () => {
      const result = await postdeploy(['diff', '--plan-file', planFile, '--json']);
      expect(result.code, result.stderr).to.equal(68);
      const json = JSON.parse(result.stdout) as { result: { source: string; drift: boolean; targets: Array<{ alias: string; status: string; components: Array<{ type: string; changes: unknown[] }> }> } };
      expect(json.result.source).to.equal('plan-file');
      expect(json.result.drift).to.equal(true);
      const sandbox = json.result.targets.find((t) => t.alias === 'sandbox')!;
      expect(sandbox.components.map((c) => c.type).sort()).to.deep.equal(['Layout', 'Profile']);
      expect(json.result.targets.find((t) => t.alias === 'broken')!.status).to.equal('error');
    });

    it('Given --markdown-file and --junit-file, Then the reports are written and readable', async () => {
      const markdown = join(work, 'drift.md');
      const junit = join(work, 'drift.xml');
      const result = await postdeploy(['diff', '--plan-file', planFile, '--markdown-file', markdown, '--junit-file', junit]);
      expect(result.code, result.stderr).to.equal(68);
      const md = readFileSync(markdown, 'utf8');
      expect(md).to.include('| sandbox');
      expect(md).to.include('layoutSections[Account Information].layoutItems[Tier__c]');
      const xml = readFileSync(junit, 'utf8');
      expect(XMLValidator.validate(xml)).to.equal(true);
      expect(xml).to.include('<testsuite');
      expect(xml).to.match(/name="Layout:Account-Account Layout"[\s\S]*?<failure/);
      expect(xml).to.include('<error');
    });

    it('Given the plan flags instead of a plan file, When diff runs live, Then it shows the same drift and writes no plan', async () => {
      const result = await postdeploy(['diff', '-r', 'prod', '-o', 'sandbox', '--metadata', 'Profile', '--json']);
      expect(result.code, result.stderr).to.equal(0);
      const json = JSON.parse(result.stdout) as { result: { source: string; targets: Array<{ components: Array<{ changes: Array<{ path: string }> }> }> } };
      expect(json.result.source).to.equal('live');
      expect(json.result.targets[0].components[0].changes.map((c) => c.path)).to.include('fieldPermissions[Account.Tier__c].editable');
    });

    it('Given a truncated, hand-edited, previous- or future-version plan file, Then diff refuses it with exit 1', async () => {
      const text = readFileSync(planFile, 'utf8');
      const cases: Array<[string, string, string]> = [
        ['truncated.json', text.slice(0, text.length / 2), 'not valid JSON'],
        ['edited.json', text.replace('"action": "update"', '"action": "delete"'), 'checksum'],
        ['future.json', text.replace(/"formatVersion": \d+/, '"formatVersion": 99'), 'format version 99'],
        ['previous.json', text.replace(/"formatVersion": \d+/, '"formatVersion": 3'), 'format version 3'],
      ];
      for (const [name, content, message] of cases) {
        writeFileSync(join(work, name), content);
        // eslint-disable-next-line no-await-in-loop
        const result = await postdeploy(['diff', '--plan-file', join(work, name), '--json']);
        expect(result.code, name).to.equal(1);
        const json = JSON.parse(result.stdout) as { message: string; actions: string[] };
        expect(json.message, name).to.include(message);
        expect(json.actions.join(' '), name).to.include('sf postdeploy plan');
      }
      const missing = await postdeploy(['diff', '--plan-file', join(work, 'nope.json'), '--json']);
      expect(missing.code).to.equal(1);
    });
  });
});
