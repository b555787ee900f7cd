/*
 * The orgs users deploy to: a production reference and, in one plan, a production target, a sandbox
 * and a scratch org (each org folder's org.json), released with a drift correction, a package holding
 * Apex and a post-install Apex step, then rolled back, with the real plugin (bin/run.js) and the real
 * `sf` against the emulator. A production org refuses NoTestRun and runs its local tests for a deploy
 * that holds Apex; the plugin sends no test level unless asked.
 */
/* eslint-disable no-await-in-loop */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { jsonOutput, REFERENCE, RUN, SEED, seedDrift } from '../helpers/applyFleet.js';
import { PROJECT_ROOT, ProcessResult, run, runSf } from '../helpers/processes.js';
import { OrgKindJson, orgFolderOfKind } from '../helpers/orgFolders.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';

const RELEASE = join(PROJECT_ROOT, 'test', 'fixtures', 'release');
const KINDS: Record<string, OrgKindJson> = {
  [REFERENCE]: { organizationType: 'Enterprise Edition', isSandbox: false, trialExpirationDate: null },
  live: { organizationType: 'Unlimited Edition', isSandbox: false, trialExpirationDate: null },
  uat: { organizationType: 'Enterprise Edition', isSandbox: true, trialExpirationDate: null },
  dev: { organizationType: 'Developer Edition', isSandbox: true, trialExpirationDate: '2027-01-05' },
};
const TARGETS = ['live', 'uat', 'dev'];
const LAYOUT = { type: 'Layout', fullName: 'Account-Account Layout' };

type Step = { name: string; kind: string; state: string; deployId?: string; error?: string };
type Target = { alias?: string; status: string; error?: string; steps?: Step[] };
type ApplyJson = { applyId: string; targets: Target[] };
type RollbackJson = { applies: Array<{ targets: Array<{ alias?: string; status: string; error?: string }> }> };
type DeployReport = { numberTestsCompleted?: number; runTestsEnabled?: boolean; status?: string; details?: { runTestResult?: { numTestsRun?: number | string } } };

