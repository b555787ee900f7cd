/*
 * examples/github-actions/postdeploy.yml, run as GitHub Actions would run it (an act-like runner):
 * the file is parsed, each job's shell steps run with `bash -eo pipefail` in a fresh workspace,
 * `${{ }}` expressions are substituted (secrets and vars included), artifacts are uploaded and
 * downloaded with actions/upload-artifact's layout, against emulated orgs through the real sf CLI
 * and the plugin installed from its packed tarball. Two shims stand in for what the emulator does
 * not serve: `sf org login jwt` becomes `sf org login access-token` (recording the login URL each
 * org was asked for), and npm does not reach the registry (the plugin's dependencies are the
 * project's).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { APPLY_FIXTURES, SEED } from '../helpers/applyFleet.js';
import { PROJECT_ROOT, ProcessResult, SF_BIN, run } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';

const WORKFLOW = join(PROJECT_ROOT, 'examples', 'github-actions', 'postdeploy.yml');

type Step = { name?: string; id?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, string>; 'continue-on-error'?: boolean };
type Job = { if?: string; env?: Record<string, string>; steps: Step[]; strategy?: { matrix?: { shard?: number[] } } };
type Workflow = { env: Record<string, string>; jobs: Record<string, Job>; defaults?: { run?: { shell?: string } } };
type Context = Record<string, unknown>;
/** `github.event_name` of a run (the key is GitHub's spelling). */
const onEvent = (name: string): Context => ({ github: { ['event_name']: name } });
type StepRun = { name: string; code: number | null; output: string };
type JobRun = { steps: StepRun[]; summary: string; failed: boolean; cancelled: boolean };
/** Cancelling a run as GitHub does: SIGINT to the step's processes once `when` holds during the step named `step`. */
type Cancel = { step: string; when: () => boolean };

/** `a.b.c || 'literal'`: the first operand that is set, as GitHub's expressions read them. */
function evaluate(expression: string, context: Context): string {
  for (const operand of expression.split('||').map((part) => part.trim())) {
    const literal = /^'(.*)'$/.exec(operand);
    if (literal) return literal[1];
    const value = operand.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), context);
    if (value !== undefined && value !== null && value !== '') return String(value);
  }
  return '';
}

const substitute = (text: string, context: Context): string => text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, expression: string) => evaluate(expression, context));

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((entry) => filesUnder(join(path, entry)));
}

/** actions/upload-artifact: the files of every path, relative to the paths' least common ancestor. */
function uploadArtifact(paths: string[]): Map<string, Buffer> {
  const existing = paths.filter((path) => existsSync(path));
  const files = new Map<string, Buffer>();
  if (existing.length === 0) return files;
  let root = existing.length === 1 && statSync(existing[0]).isDirectory() ? existing[0] : dirname(existing[0]);
  for (const path of existing) while (relative(root, path).startsWith('..')) root = dirname(root);
  for (const file of existing.flatMap(filesUnder)) files.set(relative(root, file), readFileSync(file));
  return files;
}

