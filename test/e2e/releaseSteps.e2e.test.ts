/*
 * A release to six targets with the real plugin (bin/run.js) against the emulator: the drift
 * correction, a package deployed as it is and a post-install Apex step, in waves 1,2,* where the
 * Apex step fails in the second wave (an apexException fault). The first wave completes, the failing
 * target stops after its failed step, the rest are not started (exit 68); --resume finishes them;
 * rollback undoes the corrections and the package and runs the undo script.
 */
/* eslint-disable no-await-in-loop */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { APPLY_FIXTURES, jsonOutput, REFERENCE, RUN, SEED, seedDrift } from '../helpers/applyFleet.js';
import { PROJECT_ROOT, ProcessResult } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';

const RELEASE = join(PROJECT_ROOT, 'test', 'fixtures', 'release');
const TARGETS = ['t1', 't2', 't3', 't4', 't5', 't6'];
const DRIFTED = { type: 'Layout', fullName: 'Account-Account Layout' };

type Step = { name: string; kind: string; state: string; error?: string; detail?: string; logFile?: string; line?: number; column?: number };
type Target = { alias?: string; status: string; reason?: string; error?: string; steps?: Step[] };
type ApplyJson = { applyId: string; waves?: { count: number; stoppedAfterWave?: number }; resumeCommand?: string; targets: Target[] };
type RollbackJson = { applies: Array<{ targets: Array<{ alias?: string; status: string; error?: string; irreversible: string[]; steps?: Array<{ name: string; state: string }> }> }> };
type ApexRun = { api: string; body: string };

/** An emulator with the reference and the targets (drifted as in test/fixtures/apply), a working folder with the steps' config. */
type Release = { sfHome: SfHome; emulator: RunningEmulator; admin: EmulatorAdmin; work: string; stateDir: string };

async function startRelease(targets: string[], steps: unknown[]): Promise<Release> {
  const sfHome = useIsolatedSfHome();
  const emulator = await startEmulator({ orgs: Object.fromEntries([REFERENCE, ...targets].map((alias) => [alias, SEED])), jobMs: 10 });
  const admin = new EmulatorAdmin(emulator.url);
  await seedDrift(admin, targets);
  const work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-release-'));
  writeFileSync(join(work, 'release.json'), JSON.stringify({ steps }));
  return { sfHome, emulator, admin, work, stateDir: join(work, 'state') };
}

async function stopRelease(release: Release | undefined): Promise<void> {
  if (!release) return;
  await release.emulator.stop();
  release.sfHome.restore();
  rmSync(release.work, { recursive: true, force: true });
}

/** The plugin as a process; `signal` says whether a failpoint killed it. */
function postdeployIn(release: Release, args: string[], env: Record<string, string> = {}): Promise<ProcessResult & { signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(release.sfHome.home, env), cwd: release.work });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

async function apexRunsIn(release: Release, alias: string): Promise<ApexRun[]> {
  return (await (await fetch(`${release.emulator.url}/__emulator/orgs/${alias}/apex`)).json()) as ApexRun[];
}

const planArgs = (targets: string[]): string[] => ['plan', '-r', REFERENCE, ...targets.flatMap((t) => ['-o', t]), '-m', `${DRIFTED.type}:${DRIFTED.fullName}`, '--config', 'release.json', '--output-file', 'plan.json'];
const PACKAGE_STEP = { name: 'package', kind: 'deploy', path: join(RELEASE, 'package') };
const APEX_STEP = { name: 'post-install', kind: 'apex', file: join(RELEASE, 'post-install.apex'), undo: join(RELEASE, 'undo.apex') };