describe('org kinds: production, sandbox and scratch targets in one release (bin/run.js and sf against the emulator)', function () {
  this.timeout(600_000);
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;
  const layoutBefore: Record<string, string | undefined> = {};

  const postdeploy = (args: string[]): Promise<ProcessResult> => run(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(sfHome.home), cwd: work, timeoutMs: 240_000 });
  const json = jsonOutput;
  const byAlias = <T extends { alias?: string }>(targets: T[]): Record<string, T> => Object.fromEntries(targets.map((t) => [t.alias!, t]));
  const planArgs = (file: string, config: string[] = ['--config', 'release.json']): string[] => ['plan', '-r', REFERENCE, ...TARGETS.flatMap((t) => ['-o', t]), '-m', `${LAYOUT.type}:${LAYOUT.fullName}`, ...config, '--output-file', file];

  before(async () => {
    sfHome = useIsolatedSfHome();
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-kinds-'));
    // each org folder is the sample org with its own org.json
    const orgs: Record<string, string> = {};
    for (const [alias, kind] of Object.entries(KINDS)) orgs[alias] = orgFolderOfKind(SEED, join(work, 'orgs', alias), kind);
    emulator = await startEmulator({ orgs, jobMs: 10 });
    admin = new EmulatorAdmin(emulator.url);
    await seedDrift(admin, TARGETS);
    for (const alias of TARGETS) layoutBefore[alias] = await admin.component(alias, LAYOUT.type, LAYOUT.fullName);
    writeFileSync(
      join(work, 'release.json'),
      JSON.stringify({
        steps: [
          { name: 'correct drift', kind: 'drift' },
          { name: 'package', kind: 'deploy', path: join(RELEASE, 'package') },
          { name: 'post-install', kind: 'apex', file: join(RELEASE, 'post-install.apex'), undo: join(RELEASE, 'undo.apex') },
        ],
      })
    );
  });

  after(async () => {
    await emulator?.stop();
    sfHome?.restore();
    rmSync(work, { recursive: true, force: true });
  });

  it('Given org.json, When sf logs the orgs in, Then sf records each org as the kind it is', async () => {
    const listed = await runSf(['org', 'list', '--json'], { env: childEnv(sfHome.home) });
    const orgs = (JSON.parse(listed.stdout) as { result: Record<string, Array<{ alias?: string; isSandbox?: boolean; isScratch?: boolean; orgEdition?: string }>> }).result;
    const all = Object.values(orgs).flat();
    const kindOf = (alias: string): string => {
      const org = all.find((o) => o.alias === alias);
      return `${org?.orgEdition ?? '?'}|sandbox=${String(org?.isSandbox ?? false)}|scratch=${String(org?.isScratch ?? false)}`;
    };
    expect(kindOf('live')).to.equal('Unlimited Edition|sandbox=false|scratch=false');
    expect(kindOf('uat')).to.equal('Enterprise Edition|sandbox=true|scratch=false');
    expect(kindOf('dev')).to.equal('Developer Edition|sandbox=false|scratch=true');
  });

  it('Given a release with a drift step, a package holding Apex and an Apex step, When applied to all three, Then every step completes; the production deploy ran the org\'s tests', async () => {
    expect((await postdeploy(planArgs('plan.json'))).code).to.equal(0);
    const applied = await postdeploy(['apply', '--plan-file', 'plan.json', '--json']);
    const result = json<ApplyJson>(applied);
    expect(applied.code, applied.stdout).to.equal(0);
    const targets = byAlias(result.result!.targets);
    for (const alias of TARGETS) {
      expect(targets[alias].steps?.map((s) => `${s.name}:${s.state}`), alias).to.deep.equal(['correct drift:done', 'package:done', 'post-install:done']);
    }
    // the org decided: production ran its local tests for the package (it holds the class Hello), the sandbox ran none
    const report = async (alias: string): Promise<DeployReport> => {
      const deployId = targets[alias].steps!.find((s) => s.name === 'package')!.deployId!;
      const reported = await runSf(['project', 'deploy', 'report', '--job-id', deployId, '--target-org', alias, '--json'], { env: childEnv(sfHome.home), cwd: work });
      return (JSON.parse(reported.stdout) as { result: DeployReport }).result;
    };
    const live = await report('live');
    expect([live.status, live.runTestsEnabled, Number(live.numberTestsCompleted)]).to.deep.equal(['Succeeded', true, 1]);
    const uat = await report('uat');
    expect([uat.status, uat.runTestsEnabled, Number(uat.numberTestsCompleted)]).to.deep.equal(['Succeeded', false, 0]);
    for (const alias of TARGETS) expect(await admin.component(alias, 'ListView', 'Account.Release_Accounts'), alias).to.be.a('string');
  });

  it('Given the applied release, When rolled back, Then all three orgs hold what they held before, production included', async () => {
    const rolled = await postdeploy(['rollback', '--latest', '--json']);
    expect(rolled.code, rolled.stdout).to.equal(0);
    const targets = byAlias(json<RollbackJson>(rolled).result!.applies[0].targets);
    for (const alias of TARGETS) {
      expect(targets[alias].status, alias).to.equal('rolled-back');
      expect(await admin.component(alias, LAYOUT.type, LAYOUT.fullName), alias).to.equal(layoutBefore[alias]);
      expect(await admin.component(alias, 'ListView', 'Account.Release_Accounts'), alias).to.equal(undefined);
    }
  });

  it('Given --test-level NoTestRun, When applied, Then the production target fails with the org\'s words and what to run, the sandbox and the scratch org are corrected (exit 68)', async () => {
    // the drift correction alone: a plan without release steps may be applied again to the targets it failed in
    expect((await postdeploy(planArgs('plan2.json', []))).code).to.equal(0);
    // a dry run (a check-only deploy) to production with no test level passes: the org decides
    const dryRun = await postdeploy(['apply', '--plan-file', 'plan2.json', '--dry-run', '--target-org', 'live', '--json']);
    expect(dryRun.code, dryRun.stdout).to.equal(0);
    expect(await admin.component('live', LAYOUT.type, LAYOUT.fullName)).to.equal(layoutBefore.live);
    const human = await postdeploy(['apply', '--plan-file', 'plan2.json', '--test-level', 'NoTestRun', '--target-org', 'live']);
    expect(human.code).to.equal(1);
    expect(human.stdout + human.stderr, human.stdout + human.stderr).to.include('production orgs refuse NoTestRun').and.include('Run the apply again without --test-level');
    const applied = await postdeploy(['apply', '--plan-file', 'plan2.json', '--test-level', 'NoTestRun', '--json']);
    expect(applied.code, applied.stdout).to.equal(68);
    const targets = byAlias(json<ApplyJson>(applied).result!.targets);
    expect(targets.live.status).to.equal('failed');
    const failure = JSON.stringify(targets.live);
    expect(failure).to.include('testLevel of NoTestRun cannot be used in production organizations');
    expect(failure).to.include('Run the apply again without --test-level');
    expect(await admin.component('live', LAYOUT.type, LAYOUT.fullName)).to.equal(layoutBefore.live);
    expect([targets.uat.status, targets.dev.status]).to.deep.equal(['deployed', 'deployed']);
    expect(readFileSync(join(work, 'plan2.json'), 'utf8')).to.not.include(emulator.accessToken('live'));
  });
});
