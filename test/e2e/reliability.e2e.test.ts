/*
 * Reliability and security checks as processes against emulated orgs: no token in debug logs,
 * two applies on one org, an unusable state directory.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, ProcessResult, run } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';

const SEED = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'source-org');
const RUN = join(PROJECT_ROOT, 'bin', 'run.js');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

describe('reliability and secrets (processes against emulated orgs)', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;
  const postdeploy = (args: string[], extra: Record<string, string> = {}): Promise<ProcessResult> =>
    run(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(sfHome.home, extra), cwd: work });

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { prod: SEED, uat: SEED, qa: SEED }, jobMs: 20 });
    admin = new EmulatorAdmin(emulator.url);
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-reliability-'));
    for (const alias of ['uat', 'qa']) {
      // eslint-disable-next-line no-await-in-loop
      const layout = (await admin.component(alias, 'Layout', 'Account-Account Layout'))!;
      // eslint-disable-next-line no-await-in-loop
      await admin.putComponent(alias, 'Layout', 'Account-Account Layout', layout.replace('<relatedList>RelatedContactList</relatedList>', '<relatedList>RelatedNoteList</relatedList>'));
    }
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
  });

  it('Given trace logging, When plan, apply and rollback run, Then no access token is in any log, plan, journal, snapshot or output', async () => {
    const logging = { SF_DISABLE_LOG_FILE: 'false', SF_LOG_LEVEL: 'trace' };
    const outputs: ProcessResult[] = [];
    outputs.push(await postdeploy(['plan', '-r', 'prod', '-o', 'uat', '-m', 'Layout', '-m', 'Profile', '--output-file', 'secrets.json'], logging));
    outputs.push(await postdeploy(['apply', '--plan-file', 'secrets.json', '--state-dir', 'state-secrets', '--json'], logging));
    outputs.push(await postdeploy(['rollback', '--latest', '--state-dir', 'state-secrets', '--json'], logging));
    expect(outputs.map((o) => o.code)).to.deep.equal([0, 0, 0]);
    const logs = filesUnder(join(sfHome.home, '.sf')).filter((f) => f.endsWith('.log'));
    expect(logs, 'trace logging wrote a log file').to.have.length.greaterThan(0);
    const texts = [...logs, ...filesUnder(work)].map((f) => [f, readFileSync(f, 'utf8')] as const);
    texts.push(...outputs.map((o, i) => [`output ${i}`, o.stdout + o.stderr] as const));
    for (const alias of ['prod', 'uat', 'qa']) {
      const token = emulator.accessToken(alias);
      for (const [where, text] of texts) expect(text.includes(token), `${alias}'s token in ${where}`).to.equal(false);
    }
  });

  it('Given an apply running against an org, When a second apply targets the same org, Then it refuses with who holds it and deploys nothing', async () => {
    const plan = await postdeploy(['plan', '-r', 'prod', '-o', 'qa', '-m', 'Layout', '--output-file', 'lock.json']);
    expect(plan.code, plan.stderr).to.equal(0);
    emulator.state.options.jobMs = 2500;
    const state = join(work, 'state-lock');
    const first = spawn(process.execPath, [RUN, 'postdeploy', 'apply', '--plan-file', 'lock.json', '--state-dir', state, '--json'], { cwd: work, env: childEnv(sfHome.home) });
    let firstOut = '';
    first.stdout.on('data', (chunk: Buffer) => (firstOut += chunk.toString('utf8')));
    const firstDone = new Promise<number | null>((resolve) => first.on('close', resolve));
    try {
      const lockDir = join(state, 'locks');
      const deadline = Date.now() + 20_000;
      while (!(existsSync(lockDir) && readdirSync(lockDir).length > 0) && Date.now() < deadline) {
        // eslint-disable-next-line no-await-in-loop
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(existsSync(lockDir) && readdirSync(lockDir).length, 'the first apply took no lock').to.be.greaterThan(0);
      // held still while the second runs, so the order does not hang on how fast a loaded machine starts the second
      // process: a stopped process is alive, and its lock stays held
      expect(first.kill('SIGSTOP'), 'the first apply ended before its lock was seen').to.equal(true);
      let second;
      try {
        second = await postdeploy(['apply', '--plan-file', 'lock.json', '--state-dir', state, '--json']);
      } finally {
        first.kill('SIGCONT');
      }
      expect(second.code).to.equal(1);
      const error = JSON.parse(second.stdout) as { name: string; message: string; actions: string[] };
      expect(error.name).to.equal('OrgLockedError');
      expect(error.message).to.include('qa');
      expect(error.actions.join(' ')).to.include('Wait for the other run to finish');
      expect(await firstDone, firstOut).to.equal(0);
      expect((await admin.stats()).qa.deploy).to.equal(1);
    } finally {
      emulator.state.options.jobMs = 20;
      first.kill();
    }
  });

  it('Given a state directory that cannot be created, When apply runs, Then it stops with an action before touching any org', async () => {
    const plan = await postdeploy(['plan', '-r', 'prod', '-o', 'uat', '-m', 'Layout', '--output-file', 'nostate.json']);
    expect(plan.code, plan.stderr).to.equal(0);
    writeFileSync(join(work, 'a-file'), 'not a folder');
    await admin.reset();
    const result = await postdeploy(['apply', '--plan-file', 'nostate.json', '--state-dir', join(work, 'a-file', 'state'), '--json']);
    expect(result.code).to.equal(1);
    const error = JSON.parse(result.stdout) as { name: string; actions: string[] };
    expect(error.name).to.equal('StateDirNotWritableError');
    expect(error.actions.join(' ')).to.include('--state-dir');
    expect(await admin.stats()).to.deep.equal({});
  });

  it('Given a target whose status checks hang, When plan runs, Then that target fails with a clear error and the others are planned (exit 68)', async () => {
    await admin.reset();
    await admin.fault({ org: 'qa', fault: 'hang', count: 50, operation: 'checkRetrieveStatus' });
    const result = await postdeploy(['plan', '-r', 'prod', '-o', 'uat', '-o', 'qa', '-m', 'Layout', '--output-file', 'hang.json', '--json'], { SF_POSTDEPLOY_REQUEST_TIMEOUT_MS: '300' });
    expect(result.code, result.stderr).to.equal(68);
    const plan = JSON.parse(readFileSync(join(work, 'hang.json'), 'utf8')) as { targets: Array<{ name: string; status: string; error?: { name: string; message: string; actions?: string[] } }> };
    const qa = plan.targets.find((t) => t.name === 'qa')!;
    expect(qa.status).to.equal('error');
    expect(qa.error?.name).to.equal('TransientError');
    expect(qa.error?.message).to.include('did not answer');
    expect(qa.error?.actions?.join(' ')).to.include('run the command again');
    expect(plan.targets.find((t) => t.name === 'uat')!.status).to.equal('ok');
    await admin.reset();
  });

  it('Given a plan made for other orgs (the aliases now point elsewhere), When apply runs, Then it refuses before deploying anything', async () => {
    const plan = await postdeploy(['plan', '-r', 'prod', '-o', 'uat', '-m', 'Layout', '--output-file', 'other-orgs.json']);
    expect(plan.code, plan.stderr).to.equal(0);
    await emulator.stop();
    // the same aliases, logged in again, now name new orgs with other org ids
    emulator = await startEmulator({ orgs: { prod: SEED, uat: SEED, qa: SEED }, jobMs: 20 });
    admin = new EmulatorAdmin(emulator.url);
    const result = await postdeploy(['apply', '--plan-file', 'other-orgs.json', '--state-dir', 'state-other', '--json']);
    expect(result.code).to.equal(1);
    const error = JSON.parse(result.stdout) as { name: string; message: string; actions: string[] };
    expect(error.name).to.equal('WrongOrgError');
    expect(error.message).to.include('uat');
    expect(error.actions.join(' ')).to.include('sf postdeploy plan');
    const stats = await admin.stats();
    expect(stats.uat?.retrieve ?? 0).to.equal(0);
    expect(stats.uat?.deploy ?? 0).to.equal(0);
  });
});
