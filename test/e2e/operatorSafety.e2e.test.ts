/*
 * Operating apply and rollback safely, as processes (bin/run.js) against emulated orgs: which
 * apply `rollback --latest` undoes, `history`, rollback of several applies, the state folder on
 * stderr, Ctrl-C during apply, an unusable state folder, exit 68 for targets not applied, empty
 * shards. Real core, SDR and the emulator; nothing stubbed.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { APPLY_FIXTURES, Fleet, JsonOutput, REFERENCE, RUN, startFleet } from '../helpers/applyFleet.js';
import { childEnv } from '../helpers/sfHome.js';
import { ProcessResult } from '../helpers/processes.js';
import type { PostdeployHistoryResult } from '../../src/commands/postdeploy/history.js';
import type { PostdeployRollbackResult } from '../../src/commands/postdeploy/rollback.js';

const LAYOUT = 'Layout:Account-Account Layout';
const parse = <T>(result: ProcessResult): JsonOutput<T> => {
  try {
    return JSON.parse(result.stdout) as JsonOutput<T>;
  } catch {
    throw new Error(`no JSON (exit ${String(result.code)}):\n${result.stdout}\n${result.stderr}`);
  }
};
const drifted = (alias: string, fleet: Fleet): Promise<Response> =>
  fleet.admin.putComponent(alias, 'Layout', 'Account-Account Layout', readFileSync(join(APPLY_FIXTURES, 'target', 'Layout', 'Account-Account Layout.xml'), 'utf8'));

describe('operating apply and rollback safely', function () {
  this.timeout(600_000);
  let fleet: Fleet;
  const state = (): string[] => ['--state-dir', fleet.stateDir];
  const layoutOf = async (alias: string): Promise<string | undefined> => fleet.admin.component(alias, 'Layout', 'Account-Account Layout');

  before(async () => {
    fleet = await startFleet();
  });

  after(async () => {
    await fleet?.stop();
  });

  describe('which apply rollback undoes, and history', () => {
    let realApplyId: string;
    let before: string | undefined;

    it('Given a dry run, an apply that changed uat, then a no-op rerun, When rollback --latest runs, Then it undoes the apply that changed something', async () => {
      await fleet.plan('merge', 'latest.json', ['uat']);
      before = await layoutOf('uat');
      const dry = await fleet.apply('latest.json', ['--dry-run']);
      expect(dry.code, dry.stdout + dry.stderr).to.equal(0);
      const real = await fleet.apply('latest.json');
      expect(real.code, real.stdout + real.stderr).to.equal(0);
      realApplyId = real.json.result!.applyId;
      const rerun = await fleet.apply('latest.json');
      expect(rerun.json.result?.targets.map((t) => t.status)).to.deep.equal(['skipped']);
      expect(await layoutOf('uat')).to.not.equal(before);

      const rolled = await fleet.rollback(['--latest']);

      expect(rolled.code, rolled.stdout + rolled.stderr).to.equal(0);
      expect(rolled.json.result?.applyId).to.equal(realApplyId);
      expect(rolled.json.result?.targets.map((t) => t.status)).to.deep.equal(['rolled-back']);
      expect(await layoutOf('uat')).to.equal(before);
    });

    it('Given those applies, When history --json runs, Then it lists each with what it changed and whether it was rolled back, and names the state folder on stderr only', async () => {
      const ran = await fleet.postdeploy(['history', ...state(), '--json']);
      expect(ran.code, ran.stderr).to.equal(0);
      const result = parse<PostdeployHistoryResult>(ran).result!;
      expect(result.stateDir).to.equal(fleet.stateDir);
      expect(ran.stderr).to.include(`State folder: ${fleet.stateDir}`);
      expect(ran.stdout).to.not.include('State folder:');
      expect(result.applies).to.have.length(3);
      const [rerun, real, dry] = result.applies;
      expect(real.applyId).to.equal(realApplyId);
      expect(real.rolledBack).to.equal('yes');
      expect(real.changedSomething).to.equal(true);
      expect(real.targets[0].changed.map((c) => `${c.type}:${c.fullName}`)).to.include(LAYOUT);
      expect([rerun.changedSomething, rerun.rolledBack]).to.deep.equal([false, 'n/a']);
      expect([dry.dryRun, dry.changedSomething]).to.deep.equal([true, false]);
    });

    it('Given those applies, When history runs for a person, Then the table shows the ids and the detail names the components', async () => {
      const ran = await fleet.postdeploy(['history', ...state()]);
      expect(ran.code, ran.stderr).to.equal(0);
      expect(ran.stdout).to.include(realApplyId);
      expect(ran.stdout).to.include('dry run');
      expect(ran.stdout).to.match(/uat \[rolled-back\]: .*update Layout:Account-Account Layout/);
    });

    it('Given the only apply that changed something was rolled back, When rollback --latest runs again, Then it says so and rolls back nothing older', async () => {
      const again = await fleet.rollback(['--latest']);
      expect(again.code, again.stdout + again.stderr).to.equal(0);
      expect(again.json.result?.applyId).to.equal(realApplyId);
      expect(again.json.result?.targets.map((t) => t.status)).to.deep.equal(['skipped']);
    });
  });

  describe('rollback of several applies', () => {
    it('Given two applies to two targets, When rollback gets both ids oldest first, Then it rolls them back newest first and restores both orgs', async () => {
      await drifted('uat', fleet);
      await fleet.plan('merge', 'two.json', ['sandbox', 'uat']);
      const beforeSandbox = await layoutOf('sandbox');
      const beforeUat = await layoutOf('uat');
      const first = await fleet.apply('two.json', ['-o', 'sandbox']);
      const second = await fleet.apply('two.json', ['-o', 'uat']);
      expect([first.code, second.code]).to.deep.equal([0, 0]);
      const older = first.json.result!.applyId;
      const newer = second.json.result!.applyId;

      const ran = await fleet.postdeploy(['rollback', ...state(), '--apply-id', older, '--apply-id', newer, '--json']);

      expect(ran.code, ran.stdout + ran.stderr).to.equal(0);
      const result = parse<PostdeployRollbackResult>(ran).result!;
      expect(result.applies.map((a) => a.applyId)).to.deep.equal([newer, older]);
      expect(result.applies.flatMap((a) => a.targets.map((t) => t.status))).to.deep.equal(['rolled-back', 'rolled-back']);
      expect(result.notAttempted).to.deep.equal([]);
      expect(await layoutOf('sandbox')).to.equal(beforeSandbox);
      expect(await layoutOf('uat')).to.equal(beforeUat);
    });

    it('Given a mistyped id among several, When rollback runs, Then it refuses before rolling back anything', async () => {
      const history = parse<PostdeployHistoryResult>(await fleet.postdeploy(['history', ...state(), '--json'])).result!;
      const ran = await fleet.postdeploy(['rollback', ...state(), '--apply-id', history.applies[0].applyId, '--apply-id', '20250101-000000Z-zzzz', '--json']);
      expect(ran.code).to.equal(1);
      expect(parse(ran).name).to.equal('UnknownApplyError');
      const after = parse<PostdeployHistoryResult>(await fleet.postdeploy(['history', ...state(), '--json'])).result!;
      expect(after.applies.map((a) => a.rolledBack)).to.deep.equal(history.applies.map((a) => a.rolledBack));
    });
  });

  describe('state folder', () => {
    it('Given --state-dir /proc/nope, When apply runs, Then it fails at once with StateDirNotWritableError and deploys nothing', async () => {
      await fleet.plan('merge', 'proc.json', ['staging']);
      const deploys = await fleet.deploys('staging');
      const asked = (await fleet.admin.stats()).staging;
      const ran = await fleet.postdeploy(['apply', '--plan-file', 'proc.json', '--state-dir', '/proc/nope', '--json'], 60_000);
      // at once: before any request to the org, not after a retrieve or a deploy
      expect((await fleet.admin.stats()).staging).to.deep.equal(asked);
      expect(ran.code, ran.stdout + ran.stderr).to.equal(1);
      const output = parse(ran);
      expect(output.name).to.equal('StateDirNotWritableError');
      expect(output.actions?.join(' ')).to.include('--state-dir');
      expect(await fleet.deploys('staging')).to.equal(deploys);
    });

    it('Given no --state-dir inside an sf project, When apply runs, Then stderr names the project state folder it used', async () => {
      writeFileSync(join(fleet.work, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] }));
      try {
        const ran = await fleet.postdeploy(['apply', '--plan-file', 'proc.json', '--dry-run']);
        expect(ran.code, ran.stdout + ran.stderr).to.equal(0);
        expect(ran.stderr).to.match(/State folder: .*\.sf\/postdeploy/);
      } finally {
        rmSync(join(fleet.work, 'sfdx-project.json'), { force: true });
      }
    });
  });

  describe('exit 68 when a planned target was not applied', () => {
    it('Given a target that changed since the plan, When apply --skip-stale applies the others, Then it exits 68 and names the stale target', async () => {
      await fleet.plan('merge', 'stale.json', ['sandbox', 'staging']);
      const changed = readFileSync(join(APPLY_FIXTURES, 'target', 'Layout', 'Account-Account Layout.xml'), 'utf8').replace('</Layout>', '    <showRunAssignmentRulesCheckbox>true</showRunAssignmentRulesCheckbox>\n</Layout>');
      expect((await fleet.admin.putComponent('staging', 'Layout', 'Account-Account Layout', changed)).ok).to.equal(true);

      const ran = await fleet.postdeploy(['apply', '--plan-file', 'stale.json', ...state(), '--skip-stale']);

      expect(ran.code, ran.stdout + ran.stderr).to.equal(68);
      expect(ran.stderr).to.match(/not applied: staging \(stale\)/);
    });

    it('Given a plan where a target failed at plan time, When apply runs, Then the others are applied and it exits 68', async () => {
      await drifted('uat', fleet);
      await fleet.admin.fault({ org: 'sandbox', fault: 'malformedComponent', component: LAYOUT, count: 5 });
      const planned = await fleet.postdeploy(['plan', '-r', REFERENCE, '-o', 'sandbox', '-o', 'uat', '-m', LAYOUT, '--output-file', 'failed.json']);
      expect(planned.code, planned.stdout + planned.stderr).to.equal(68);
      await fleet.admin.reset();

      const ran = await fleet.apply('failed.json');

      expect(ran.code, ran.stdout + ran.stderr).to.equal(68);
      const statuses = Object.fromEntries(ran.json.result!.targets.map((t) => [String(t.alias), String(t.status)])) as Record<string, string>;
      expect(statuses).to.deep.equal({ uat: 'deployed', sandbox: 'not-planned' });
    });
  });

  describe('a shard without targets', () => {
    it('Given one target and --shard 2/2, When plan and apply run, Then they say plainly that the shard has no targets', async () => {
      const planned = await fleet.postdeploy(['plan', '-r', REFERENCE, '-o', 'uat', '-m', LAYOUT, '--shard', '2/2', '--output-file', 'empty.json']);
      expect(planned.code, planned.stderr).to.equal(0);
      expect(planned.stdout).to.include('This shard (2/2) has no targets');
      const applied = await fleet.postdeploy(['apply', '--plan-file', 'empty.json', ...state()]);
      expect(applied.code, applied.stderr).to.equal(0);
      expect(applied.stdout).to.include('This shard (2/2) has no targets');
      expect(applied.stdout).to.not.include('The journal');
      const history = parse<PostdeployHistoryResult>(await fleet.postdeploy(['history', ...state(), '--json'])).result!;
      expect(history.applies.every((entry) => entry.targets.length > 0), 'an empty shard leaves no apply in the history').to.equal(true);
      for (const output of [planned.stdout, applied.stdout]) {
        // the bug printed the table title one character per line
        expect(output.split('\n').filter((line) => line.trim().length === 1)).to.deep.equal([]);
      }
    });
  });
});

describe('Ctrl-C during apply', function () {
  this.timeout(600_000);
  let fleet: Fleet;

  /** Starts apply, sends SIGINT `signals` times once a first target is deploying, and waits for the end. */
  function interruptedApply(planFile: string, signals: number): Promise<ProcessResult & { elapsedAfterSignal: number }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [RUN, 'postdeploy', 'apply', '--plan-file', planFile, '--state-dir', fleet.stateDir, '--concurrency', '1'], {
        env: childEnv(fleet.sfHome.home),
        cwd: fleet.work,
      });
      let stdout = '';
      let stderr = '';
      let signalledAt = 0;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`apply did not end:\n${stdout}\n${stderr}`));
      }, 300_000);
      const poll = setInterval(() => {
        const deploying = fleet.journals().some((journal) => journal.targets.some((t) => t.state === 'deploying'));
        if (!deploying || signalledAt) return;
        signalledAt = Date.now();
        clearInterval(poll);
        for (let i = 0; i < signals; i++) setTimeout(() => child.kill('SIGINT'), i * 200);
      }, 50);
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('close', (code) => {
        clearTimeout(timer);
        clearInterval(poll);
        resolve({ code, stdout, stderr, elapsedAfterSignal: Date.now() - signalledAt });
      });
    });
  }

  // one fleet: the apply Ctrl-C'd twice runs first, on the drifted targets; the plan after it needs
  // no particular state. A single Ctrl-C between release steps, and its --json result, are in
  // releaseNight.e2e.test.ts.
  before(async () => {
    fleet = await startFleet();
    await fleet.plan('merge', 'plan.json');
    // then slow metadata jobs: a deploy (or retrieve) is still running when Ctrl-C comes
    fleet.emulator.state.options.jobMs = 1500;
  });

  after(async () => {
    await fleet?.stop();
  });

  it('Given an apply under way, When Ctrl-C comes twice, Then it leaves at once with the same report and exit 130, and the journal says what was deploying', async () => {
    const ran = await interruptedApply('plan.json', 2);

    expect(ran.code, ran.stdout + ran.stderr).to.equal(130);
    expect(ran.stdout + ran.stderr).to.not.match(/ExitError|EEXIT|\n\s+at /);
    expect(ran.stderr).to.match(/Apply \S+ was interrupted/);
    expect(ran.stderr).to.match(/still deploying when the command ended[^\n]*: (sandbox|uat|staging)/);
    const [journal] = fleet.journals();
    expect(journal.targets.map((t) => t.state).sort()).to.deep.equal(['deploying', 'pending', 'pending']);
    expect(ran.stderr).to.include(`sf postdeploy rollback --apply-id ${String(journal.applyId)}`);
  });

  it('Given a plan under way, When Ctrl-C comes, Then it stops with exit 130 and a plain message, no stack trace', async () => {
    const ran = await new Promise<ProcessResult>((resolve) => {
      const proc = spawn(process.execPath, [RUN, 'postdeploy', 'plan', '-r', REFERENCE, '-o', 'uat', '--output-file', 'interrupted.json'], { env: childEnv(fleet.sfHome.home), cwd: fleet.work });
      let stdout = '';
      let stderr = '';
      proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      proc.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        // once the reference retrieve has started
        if (stderr.includes('Retrieving the reference')) proc.kill('SIGINT');
      });
      proc.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(ran.code, ran.stdout + ran.stderr).to.equal(130);
    expect(ran.stderr).to.include('Interrupted: sf postdeploy plan stopped. Nothing was changed in any org and no file was written');
    // plan writes nothing to the state folder: its Ctrl-C does not send the reader there
    expect(ran.stderr).to.not.include('state folder');
    expect(ran.stdout + ran.stderr).to.not.match(/ExitError|EEXIT|\n\s+at /);
  });
});
