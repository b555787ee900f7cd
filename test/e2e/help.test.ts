import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { repoRoot } from '../tools/commandShape.js';

type Outcome = { status: number | null; stdout: string; stderr: string };

/** Runs the built plugin as a user would, with its own HOME so no real auth or config leaks in. */
function runCli(home: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'run.js'), ...args], {
      cwd: home,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        USERPROFILE: home,
        SF_DISABLE_LOG_FILE: 'true',
        SF_DISABLE_TELEMETRY: 'true',
        FORCE_COLOR: '0',
        NO_COLOR: '1',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `--help` of a command, run once per file: its output does not change between tests. */
const helpRuns = new Map<string, Promise<Outcome>>();
function helpOf(home: string, command: string): Promise<Outcome> {
  if (!helpRuns.has(command)) helpRuns.set(command, runCli(home, ['postdeploy', command, '--help']));
  return helpRuns.get(command)!;
}

const stackFrame = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

const helpFlags: Record<string, string[]> = {
  plan: [
    '--reference-org',
    '--reference-dir',
    '--target-org',
    '--targets-file',
    '--metadata',
    '--manifest',
    '--config',
    '--mode',
    '--delete-extra',
    '--concurrency',
    '--api-version',
    '--output-file',
    '--fail-on-drift',
    '--wait',
    '--shard',
  ],
  diff: ['--plan-file', '--reference-org', '--reference-dir', '--target-org', '--markdown-file', '--junit-file'],
  apply: [
    '--plan-file',
    '--target-org',
    '--dry-run',
    '--test-level',
    '--tests',
    '--concurrency',
    '--wait',
    '--skip-stale',
    '--state-dir',
  ],
  rollback: ['--apply-id', '--latest', '--target-org', '--dry-run', '--force', '--state-dir'],
  history: ['--state-dir'],
};

/** The exit codes each command can return, and so lists in its help (every command can be interrupted: 130). */
const errorCodes: Record<string, string[]> = {
  plan: ['0', '1', '2', '3', '68', '130'],
  diff: ['0', '1', '2', '68', '130'],
  apply: ['0', '1', '2', '4', '68', '130'],
  rollback: ['0', '1', '2', '68', '130'],
  history: ['0', '1', '2', '130'],
};

describe('sf postdeploy as a process (bin/run.js)', () => {
  let home: string;

  before(async () => {
    if (!existsSync(join(repoRoot, 'lib', 'commands', 'postdeploy', 'plan.js'))) {
      throw new Error('lib/ is missing: run `npm run build` first (npm test does)');
    }
    home = await mkdtemp(join(tmpdir(), 'postdeploy-e2e-'));
  });

  after(async () => {
    await rm(home, { recursive: true, force: true });
  });

  for (const [command, flags] of Object.entries(helpFlags)) {
    it(`Given postdeploy ${command} --help, Then it lists its flags and, under ERROR CODES, only the codes it can return`, async () => {
      const { status, stdout } = await helpOf(home, command);
      expect(status).to.equal(0);
      for (const flag of flags) {
        expect(stdout).to.include(flag);
      }
      const section = stdout.slice(stdout.indexOf('ERROR CODES'));
      expect(section).to.match(/^ERROR CODES\n/);
      const listed = [...section.split(/\n\S/)[0].matchAll(/^ {2}(\d+)\s+\S/gm)].map((match) => match[1]);
      expect(listed).to.deep.equal(errorCodes[command]);
    });
  }

  for (const command of ['plan', 'diff']) {
    it(`Given postdeploy ${command} --help, Then it offers no --state-dir, which it does not use`, async () => {
      const { stdout } = await helpOf(home, command);
      expect(stdout).to.not.include('--state-dir');
    });
  }

  it('Given diff --help, Then the usage line has no empty alternatives', async () => {
    const { stdout } = await helpOf(home, 'diff');
    const usage = stdout.slice(stdout.indexOf('USAGE'), stdout.indexOf('FLAGS'));
    expect(usage).to.not.match(/\|\s*\]/);
    expect(usage).to.include('--plan-file');
  });

  it('Given rollback --help, Then -o speaks of the apply, and the --apply-id example looks like a real apply id', async () => {
    const { stdout } = await helpOf(home, 'rollback');
    const targetOrg = stdout.slice(stdout.indexOf('-o, --target-org'), stdout.indexOf('--apply-id=')).replace(/\s+/g, ' ');
    expect(targetOrg).to.include('recorded by the apply');
    expect(targetOrg).to.not.include('plan');
    const examples = stdout.slice(stdout.indexOf('EXAMPLES'), stdout.indexOf('FLAG DESCRIPTIONS'));
    const ids = [...examples.replace(/\\\n\s*/g, '').matchAll(/--apply-id (\S+)/g)].map((match) => match[1]);
    expect(ids.length).to.be.greaterThan(0);
    for (const id of ids) expect(id).to.match(/^\d{8}-\d{6}Z-[a-z0-9]{4}$/);
  });

  it('Given apply --help, Then --test-level says what is really sent without the flag', async () => {
    const { stdout } = await helpOf(home, 'apply');
    expect(stdout.replace(/\s+/g, ' ')).to.include('no test level is sent and each org decides').and.include('Production orgs refuse NoTestRun');
  });

  it('Given plan --help, Then the short flags -r, -o, -m and -x are shown', async () => {
    const { stdout } = await helpOf(home, 'plan');
    for (const short of ['-r, --reference-org', '-o, --target-org', '-m, --metadata', '-x, --manifest']) {
      expect(stdout).to.include(short);
    }
  });

  it('Given apply --plan-file x.json --json, Then it exits 1 with a JSON error that has a name and actions', async () => {
    const { status, stdout, stderr } = await runCli(home, ['postdeploy', 'apply', '--plan-file', 'x.json', '--json']);
    expect(status).to.equal(1);
    expect(stderr).to.not.match(stackFrame);
    const error = JSON.parse(stdout) as { name: string; status: number; message: string; actions: string[] };
    expect(error.name).to.equal('PlanNotFoundError');
    expect(error.status).to.equal(1);
    expect(error.message).to.equal('The plan file "x.json" cannot be read.');
    expect(error.actions.join(' ')).to.include('sf postdeploy plan');
  });

  it('Given apply without --json, Then it prints the error and its actions, without a stack trace', async () => {
    const { status, stdout, stderr } = await runCli(home, ['postdeploy', 'apply', '--plan-file', 'x.json']);
    expect(status).to.equal(1);
    expect(stderr).to.include('PlanNotFoundError');
    expect(stderr).to.include('sf postdeploy plan --reference-org');
    expect(stderr + stdout).to.not.match(stackFrame);
  });

  it('Given rollback with neither --apply-id nor --latest, Then it exits 2 (usage error) and names both flags', async () => {
    const { status, stderr } = await runCli(home, ['postdeploy', 'rollback']);
    expect(status).to.equal(2);
    expect(stderr).to.include('--apply-id').and.to.include('--latest');
  });

  it('Given plan with both --reference-org and --reference-dir, Then it exits 2', async () => {
    const { status } = await runCli(home, ['postdeploy', 'plan', '-r', 'prod', '--reference-dir', home]);
    expect(status).to.equal(2);
  });
});
