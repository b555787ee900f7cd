/*
 * The real sf CLI (2.146.3, installed by the project) against an emulated org: log in with an
 * access token, then `sf project retrieve start` and `sf project deploy start`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, runSf } from '../helpers/processes.js';
import { childEnv, SfHome, useIsolatedSfHome } from '../helpers/sfHome.js';

const SEED = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'source-org');

describe('the real sf CLI against an emulated org', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let home: string;
  let project: string;

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { prod: SEED }, jobMs: 30, login: false });
    admin = new EmulatorAdmin(emulator.url);
    home = mkdtempSync(join(tmpdir(), 'sf-postdeploy-cli-home-'));
    project = mkdtempSync(join(tmpdir(), 'sf-postdeploy-project-'));
    mkdirSync(join(project, 'force-app'), { recursive: true });
    writeFileSync(
      join(project, 'sfdx-project.json'),
      JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '62.0', namespace: '' })
    );
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
  });

  it('Given an access token, When sf org login access-token runs, Then the org is stored under its alias', async () => {
    const result = await runSf(['org', 'login', 'access-token', '--instance-url', emulator.url, '--alias', 'prod', '--no-prompt', '--json'], {
      env: childEnv(home, { SF_ACCESS_TOKEN: emulator.accessToken('prod') }),
    });
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    const json = JSON.parse(result.stdout) as { result: { username: string; orgId: string } };
    expect(json.result).to.include({ username: 'prod@emulator.test', orgId: emulator.orgs.prod.orgId });
  });

  it('Given the logged-in org, When sf project retrieve start runs, Then source files land in the project', async () => {
    const result = await runSf(
      ['project', 'retrieve', 'start', '--metadata', 'Layout:Account-Account Layout', '--metadata', 'CustomObject:Account', '--metadata', 'GlobalValueSet:Regions', '--target-org', 'prod', '--json'],
      { env: childEnv(home), cwd: project }
    );
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    const layout = join(project, 'force-app', 'main', 'default', 'layouts', 'Account-Account Layout.layout-meta.xml');
    expect(existsSync(layout)).to.equal(true);
    expect(readFileSync(layout, 'utf8')).to.include('<field>Tier__c</field>');
    expect(existsSync(join(project, 'force-app', 'main', 'default', 'objects', 'Account', 'listViews', 'AllAccounts.listView-meta.xml'))).to.equal(true);
    expect(existsSync(join(project, 'force-app', 'main', 'default', 'globalValueSets', 'Regions.globalValueSet-meta.xml'))).to.equal(true);
  });

  it('Given an edited layout, When sf project deploy start runs, Then the emulated org holds the edit', async () => {
    const layoutPath = join(project, 'force-app', 'main', 'default', 'layouts', 'Account-Account Layout.layout-meta.xml');
    writeFileSync(layoutPath, readFileSync(layoutPath, 'utf8').replace('<relatedList>RelatedContactList</relatedList>', '<relatedList>RelatedOpportunityList</relatedList>'));
    const result = await runSf(['project', 'deploy', 'start', '--source-dir', join('force-app', 'main', 'default', 'layouts'), '--target-org', 'prod', '--json'], {
      env: childEnv(home),
      cwd: project,
    });
    expect(result.code, result.stdout + result.stderr).to.equal(0);
    const json = JSON.parse(result.stdout) as { result: { status: string; success: boolean } };
    expect(json.result).to.include({ status: 'Succeeded', success: true });
    expect(await admin.component('prod', 'Layout', 'Account-Account Layout')).to.include('RelatedOpportunityList');
  });

  it('Given a layout naming a field the org lacks, When deployed with sf, Then it fails with the component error and the org is unchanged', async () => {
    const layoutPath = join(project, 'force-app', 'main', 'default', 'layouts', 'Account-Account Layout.layout-meta.xml');
    writeFileSync(layoutPath, readFileSync(layoutPath, 'utf8').replace('<field>Tier__c</field>', '<field>Ghost__c</field>'));
    const result = await runSf(['project', 'deploy', 'start', '--source-dir', join('force-app', 'main', 'default', 'layouts'), '--target-org', 'prod', '--json'], {
      env: childEnv(home),
      cwd: project,
    });
    expect(result.code).to.equal(1);
    expect(result.stdout).to.include('Account.Ghost__c');
    expect(await admin.component('prod', 'Layout', 'Account-Account Layout')).to.include('<field>Tier__c</field>');
  });
});