describe('release steps in waves (bin/run.js against the emulator)', function () {
  this.timeout(600_000);
  let release: Release;
  let admin: EmulatorAdmin;
  let work: string;
  let stateDir: string;
  let applyId = '';
  /** what the package overwrites, as each target held it before the release */
  const allAccountsBefore: Record<string, string | undefined> = {};

  const postdeploy = (args: string[]): Promise<ProcessResult> => postdeployIn(release, args);
  const json = jsonOutput;
  const apexRuns = (alias: string): Promise<ApexRun[]> => apexRunsIn(release, alias);
  const byAlias = (targets: Target[]): Record<string, Target> => Object.fromEntries(targets.map((t) => [t.alias!, t]));
  const driftedXml = readFileSync(join(APPLY_FIXTURES, 'target', DRIFTED.type, `${DRIFTED.fullName}.xml`), 'utf8');
  const postInstall = readFileSync(join(RELEASE, 'post-install.apex'), 'utf8');
  const undo = readFileSync(join(RELEASE, 'undo.apex'), 'utf8');

  before(async () => {
    release = await startRelease(TARGETS, [{ name: 'correct drift', kind: 'drift' }, PACKAGE_STEP, APEX_STEP]);
    ({ admin, work, stateDir } = release);
    for (const alias of TARGETS) allAccountsBefore[alias] = await admin.component(alias, 'ListView', 'Account.AllAccounts');
  });

  after(() => stopRelease(release));

  it('Given three steps, When planned, Then the plan records them with their hashes and diff shows what each does per target', async () => {
    const planned = await postdeploy(planArgs(TARGETS));
    expect(planned.code, planned.stderr).to.equal(0);
    const plan = JSON.parse(readFileSync(join(work, 'plan.json'), 'utf8')) as { formatVersion: number; steps: Array<{ name: string; kind: string; hash?: string; script?: { hash: string } }> };
    expect(plan.formatVersion).to.equal(4);
    expect(plan.steps.map((s) => `${s.kind}:${s.name}`)).to.deep.equal(['drift:correct drift', 'deploy:package', 'apex:post-install']);
    expect(plan.steps[1].hash).to.match(/^[0-9a-f]{64}$/);
    const diff = await postdeploy(['diff', '--plan-file', 'plan.json']);
    expect(diff.stdout).to.contain('Release steps (in order, per target)').and.contain('post-install [apex]').and.contain('correct 1 component');
    expect(diff.stdout).to.contain('deploy 3 components of');
  });

  it('Given the Apex step fails in t3 (wave 2), When applied in waves 1,2,*, Then wave 1 completes, t3 stops after its failed step, t4-t6 are not started, exit 68 with the resume command', async () => {
    await admin.fault({ org: 't3', fault: 'apexException', line: 3, column: 9, message: 'System.DmlException: Upsert failed' } as never);
    const applied = await postdeploy(['apply', '--plan-file', 'plan.json', '--waves', '1,2,*', '--max-failures', '0', '--state-dir', stateDir, '--json']);
    expect(applied.code, applied.stderr).to.equal(68);
    const result = json<ApplyJson>(applied).result!;
    applyId = result.applyId;
    expect(result.waves).to.deep.include({ count: 3, stoppedAfterWave: 2 });
    expect(result.resumeCommand).to.equal(`sf postdeploy apply --resume ${applyId} --state-dir ${stateDir}`);
    const targets = byAlias(result.targets);
    for (const alias of ['t1', 't2']) {
      expect(targets[alias].status, alias).to.equal('deployed');
      expect(targets[alias].steps!.map((s) => s.state)).to.deep.equal(['done', 'done', 'done']);
    }
    expect(targets.t3.status).to.equal('failed');
    expect(targets.t3.steps!.map((s) => s.state)).to.deep.equal(['done', 'done', 'failed']);
    expect(targets.t3.steps![2]).to.include({ line: 3, column: 9, error: 'line 3, column 9: System.DmlException: Upsert failed' });
    expect(readFileSync(targets.t3.steps![2].logFile!, 'utf8')).to.contain('FATAL_ERROR|System.DmlException: Upsert failed');
    for (const alias of ['t4', 't5', 't6']) {
      expect(targets[alias].status, alias).to.equal('not-started');
      expect(await apexRuns(alias), alias).to.deep.equal([]);
      expect(await admin.component(alias, 'ListView', 'Account.Release_Accounts'), alias).to.equal(undefined);
      expect(await admin.component(alias, DRIFTED.type, DRIFTED.fullName), alias).to.equal(driftedXml);
    }
    for (const alias of ['t1', 't2', 't3']) {
      expect((await apexRuns(alias)).map((r) => r.body), alias).to.deep.equal([postInstall]);
      expect(await admin.component(alias, 'ListView', 'Account.Release_Accounts'), alias).to.contain('Release Accounts');
      expect(await admin.component(alias, 'ListView', 'Account.AllAccounts'), alias).to.contain('All Accounts (release 2)');
    }
  });

  it('Given the stopped apply, When the plan is applied again instead of resumed, Then it is refused: no step runs twice', async () => {
    const again = await postdeploy(['apply', '--plan-file', 'plan.json', '--state-dir', stateDir, '--json']);
    expect(again.code).to.equal(1);
    const error = json<ApplyJson>(again);
    expect(error.name).to.equal('PlanAppliedBeforeError');
    expect(error.actions?.[0]).to.equal(`Finish that apply: sf postdeploy apply --resume ${applyId} --state-dir ${stateDir}`);
    expect((await apexRuns('t1')).length).to.equal(1);
  });

  it('Given the fault cleared, When resumed, Then t3 runs only its failed step and t4-t6 run every step; wave 1 is left alone', async () => {
    const resumed = await postdeploy(['apply', '--resume', applyId, '--state-dir', stateDir, '--json']);
    expect(resumed.code, resumed.stderr).to.equal(0);
    const result = json<ApplyJson>(resumed).result!;
    expect(result.applyId).to.equal(applyId);
    const targets = byAlias(result.targets);
    expect(targets.t3.steps!.map((s) => s.state)).to.deep.equal(['done', 'done', 'done']);
    expect(targets.t3.steps![0].detail).to.equal('done in an earlier run of this apply');
    for (const alias of ['t4', 't5', 't6']) expect(targets[alias].status, alias).to.equal('deployed');
    expect(targets.t1).to.include({ status: 'skipped', reason: 'every step finished in an earlier run of this apply' });
    expect((await apexRuns('t1')).length).to.equal(1);
    expect((await apexRuns('t3')).length).to.equal(2);
    for (const alias of ['t4', 't5', 't6']) expect((await apexRuns(alias)).map((r) => r.body), alias).to.deep.equal([postInstall]);
  });

  it('Given the finished release, When rolled back, Then the corrections and the package are undone and the undo script runs in every target', async () => {
    const rolled = await postdeploy(['rollback', '--apply-id', applyId, '--state-dir', stateDir, '--json']);
    expect(rolled.code, rolled.stderr).to.equal(0);
    const targets = json<RollbackJson>(rolled).result!.applies[0].targets;
    expect(targets.map((t) => t.status)).to.deep.equal(TARGETS.map(() => 'rolled-back'));
    expect(targets[0].steps).to.deep.equal([
      { name: 'post-install', state: 'rolled-back', detail: `ran ${join(RELEASE, 'undo.apex')}` },
      { name: 'package', state: 'rolled-back', deployId: targets[0].steps![1] && (targets[0].steps![1] as { deployId?: string }).deployId },
    ]);
    for (const alias of TARGETS) {
      expect(await admin.component(alias, 'ListView', 'Account.AllAccounts'), alias).to.equal(allAccountsBefore[alias]);
      expect((await apexRuns(alias)).at(-1)?.body, alias).to.equal(undo);
      expect(await admin.component(alias, 'ListView', 'Account.Release_Accounts'), alias).to.equal(undefined);
      expect(await admin.component(alias, DRIFTED.type, DRIFTED.fullName), alias).to.equal(driftedXml);
    }
    expect(existsSync(join(stateDir, 'applies', applyId, 'logs'))).to.equal(true);
  });
});