describe('examples/github-actions/postdeploy.yml run against the emulator', function () {
  this.timeout(900_000);
  const workflow = parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;
  const artifacts = new Map<string, Map<string, Buffer>>();
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let root: string;
  let shims: string;
  let jwtLog: string;
  let tarball: { url: string; sha256: string };
  /** the matrix shard whose plan job planned uat (the split is the plugin's and stable) */
  let uatShard: number | undefined;
  let customerShard: number | undefined;
  /** the shard whose apply was rolled back by hand: its target drifts again as its reviewed plan expects */
  let rolledBackShard = 0;

  const secrets = { SF_CLIENT_ID: 'connected-app-consumer-key', SF_JWT_KEY: '-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n-----END PRIVATE KEY-----' };
  const vars = { SF_REFERENCE_USERNAME: 'prod@emulator.test' };

  /** actions/upload-artifact and actions/download-artifact, with a store in memory. */
  function artifactStep(uses: string, inputs: Record<string, string>, workspace: string): number {
    if (uses.startsWith('actions/upload-artifact')) {
      const files = uploadArtifact(inputs.path.split('\n').map((line) => line.trim()).filter(Boolean).map((path) => resolve(workspace, path)));
      if (files.size > 0) artifacts.set(inputs.name, files);
      return 0;
    }
    const files = artifacts.get(inputs.name);
    for (const [path, content] of files ?? []) {
      const target = join(workspace, inputs.path ?? '.', path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    return files ? 0 : 1;
  }

  /** A step's script as the runner starts it: its own process group, so that a cancel reaches every process of it. */
  function runStep(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }, cancel?: Cancel & { onCancel: () => void }): Promise<ProcessResult> {
    return new Promise((done, fail) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: options.cwd, env: options.env, detached: true });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const timer = setTimeout(() => {
        process.kill(-child.pid!, 'SIGKILL');
        fail(new Error(`step did not finish within 300 s\n${stdout}\n${stderr}`));
      }, 300_000);
      const poll = cancel
        ? setInterval(() => {
            if (!cancel.when()) return;
            clearInterval(poll);
            cancel.onCancel();
            process.kill(-child.pid!, 'SIGINT');
          }, 50)
        : undefined;
      child.on('error', fail);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (poll) clearInterval(poll);
        done({ code, stdout, stderr });
      });
    });
  }

  /** After a cancel only `always()` steps run; after a failure `!cancelled()` ones too. */
  const runsAfter = (step: Step, outcome: { failed: boolean; cancelled: boolean }): boolean => {
    const condition = step.if ?? '';
    if (outcome.cancelled) return condition.includes('always()');
    return !outcome.failed || condition.includes('!cancelled()') || condition.includes('always()');
  };

  async function runJob(name: string, context: Context, options: { env?: Record<string, string>; cancel?: Cancel } = {}): Promise<JobRun> {
    const job = workflow.jobs[name];
    const workspace = mkdtempSync(join(root, `${name}-`));
    cpSync(join(root, 'repo'), workspace, { recursive: true });
    const runnerTemp = mkdtempSync(join(root, 'runner-temp-'));
    const summaryFile = join(runnerTemp, 'summary.md');
    writeFileSync(summaryFile, '');
    const full: Context = { ...context, secrets, vars, runner: { os: 'Linux' }, github: { token: 'github-token', ...(context.github as object) } };
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...workflow.env, ...job.env })) env[key] = substitute(String(value), { ...full, env });
    // the release tarball of the plugin: what the workflow pins, here the one packed from this checkout
    Object.assign(env, { POSTDEPLOY_TARBALL_URL: tarball.url, POSTDEPLOY_TARBALL_SHA256: tarball.sha256 });
    full.env = env;
    const steps: StepRun[] = [];
    let failed = false;
    let cancelled = false;
    for (const step of job.steps) {
      const title = substitute(step.name ?? step.uses ?? step.id ?? 'step', full);
      if (!runsAfter(step, { failed, cancelled })) continue;
      const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, substitute(String(value), full)]));
      if (/^actions\/(upload|download)-artifact@/.test(step.uses ?? '')) {
        const code = artifactStep(step.uses!, inputs, workspace);
        steps.push({ name: title, code, output: code === 0 ? '' : `no artifact ${inputs.name}` });
        if (code !== 0 && !step['continue-on-error']) failed = true;
        continue;
      }
      // checkout (the workspace is the repository), setup-node (this Node), cache (a cold cache)
      if (!step.run) continue;
      const script = join(runnerTemp, `step-${steps.length}.sh`);
      writeFileSync(script, substitute(step.run, full));
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, substitute(String(value), full)]));
      // eslint-disable-next-line no-await-in-loop
      const result: ProcessResult = await runStep(script, {
        cwd: workspace,
        env: {
          ...childEnv(sfHome.home),
          PATH: `${shims}:${process.env.PATH ?? ''}`,
          ...env,
          ...stepEnv,
          RUNNER_TEMP: runnerTemp,
          GITHUB_STEP_SUMMARY: summaryFile,
          GITHUB_OUTPUT: join(runnerTemp, 'output'),
          GITHUB_PATH: join(runnerTemp, 'path'),
          JWT_LOG: jwtLog,
          EMULATOR_URL: emulator.url,
          TOKENS: join(root, 'tokens'),
          REAL_SF: SF_BIN,
          PROJECT_NODE_MODULES: join(PROJECT_ROOT, 'node_modules'),
          ...options.env,
        },
      }, options.cancel && title.startsWith(options.cancel.step) ? { ...options.cancel, onCancel: () => (cancelled = true) } : undefined);
      steps.push({ name: title, code: result.code, output: result.stdout + result.stderr });
      if (result.code !== 0) failed = true;
    }
    return { steps, summary: readFileSync(summaryFile, 'utf8'), failed, cancelled };
  }

  const stepNamed = (job: JobRun, prefix: string): StepRun => {
    const found = job.steps.find((step) => step.name.startsWith(prefix));
    if (!found) throw new Error(`no step "${prefix}" ran:\n${job.steps.map((s) => `${s.name}: ${String(s.code)}\n${s.output}`).join('\n')}`);
    return found;
  };
  /** The shards whose state artifact records a deployed target. */
  const deployedShards = (): string[] =>
    [...artifacts.entries()]
      .filter(([name, files]) => name.startsWith('postdeploy-state-') && [...files.values()].some((content) => content.toString('utf8').includes('"state": "deployed"')))
      .map(([name]) => name.replace('postdeploy-state-', ''));
  const explain = (job: JobRun): string => job.steps.map((s) => `--- ${s.name} (exit ${String(s.code)})\n${s.output}`).join('\n');

  before(async () => {
    expect(existsSync(join(PROJECT_ROOT, 'lib', 'commands', 'postdeploy', 'plan.js')), 'lib/ is missing: run `npm run build`').to.equal(true);
    sfHome = useIsolatedSfHome();
    root = mkdtempSync(join(tmpdir(), 'sf-postdeploy-ci-'));
    emulator = await startEmulator({ orgs: { prod: SEED, customer: SEED, uat: SEED }, jobMs: 20, login: false });
    admin = new EmulatorAdmin(emulator.url);
    const drifted = readFileSync(join(APPLY_FIXTURES, 'target', 'Layout', 'Account-Account Layout.xml'), 'utf8');
    for (const alias of ['customer', 'uat']) {
      // eslint-disable-next-line no-await-in-loop
      expect((await admin.putComponent(alias, 'Layout', 'Account-Account Layout', drifted)).ok).to.equal(true);
    }
    writeFileSync(join(root, 'tokens'), ['prod', 'customer', 'uat'].map((alias) => `${alias}@emulator.test ${emulator.accessToken(alias)}`).join('\n') + '\n');
    jwtLog = join(root, 'jwt-logins.txt');
    writeFileSync(jwtLog, '');

    mkdirSync(join(root, 'repo', 'config'), { recursive: true });
    writeFileSync(
      join(root, 'repo', 'config', 'postdeploy-orgs.txt'),
      '# the orgs the release reaches\ncustomer@emulator.test   https://login.salesforce.com   # a customer production org\nuat@emulator.test        https://test.salesforce.com    # the UAT sandbox\n'
    );

    shims = join(root, 'shims');
    mkdirSync(shims);
    writeFileSync(
      join(shims, 'sf'),
      `#!/bin/bash
if [ "$1 $2 $3" = "org login jwt" ]; then
  shift 3; user=; url=; alias=
  while [ $# -gt 0 ]; do case "$1" in --username) user=$2; shift 2;; --instance-url) url=$2; shift 2;; --alias) alias=$2; shift 2;; *) shift;; esac; done
  echo "$user $url" >> "$JWT_LOG"
  if [ -n "$FAIL_LOGIN" ] && [ "$user" = "$FAIL_LOGIN" ]; then echo "ERROR: user hasn't approved this consumer (expired certificate)" >&2; exit 1; fi
  token=$(awk -v u="$user" '$1 == u { print $2 }' "$TOKENS")
  [ -n "$token" ] || { echo "no such user $user" >&2; exit 1; }
  SF_ACCESS_TOKEN="$token" exec "$REAL_SF" org login access-token --instance-url "$EMULATOR_URL" --no-prompt \${alias:+--alias "$alias"}
fi
exec "$REAL_SF" "$@"
`
    );
    writeFileSync(
      join(shims, 'npm'),
      `#!/bin/bash
case "$1 $2" in
  "config set") exit 0 ;;
  "install --omit=dev") ln -s "$PROJECT_NODE_MODULES" node_modules; exit 0 ;;
esac
echo "npm $* would reach the registry" >&2; exit 1
`
    );
    chmodSync(join(shims, 'sf'), 0o755);
    chmodSync(join(shims, 'npm'), 0o755);

    // the package as `npm pack` stages it after prepack (the build is there already): its files and the
    // lockfile the shrinkwrap script writes, in a copy, so that nothing is written into the checkout
    const staged = join(root, 'package');
    const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { files: string[] };
    for (const entry of [...manifest.files.map((f) => f.replace(/^\//, '')), 'package.json', 'README.md']) {
      if (existsSync(join(PROJECT_ROOT, entry))) cpSync(join(PROJECT_ROOT, entry), join(staged, entry), { recursive: true });
    }
    execFileSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'shrinkwrap.mjs'), staged]);
    const packed = execFileSync('npm', ['pack', staged, '--ignore-scripts', '--silent', '--pack-destination', root], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!;
    const file = join(root, packed);
    tarball = { url: `file://${file}`, sha256: createHash('sha256').update(readFileSync(file)).digest('hex') };
  });

  after(async () => {
    await emulator?.stop();
    sfHome?.restore();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('Given the packed plugin, Then it carries npm-shrinkwrap.json locking the dependencies package.json names, without the workspace packages', () => {
    const file = tarball.url.replace('file://', '');
    const unpacked = mkdtempSync(join(root, 'unpacked-'));
    execFileSync('tar', ['-xzf', file, '-C', unpacked, '--strip-components', '1']);
    const shrinkwrap = JSON.parse(readFileSync(join(unpacked, 'npm-shrinkwrap.json'), 'utf8')) as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
    const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(shrinkwrap.packages[''].dependencies).to.deep.equal(manifest.dependencies);
    for (const name of Object.keys(manifest.dependencies)) expect(shrinkwrap.packages[`node_modules/${name}`]?.version, name).to.match(/^\d+\.\d+\.\d+/);
    expect(Object.keys(shrinkwrap.packages).filter((path) => path.includes('org-emulator') || path.startsWith('packages/'))).to.deep.equal([]);
  });

  it('Given the workflow file, Then it pins the sf CLI and the plugin tarball by version and checksum, and caches the sf CLI', () => {
    expect(workflow.env.SF_CLI_VERSION).to.match(/^\d+\.\d+\.\d+$/);
    expect(workflow.env.POSTDEPLOY_VERSION).to.match(/^\d+\.\d+\.\d+$/);
    for (const job of ['plan', 'apply', 'rollback']) {
      const steps = workflow.jobs[job].steps;
      const install = steps.find((step) => step.name === 'Install the sf CLI and the plugin')!;
      expect(install.run).to.include('sha256sum --check').and.to.include('@salesforce/cli@"$SF_CLI_VERSION"').and.not.include('sf plugins install sf-postdeploy');
      const cache = steps.find((step) => step.uses?.startsWith('actions/cache'))!;
      // a re-released tarball of the same version must not be served from the cache
      expect(cache.with!.key).to.include('${{ env.POSTDEPLOY_TARBALL_SHA256 }}');
    }
  });

  describe('pull request, merge, then a rollback by hand', () => {
    const shards = [1, 2, 3, 4];
    const planned: JobRun[] = [];

    it('Given a pull request, When the plan job runs for each shard, Then every target is planned once and each job summary holds its drift report', async () => {
      for (const shard of shards) {
        // eslint-disable-next-line no-await-in-loop
        planned.push(await runJob('plan', { matrix: { shard }, ...onEvent('pull_request') }));
      }
      for (const job of planned) expect(job.failed, explain(job)).to.equal(false);
      for (const target of ['customer@emulator.test', 'uat@emulator.test']) {
        expect(planned.filter((job) => job.summary.includes(target)), target).to.have.length(1);
      }
      expect(planned.every((job) => job.summary.includes('drift report'))).to.equal(true);
      expect(shards.every((shard) => artifacts.has(`postdeploy-plan-${shard}`))).to.equal(true);
      uatShard = shards[planned.findIndex((job) => job.summary.includes('uat@emulator.test'))];
      customerShard = shards[planned.findIndex((job) => job.summary.includes('customer@emulator.test'))];
    });

    it('Given the JWT logins, Then each org was asked for at its own login URL: production at login, the sandbox at test', () => {
      const logins = new Set(readFileSync(jwtLog, 'utf8').trim().split('\n'));
      expect([...logins].sort()).to.deep.equal([
        'customer@emulator.test https://login.salesforce.com',
        'prod@emulator.test https://login.salesforce.com',
        'uat@emulator.test https://test.salesforce.com',
      ]);
    });

    it('Given the merge, When the apply job runs for each shard with the reviewed plans, Then both orgs are corrected and the state folders are kept', async () => {
      const before = await admin.component('uat', 'Layout', 'Account-Account Layout');
      for (const shard of shards) {
        // eslint-disable-next-line no-await-in-loop
        const job = await runJob('apply', { matrix: { shard }, ...onEvent('push'), needs: { 'find-plans': { outputs: { 'run-id': '42' } } } });
        expect(job.failed, explain(job)).to.equal(false);
      }
      expect(await admin.component('uat', 'Layout', 'Account-Account Layout')).to.not.equal(before);
      expect(deployedShards()).to.have.length(2);
    });

    it('Given a state artifact, When the rollback job runs with its shard, Then the download round-trips to --state-dir and the org is rolled back', async () => {
      const shard = deployedShards()[0];
      rolledBackShard = Number(shard);
      const job = await runJob('rollback', { inputs: { 'run-id': '42', shard, 'apply-id': '' }, ...onEvent('workflow_dispatch') });
      expect(job.failed, explain(job)).to.equal(false);
      const rolled = stepNamed(job, 'Roll back shard');
      expect(rolled.output).to.match(/rolled-back/);
      expect(rolled.output).to.include('State folder:');
    });
  });


  describe('a plan with a failed target', () => {
    it('Given a target that cannot be read at plan time, When the plan job runs, Then the job summary is still written and the job fails', async () => {
      await admin.fault({ org: 'uat', fault: 'malformedComponent', component: 'Layout:Account-Account Layout', count: 20 });
      try {
        const jobs: JobRun[] = [];
        // the shard that plans uat is the one that fails; the other shards' jobs are those above
        for (const shard of uatShard ? [uatShard] : [1, 2, 3, 4]) {
          // eslint-disable-next-line no-await-in-loop
          jobs.push(await runJob('plan', { matrix: { shard }, ...onEvent('pull_request') }));
        }
        const broken = jobs.find((job) => job.summary.includes('uat'));
        expect(broken, jobs.map(explain).join('\n')).to.not.equal(undefined);
        expect(broken!.failed).to.equal(true);
        // the shard's only target failed: 1 (68 when other targets of the shard could be read)
        expect(stepNamed(broken!, 'Plan shard').code).to.be.oneOf([1, 68]);
        expect(stepNamed(broken!, 'Drift report').code).to.be.oneOf([1, 68]);
        expect(broken!.summary).to.include('drift report');
      } finally {
        await admin.reset();
      }
    });
  });
  describe('a bad day', () => {
    it('Given the apply job cancelled (SIGINT) while a deploy is under way, Then the deploy ends and is journaled, the state folder is kept (always()) and the job summary says what the apply did', async () => {
      expect(rolledBackShard).to.be.greaterThan(0);
      artifacts.delete(`postdeploy-state-${rolledBackShard}`);
      let workspaceState = '';
      const earlier = new Set(readdirSync(root));
      emulator.state.options.jobMs = 1500;
      let job: JobRun;
      try {
        job = await runJob('apply', { matrix: { shard: rolledBackShard }, ...onEvent('push'), needs: { 'find-plans': { outputs: { 'run-id': '42' } } } }, {
          cancel: {
            step: 'Apply shard',
            when: () => {
              // the apply's journal in the job's workspace, once a target is deploying
              workspaceState ||= readdirSync(root).filter((d) => d.startsWith('apply-') && !earlier.has(d)).map((d) => join(root, d, 'state', 'applies')).find((dir) => existsSync(dir)) ?? '';
              if (!workspaceState) return false;
              return readdirSync(workspaceState).some((id) => {
                try {
                  return readFileSync(join(workspaceState, id, 'journal.json'), 'utf8').includes('"state": "deploying"');
                } catch {
                  return false;
                }
              });
            },
          },
        });
      } finally {
        emulator.state.options.jobMs = 20;
      }
      expect(job.cancelled, explain(job)).to.equal(true);
      expect(stepNamed(job, 'Apply shard').code, explain(job)).to.equal(130);
      const kept = artifacts.get(`postdeploy-state-${rolledBackShard}`);
      expect(kept, explain(job)).to.not.equal(undefined);
      const journal = [...kept!.entries()].find(([path]) => path.endsWith('journal.json'));
      expect(journal, [...kept!.keys()].join(', ')).to.not.equal(undefined);
      expect(journal![1].toString('utf8')).to.include('"state": "deployed"');
      const { applyId } = JSON.parse(journal![1].toString('utf8')) as { applyId: string };
      expect(job.summary).to.include(`sf postdeploy apply, shard ${rolledBackShard}/4`).and.include(applyId);
    });

    it('Given one target org whose login fails, When the plan jobs of its shard and another run, Then only its shard fails; the other plans', async () => {
      // a runner starts with no sf logins: the one uat had from the jobs above goes, as a fresh runner's would
      const logout = await run(SF_BIN, ['org', 'logout', '--target-org', 'uat@emulator.test', '--no-prompt'], { env: childEnv(sfHome.home) });
      expect(logout.code, logout.stdout + logout.stderr).to.equal(0);
      // uat's shard and customer's: every shard logs in to every target, so the empty shards behave as customer's
      const jobs = new Map<number, JobRun>();
      for (const shard of [...new Set([uatShard!, customerShard!])]) {
        // eslint-disable-next-line no-await-in-loop
        jobs.set(shard, await runJob('plan', { matrix: { shard }, ...onEvent('pull_request') }, { env: { FAIL_LOGIN: 'uat@emulator.test' } }));
      }
      expect(jobs.size, 'uat and customer fall to two shards').to.equal(2);
      const failed = [...jobs.entries()].filter(([, job]) => job.failed).map(([shard]) => shard);
      expect(failed, [...jobs.values()].map(explain).join('\n')).to.deep.equal([uatShard]);
      const broken = jobs.get(uatShard!)!;
      expect(stepNamed(broken, 'Log in').code).to.equal(0);
      expect(stepNamed(broken, 'Log in').output).to.include('login to uat@emulator.test failed');
      expect(stepNamed(broken, 'Plan shard').code).to.be.oneOf([1, 68]);
      expect([...jobs.values()].filter((job) => job.summary.includes('customer@emulator.test'))).to.have.length(1);
    });
  });
});
