/*
 * The fleet at a glance, run as users run it (bin/run.js processes against one emulator): accepted
 * differences and --fail-on-drift, installed package versions per target with a step gated on one
 * and --package-version, and the drift matrix page opened in headless Chromium.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, ProcessResult, run } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';
import { INSTALL_HINT, findChromium, launchChromium } from '../helpers/browser.js';
import { readPlanIn } from '../helpers/planFiles.js';
import { PlanFile } from '../../src/plan/planTypes.js';

const SEED = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'source-org');
const RUN = join(PROJECT_ROOT, 'bin', 'run.js');
const RELEASE = join(PROJECT_ROOT, 'test', 'fixtures', 'release');
const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');
const LAYOUT = 'Account-Account Layout';

/** The version of package `acme` each target runs; the reference has none. */
const ACME_VERSIONS: Record<string, string> = { uat: '2.4.1', old: '2.3', latest: '3.0.0.12' };

type ApplyJson = { targets: Array<{ alias?: string; status: string; steps?: Array<{ name: string; state: string; detail?: string }> }> };
type ApexRun = { body: string };

describe('the fleet: accepted differences, package versions and the drift matrix page', function () {
  // up to six plugin processes a test, on a machine shared with other test files
  this.timeout(240_000);
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;
  let orgsDir: string;

  const postdeploy = (args: string[]): Promise<ProcessResult> => run(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(sfHome.home), cwd: work, timeoutMs: 180_000 });
  const readPlan = (name: string): PlanFile => readPlanIn(work, name);
  const byName = (plan: PlanFile): Record<string, PlanFile['targets'][number]> => Object.fromEntries(plan.targets.map((t) => [t.name, t]));
  const writeConfig = (name: string, config: unknown): string => {
    writeFileSync(join(work, name), JSON.stringify(config, null, 2));
    return name;
  };

  /** Drift in every target: uat lost a layout item and narrowed a field permission; old and latest lost the layout item. */
  async function seedDrift(): Promise<void> {
    for (const alias of Object.keys(ACME_VERSIONS)) {
      // eslint-disable-next-line no-await-in-loop
      const layout = (await admin.component(alias, 'Layout', LAYOUT))!;
      // eslint-disable-next-line no-await-in-loop
      await admin.putComponent(alias, 'Layout', LAYOUT, layout.replace(/<layoutItems>\s*<behavior>Edit<\/behavior>\s*<field>Tier__c<\/field>\s*<\/layoutItems>/, ''));
    }
    const profile = (await admin.component('uat', 'Profile', 'Admin'))!;
    await admin.putComponent('uat', 'Profile', 'Admin', profile.replace(/<editable>true<\/editable>(\s*<field>Account.Tier__c)/, '<editable>false</editable>$1'));
  }

  before(async () => {
    sfHome = useIsolatedSfHome();
    orgsDir = mkdtempSync(join(tmpdir(), 'sf-postdeploy-fleet-orgs-'));
    const orgs: Record<string, string> = { prod: SEED };
    for (const [alias, version] of Object.entries(ACME_VERSIONS)) {
      const dir = join(orgsDir, alias);
      cpSync(SEED, dir, { recursive: true });
      writeFileSync(join(dir, 'installed-packages.json'), JSON.stringify({ packages: [{ namespace: 'acme', name: 'Acme Billing', version }] }));
      orgs[alias] = dir;
    }
    emulator = await startEmulator({ orgs, jobMs: 10 });
    admin = new EmulatorAdmin(emulator.url);
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-fleet-'));
    await seedDrift();
  });

  after(async () => {
    await emulator?.stop();
    sfHome?.restore();
    rmSync(work, { recursive: true, force: true });
    rmSync(orgsDir, { recursive: true, force: true });
  });

  it('Given an accepted layout difference, When plan --fail-on-drift runs, Then it exits 0 with the difference accepted; an unaccepted one in the same plan exits 3', async () => {
    const accept = [
      { targets: ['uat'], component: 'Layout:Account-*', path: 'layoutSections[*].layoutItems[Tier__c]', reason: 'uat keeps Tier__c off the layout for the support team', until: '2999-12-31' },
      { targets: '*', component: 'Layout:Contact-*', reason: 'nothing matches this one' },
    ];
    const layoutOnly = writeConfig('accept-layout.json', { accept, metadata: ['Layout'] });
    const accepted = await postdeploy(['plan', '--reference-org', 'prod', '--target-org', 'uat', '--config', layoutOnly, '--fail-on-drift', '--output-file', 'accepted.json']);
    expect(accepted.code, accepted.stderr).to.equal(0);
    const layout = byName(readPlan('accepted.json')).uat.components.find((c) => c.fullName === LAYOUT)!;
    expect(layout.action).to.equal('noop');
    expect(layout.deployXml).to.equal(undefined);
    expect(layout.accepted).to.have.length(1);
    expect(layout.accepted![0]).to.include({ path: 'layoutSections[Account Information].layoutItems[Tier__c]', entry: 0, reason: accept[0].reason });
    expect(readPlan('accepted.json').accept).to.deep.equal(accept);
    // the entry that matches nothing is reported, so the list does not rot
    expect(accepted.stderr).to.contain('accept entry #2 (Layout:Contact-*) matched no difference in any target');

    const diff = await postdeploy(['diff', '--plan-file', 'accepted.json']);
    expect(diff.code, diff.stderr).to.equal(0);
    expect(diff.stdout).to.contain('= accepted: + layoutSections[Account Information].layoutItems[Tier__c]').and.contain(accept[0].reason);

    const withProfile = writeConfig('accept-both.json', { accept: [accept[0]], metadata: ['Layout', 'Profile:Admin'] });
    const drifted = await postdeploy(['plan', '--reference-org', 'prod', '--target-org', 'uat', '--config', withProfile, '--fail-on-drift', '--output-file', 'drifted.json', '--json']);
    expect(drifted.code, drifted.stderr).to.equal(3);
    const uat = byName(readPlan('drifted.json')).uat;
    expect(uat.components.find((c) => c.fullName === LAYOUT)!.action).to.equal('noop');
    expect(uat.components.find((c) => c.fullName === 'Admin')!.action).to.equal('update');
    const summary = (JSON.parse(drifted.stdout) as { result: { targets: Array<{ accepted?: number; drift: boolean }> } }).result.targets[0];
    expect(summary).to.include({ accepted: 1, drift: true });

    // apply deploys the profile's correction only: the accepted layout difference stays in uat
    // no base recorded: the drift seeded again later must read as drift, not as the target's own change since a base
    const applied = await postdeploy(['apply', '--plan-file', 'drifted.json', '--state-dir', join(work, 'state-accept'), '--no-record-base', '--json']);
    expect(applied.code, applied.stderr).to.equal(0);
    expect(await admin.component('uat', 'Layout', LAYOUT)).not.to.match(/<field>Tier__c<\/field>/);
    const again = await postdeploy(['plan', '--reference-org', 'prod', '--target-org', 'uat', '--config', withProfile, '--fail-on-drift', '--output-file', 'again.json']);
    expect(again.code, again.stderr).to.equal(0);
    expect(byName(readPlan('again.json')).uat.components.find((c) => c.fullName === 'Admin')!.action).to.equal('noop');
    await seedDrift();
  });

  it('Given targets on acme 2.4.1, 2.3 and 3.0, When a step is gated to >=2.4, Then the plan records the packages and apply runs the step only where the version holds', async () => {
    const config = writeConfig('gated.json', {
      metadata: ['Layout'],
      steps: [{ name: 'post-install', kind: 'apex', file: join(RELEASE, 'post-install.apex'), undo: join(RELEASE, 'undo.apex'), when: { namespace: 'acme', versionRange: '>=2.4' } }],
    });
    const planned = await postdeploy(['plan', '--reference-org', 'prod', '-o', 'uat', '-o', 'old', '-o', 'latest', '--config', config, '--output-file', 'gated-plan.json', '--json']);
    expect(planned.code, planned.stderr).to.equal(0);
    const targets = byName(readPlan('gated-plan.json'));
    expect(targets.uat.packages).to.deep.equal([{ namespace: 'acme', name: 'Acme Billing', version: '2.4.1.0' }]);
    expect(targets.latest.packages![0].version).to.equal('3.0.0.12');
    expect(targets.old.steps!.find((step) => step.name === 'post-install')).to.include({ skipped: 'acme 2.3.0.0 is installed, outside >=2.4' });
    expect(targets.uat.steps!.find((step) => step.name === 'post-install')!.skipped).to.equal(undefined);
    const json = JSON.parse(planned.stdout) as { result: { targets: Array<{ alias?: string; packages?: unknown[] }> } };
    expect(json.result.targets.find((t) => t.alias === 'old')!.packages).to.deep.equal([{ namespace: 'acme', name: 'Acme Billing', version: '2.3.0.0' }]);

    const applied = await postdeploy(['apply', '--plan-file', 'gated-plan.json', '--state-dir', join(work, 'state'), '--no-record-base', '--json']);
    expect(applied.code, applied.stderr).to.equal(0);
    const applyTargets = (JSON.parse(applied.stdout) as { result: ApplyJson }).result.targets;
    const results = Object.fromEntries(applyTargets.map((t) => [t.alias ?? '', t]));
    expect(results.old.steps!.find((s) => s.name === 'post-install')).to.include({ state: 'skipped', detail: 'acme 2.3.0.0 is installed, outside >=2.4' });
    expect(results.uat.steps!.find((s) => s.name === 'post-install')!.state).to.equal('done');
    const apexRuns = async (alias: string): Promise<ApexRun[]> => (await (await fetch(`${emulator.url}/__emulator/orgs/${alias}/apex`)).json()) as ApexRun[];
    expect(await apexRuns('uat')).to.have.length(1);
    expect(await apexRuns('latest')).to.have.length(1);
    expect(await apexRuns('old')).to.deep.equal([]);
    // the apply corrected the drift: the next tests need it back
    await seedDrift();
  });

  it('Given --package-version acme@>=2.4, When plan runs, Then only the targets in the range are planned and the one left out is named', async () => {
    const result = await postdeploy(['plan', '--reference-org', 'prod', '-o', 'uat', '-o', 'old', '-o', 'latest', '-m', 'Layout', '--package-version', 'acme@>=2.4 <3', '--output-file', 'narrowed.json']);
    expect(result.code, result.stderr).to.equal(0);
    expect(readPlan('narrowed.json').targets.map((t) => t.name)).to.deep.equal(['uat']);
    expect(result.stderr).to.contain('old is left out by --package-version acme@>=2.4 <3: acme 2.3.0.0 is installed, outside >=2.4 <3');
    expect(result.stderr).to.contain('latest is left out');
    const bad = await postdeploy(['plan', '--reference-org', 'prod', '-o', 'uat', '-m', 'Layout', '--package-version', 'acme>=2.4']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('"acme>=2.4" is not a package version condition').and.not.contain('    at ');
  });

  it('Given a plan of three targets, When its drift matrix page opens in headless Chromium, Then it has a column per target, filters to drifted rows, shows a cell\'s changes, fetches nothing and logs no error', async function () {
    const chromium = findChromium() ?? '';
    if (!chromium) {
      if (process.env.CI === 'true') throw new Error(`chromium is required under CI for the drift matrix page test: ${INSTALL_HINT}`);
      // eslint-disable-next-line no-console
      console.log(`      skipped: no chromium found; ${INSTALL_HINT}`);
      this.skip();
    }
    const config = writeConfig('page.json', {
      metadata: ['Layout', 'Profile:Admin', 'GlobalValueSet:Regions'],
      accept: [{ targets: ['latest'], component: 'Layout:*', reason: 'latest keeps its own layout </script><script>alert(1)</script>' }],
    });
    const planned = await postdeploy(['plan', '--reference-org', 'prod', '-o', 'uat', '-o', 'old', '-o', 'latest', '--config', config, '--output-file', 'page-plan.json', '--html-file', 'plan.html']);
    expect(planned.code, planned.stderr).to.equal(0);
    const shown = await postdeploy(['diff', '--plan-file', 'page-plan.json', '--html-file', 'drift.html']);
    expect(shown.code, shown.stderr).to.equal(0);
    const html = readFileSync(join(work, 'drift.html'), 'utf8');
    expect(html).to.equal(readFileSync(join(work, 'plan.html'), 'utf8'));
    // the reason holds a closing script tag: embedded, it must not end the data element
    expect(html.match(/<\/script>/g)).to.have.length(2);
    expect(html).not.to.match(/\b(?:src|href)=/);

    const browser = await launchChromium(chromium);
    try {
      const { page } = browser;
      await page.send('Network.enable');
      await page.send('Runtime.enable');
      await page.send('Log.enable');
      await page.send('Page.enable');
      const loaded = page.waitFor('Page.loadEventFired');
      const pageUrl = pathToFileURL(join(work, 'drift.html')).href;
      await page.send('Page.navigate', { url: pageUrl });
      await loaded;

      const headers = await page.evaluate<string[]>("[...document.querySelectorAll('#matrix thead tr:first-child th[data-target]')].map((th) => th.textContent)");
      expect(headers).to.deep.equal(['uat', 'old', 'latest']);
      const total = await page.evaluate<number>("document.querySelectorAll('#matrix tbody tr').length");
      expect(total).to.equal(3);
      const statuses = await page.evaluate<string[][]>("[...document.querySelectorAll('#matrix tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))");
      expect(statuses.flat()).to.include('drift: update').and.include('accepted').and.include('in sync');

      await page.evaluate("(() => { const s = document.getElementById('f-status'); s.value = 'drift'; s.dispatchEvent(new Event('change')); })()");
      const drifted = await page.evaluate<Array<{ name: string; statuses: string[] }>>(
        "[...document.querySelectorAll('#matrix tbody tr')].map((tr) => ({ name: tr.querySelector('th').textContent, statuses: [...tr.querySelectorAll('td')].map((td) => td.dataset.status) }))"
      );
      expect(drifted.map((r) => r.name).sort()).to.deep.equal(['LayoutAccount-Account Layout', 'ProfileAdmin']);
      for (const row of drifted) expect(row.statuses.some((s) => ['create', 'update', 'delete', 'partial', 'conflict'].includes(s)), row.name).to.equal(true);

      await page.click('button[data-cell="1:0"]');
      const details = await page.evaluate<string>("document.getElementById('details').textContent");
      expect(details).to.contain('Layout Account-Account Layout in uat').and.contain('+ layoutSections[Account Information].layoutItems[Tier__c]');
      expect(details).to.contain('<field>Tier__c</field>');

      await page.evaluate("(() => { const s = document.getElementById('f-status'); s.value = 'all'; s.dispatchEvent(new Event('change')); })()");
      await page.click('button[data-cell="1:2"]');
      const acceptedDetails = await page.evaluate<string>("document.getElementById('details').textContent");
      expect(acceptedDetails).to.contain('= accepted:').and.contain('latest keeps its own layout </script><script>alert(1)</script>');

      // keyboard: a cell is a button in the tab order; Enter shows its changes
      await page.press('button[data-cell="2:0"]', 'Enter');
      const byKeyboard = await page.evaluate<string>("document.getElementById('details').textContent");
      expect(byKeyboard).to.contain('Profile Admin in uat').and.contain('~ fieldPermissions[Account.Tier__c].editable: false -> true');

      const requests = page.events.filter((e) => e.method === 'Network.requestWillBeSent').map((e) => (e.params.request as { url: string }).url);
      expect(requests).to.deep.equal([pageUrl]);
      const errors = page.events.filter(
        (e) =>
          e.method === 'Runtime.exceptionThrown' ||
          (e.method === 'Runtime.consoleAPICalled' && e.params.type === 'error') ||
          (e.method === 'Log.entryAdded' && (e.params.entry as { level: string }).level === 'error')
      );
      expect(errors, JSON.stringify(errors)).to.deep.equal([]);

      const shot = await page.send<{ data: string }>('Page.captureScreenshot', { format: 'png', captureBeyondViewport: false });
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(join(ARTIFACTS, 'drift-matrix.png'), Buffer.from(shot.data, 'base64'));
    } finally {
      await browser.stop();
    }
  });
});