describe('release steps: killed between two steps (SIGKILL), then resumed and rolled back', function () {
  this.timeout(600_000);
  const two = ['c1', 'c2'];
  let release: Release;

  const deploys = async (alias: string): Promise<number> => {
    const counts = (await release.admin.stats())[alias] ?? {};
    return (counts.deploy ?? 0) + (counts.deployRequest ?? 0);
  };
  const apexBodies = async (alias: string): Promise<string[]> => (await apexRunsIn(release, alias)).map((r) => r.body);

  before(async () => {
    release = await startRelease(two, [PACKAGE_STEP, APEX_STEP]);
  });

  after(() => stopRelease(release));

  it('Given a kill after the first package step, Then --resume runs only what is left and rollback undoes all of it', async () => {
    const { admin, stateDir } = release;
    const postdeploy = (args: string[], env?: Record<string, string>): ReturnType<typeof postdeployIn> => postdeployIn(release, args, env);
    const planned = await postdeploy(planArgs(two));
    expect(planned.code, planned.stderr).to.equal(0);
    const killed = await postdeploy(['apply', '--plan-file', 'plan.json', '--state-dir', stateDir, '--concurrency', '1', '--json'], { SF_POSTDEPLOY_FAILPOINT: 'after-step' });
    expect(killed.signal, killed.stderr).to.equal('SIGKILL');
    const [id] = readdirSync(join(stateDir, 'applies'));
    const journal = JSON.parse(readFileSync(join(stateDir, 'applies', id, 'journal.json'), 'utf8')) as { targets: Array<{ alias: string; steps: Array<{ state: string }> }> };
    const states = Object.fromEntries(journal.targets.map((t) => [t.alias, t.steps.map((s) => s.state)]));
    expect(states).to.deep.equal({ c1: ['done', 'done', 'pending'], c2: ['pending', 'pending', 'pending'] });
    const c1Deploys = await deploys('c1');

    const resumed = await postdeploy(['apply', '--resume', id, '--state-dir', stateDir, '--json']);
    expect(resumed.code, resumed.stderr).to.equal(0);
    // c1: no deploy again (drift and package were done), only its Apex step
    expect(await deploys('c1')).to.equal(c1Deploys);
    expect(await apexBodies('c1')).to.have.length(1);
    expect(await apexBodies('c2')).to.have.length(1);
    expect(await admin.component('c2', 'ListView', 'Account.Release_Accounts')).to.contain('Release Accounts');

    const rolled = await postdeploy(['rollback', '--apply-id', id, '--state-dir', stateDir, '--json']);
    expect(rolled.code, rolled.stderr).to.equal(0);
    for (const alias of two) {
      expect(await admin.component(alias, 'ListView', 'Account.Release_Accounts'), alias).to.equal(undefined);
      expect((await apexBodies(alias)).at(-1), alias).to.equal(readFileSync(join(RELEASE, 'undo.apex'), 'utf8'));
    }
  });

  it('Given a kill while an Apex step was sent, Then --resume does not send it again unasked; a second --resume does', async () => {
    const { stateDir } = release;
    const postdeploy = (args: string[], env?: Record<string, string>): ReturnType<typeof postdeployIn> => postdeployIn(release, args, env);
    const planned = await postdeploy([...planArgs(two).slice(0, -1), 'plan2.json']);
    expect(planned.code, planned.stderr).to.equal(0);
    const before = Object.fromEntries(await Promise.all(two.map(async (alias) => [alias, (await apexBodies(alias)).length] as const)));
    const killed = await postdeploy(['apply', '--plan-file', 'plan2.json', '--state-dir', stateDir, '--concurrency', '1', '--json'], { SF_POSTDEPLOY_FAILPOINT: 'before-apex' });
    expect(killed.signal, killed.stderr).to.equal('SIGKILL');
    const id = readdirSync(join(stateDir, 'applies')).sort().at(-1)!;

    const first = await postdeploy(['apply', '--resume', id, '--state-dir', stateDir, '--json']);
    expect(first.code, first.stderr).to.equal(68);
    const c1 = (JSON.parse(first.stdout) as { result: ApplyJson }).result.targets.find((t) => t.alias === 'c1')!;
    expect(c1.status).to.equal('failed');
    expect(c1.error).to.contain('the org may or may not have run it');
    expect((await apexBodies('c1')).length).to.equal(before.c1);
    expect((await apexBodies('c2')).length).to.equal(before.c2 + 1);

    const second = await postdeploy(['apply', '--resume', id, '--state-dir', stateDir, '--json']);
    expect(second.code, second.stderr).to.equal(0);
    expect((await apexBodies('c1')).length).to.equal(before.c1 + 1);
  });
});
