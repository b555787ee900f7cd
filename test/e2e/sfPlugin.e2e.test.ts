/*
 * The plugin inside the real sf CLI (the project's @salesforce/cli 2.146.3), as a user runs it after
 * `sf plugins link`: help and the command list, then plan, diff, apply and rollback against emulated
 * orgs logged in with `sf org login access-token`, every `--json` result validated against
 * schemas/postdeploy-<command>.json. Nothing is installed globally; the sf state lives in a temp HOME.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Ajv, AnySchema, ValidateFunction } from 'ajv';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { PROJECT_ROOT, ProcessResult, runSf } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';
import { readPlanIn } from '../helpers/planFiles.js';
import { PlanFile } from '../../src/plan/planTypes.js';

const SEED = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'source-org');
const COMMANDS = ['plan', 'diff', 'apply', 'rollback', 'history'] as const;
type Command = (typeof COMMANDS)[number];
const REFERENCE = 'prod';
/** `drifted` lost a layout item; `clean` equals the reference. */
const TARGETS = ['drifted', 'clean'] as const;
const SELECTION = ['--metadata', 'Layout:Account-Account Layout', '--metadata', 'GlobalValueSet:Regions'];

type JsonOutput = { status: number; result?: Record<string, unknown>; warnings?: unknown[]; name?: string; message?: string };

describe('the plugin in the real sf CLI (sf plugins link)', function () {
  // a guard against a hung process, not a speed goal: `sf commands` loads every plugin's manifest and
  // took over 60 s on a loaded machine
  this.timeout(300_000);

  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let work: string;
  let stateDir: string;
  let validators: Record<Command, ValidateFunction>;

  const sf = (args: string[], extraEnv: Record<string, string> = {}): Promise<ProcessResult> =>
    runSf(args, { env: childEnv(sfHome.home, extraEnv), cwd: work, timeoutMs: 240_000 });

  const parseJson = (result: ProcessResult, what: string): JsonOutput => {
    try {
      return JSON.parse(result.stdout) as JsonOutput;
    } catch {
      throw new Error(`${what} printed no JSON (exit ${String(result.code)}):\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
    }
  };

  /** Runs `sf postdeploy <command> ... --json`, checks the exit code and validates the result against its schema. */
  const postdeploy = async (command: Command, args: string[], expectedCode: number): Promise<Record<string, unknown>> => {
    const ran = await sf(['postdeploy', command, ...args, '--json']);
    const json = parseJson(ran, command);
    expect(ran.code, `${command} ${args.join(' ')}\n${ran.stdout}\n${ran.stderr}`).to.equal(expectedCode);
    expect(json.status).to.equal(expectedCode);
    expect(json.warnings ?? []).to.be.an('array');
    const validate = validators[command];
    expect(validate(json.result), `${command} --json result does not match schemas/postdeploy-${command}.json: ${JSON.stringify(validate.errors)}`).to.equal(true);
    return json.result!;
  };

  const readPlan = (file: string): PlanFile => readPlanIn(work, file);

  before(async () => {
    expect(existsSync(join(PROJECT_ROOT, 'lib', 'commands', 'postdeploy', 'plan.js')), 'lib/ is missing: run `npm run build` (npm test does)').to.equal(true);
    validators = Object.fromEntries(
      COMMANDS.map((command) => [command, new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(PROJECT_ROOT, 'schemas', `postdeploy-${command}.json`), 'utf8')) as AnySchema)])
    ) as Record<Command, ValidateFunction>;

    sfHome = useIsolatedSfHome();
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-sfplugin-'));
    stateDir = join(work, 'state');
    emulator = await startEmulator({ orgs: Object.fromEntries([REFERENCE, ...TARGETS].map((alias) => [alias, SEED])), jobMs: 20, login: false });
    const admin = new EmulatorAdmin(emulator.url);
    const layout = (await admin.component('drifted', 'Layout', 'Account-Account Layout'))!;
    const response = await admin.putComponent('drifted', 'Layout', 'Account-Account Layout', layout.replace(/<layoutItems>\s*<behavior>Edit<\/behavior>\s*<field>Tier__c<\/field>\s*<\/layoutItems>/, ''));
    expect(response.ok).to.equal(true);

    const linked = await sf(['plugins', 'link', PROJECT_ROOT, '--no-install']);
    expect(linked.code, linked.stdout + linked.stderr).to.equal(0);
    // one at a time: each login rewrites the same auth and alias files
    for (const alias of [REFERENCE, ...TARGETS]) {
      // eslint-disable-next-line no-await-in-loop
      const login = await sf(['org', 'login', 'access-token', '--instance-url', emulator.url, '--alias', alias, '--no-prompt', '--json'], { SF_ACCESS_TOKEN: emulator.accessToken(alias) });
      expect(login.code, login.stdout + login.stderr).to.equal(0);
    }
  });

  after(async () => {
    await emulator?.stop();
    sfHome?.restore();
  });

  it('Given the linked plugin, When sf postdeploy --help runs, Then it lists the five commands', async () => {
    const help = await sf(['postdeploy', '--help']);
    expect(help.code, help.stderr).to.equal(0);
    for (const command of COMMANDS) expect(help.stdout).to.match(new RegExp(`postdeploy ${command}\\s`));
  });

  it('Given the linked plugin, When sf commands --json runs, Then the five commands come from sf-postdeploy', async () => {
    const ran = await sf(['commands', '--json']);
    expect(ran.code, ran.stderr).to.equal(0);
    const commands = JSON.parse(ran.stdout) as Array<{ id: string; pluginName?: string }>;
    const ours = commands.filter((c) => c.id.startsWith('postdeploy:'));
    expect(ours.map((c) => c.id).sort()).to.deep.equal(['postdeploy:apply', 'postdeploy:diff', 'postdeploy:history', 'postdeploy:plan', 'postdeploy:rollback']);
    expect(ours.every((c) => c.pluginName === 'sf-postdeploy')).to.equal(true);
  });

  describe('with target-org set in the sf config', () => {
    before(async () => {
      const set = await sf(['config', 'set', 'target-org', 'drifted', '--global', '--json']);
      expect(set.code, set.stdout + set.stderr).to.equal(0);
    });

    it('Given no reference flag, When plan runs, Then it exits 2 asking for --reference-org or --reference-dir (the config is never the reference)', async () => {
      const ran = await sf(['postdeploy', 'plan', ...SELECTION, '--output-file', 'no-reference.json', '--json']);
      expect(ran.code, ran.stdout + ran.stderr).to.equal(2);
      const output = ran.stdout + ran.stderr;
      expect(output).to.include('--reference-org').and.to.include('--reference-dir');
      expect(existsSync(join(work, 'no-reference.json'))).to.equal(false);
    });

    it('Given no --target-org, When plan runs with --fail-on-drift, Then it plans the configured org and exits 3 for its drift', async () => {
      const result = await postdeploy('plan', ['--reference-org', REFERENCE, ...SELECTION, '--fail-on-drift', '--output-file', 'configured.json'], 3);
      expect(result).to.include({ drift: true, planFile: 'configured.json' });
      const plan = readPlan('configured.json');
      expect(plan.reference).to.include({ kind: 'org', orgId: emulator.orgs[REFERENCE].orgId });
      expect(plan.targets.map((t) => t.orgId)).to.deep.equal([emulator.orgs.drifted.orgId]);
      // inside sf, the CLI's own package.json is config.pjson: the plan must name the plugin
      expect(plan.tool.name).to.equal('sf-postdeploy');
    });
  });

  describe('usage errors inside sf', () => {
    const usageCases: Array<[string, string[]]> = [
      ['--mode replace', ['postdeploy', 'plan', '-r', REFERENCE, '-o', 'drifted', '--mode', 'replace']],
      ['--delete-extra without --mode overwrite', ['postdeploy', 'plan', '-r', REFERENCE, '-o', 'drifted', '--delete-extra']],
      ['apply without --plan-file', ['postdeploy', 'apply']],
      ['--test-level RunSpecifiedTests without --tests', ['postdeploy', 'apply', '--plan-file', 'x.json', '--test-level', 'RunSpecifiedTests']],
    ];
    for (const [name, args] of usageCases) {
      it(`Given ${name}, When sf runs it, Then it exits 2 (usage error), with --json and without`, async () => {
        const plain = await sf(args);
        expect(plain.code, plain.stdout + plain.stderr).to.equal(2);
        const json = await sf([...args, '--json']);
        expect(json.code, json.stdout + json.stderr).to.equal(2);
        expect(parseJson(json, name).status).to.equal(2);
      });
    }

    it('Given a mistyped alias close to a logged-in one, When plan runs, Then the error carries sf\'s own "Did you mean"', async () => {
      const ran = await sf(['postdeploy', 'plan', '-r', REFERENCE, '-o', 'drifed', ...SELECTION, '--json']);
      expect(ran.code).to.equal(1);
      const json = parseJson(ran, 'plan') as JsonOutput & { actions?: string[] };
      expect(json.name).to.equal('UnknownOrgError');
      expect(json.actions?.join('\n')).to.include('Did you mean "drifted"?');
    });
  });

  describe('shards, then diff, apply and rollback of the drifting shard', () => {
    const shardFiles = ['shard-1.json', 'shard-2.json'];
    let driftingPlan: string;

    before(async () => {
      const targets = TARGETS.flatMap((t) => ['--target-org', t]);
      for (const [index, file] of shardFiles.entries()) {
        // eslint-disable-next-line no-await-in-loop
        const ran = await sf(['postdeploy', 'plan', '--reference-org', REFERENCE, ...targets, ...SELECTION, '--shard', `${index + 1}/2`, '--fail-on-drift', '--output-file', file, '--json']);
        const json = parseJson(ran, `plan --shard ${index + 1}/2`);
        expect(validators.plan(json.result), JSON.stringify(validators.plan.errors)).to.equal(true);
        // exit 3 exactly for the shard holding the drifting org
        const drifting = readPlan(file).targets.some((t) => t.orgId === emulator.orgs.drifted.orgId);
        expect(ran.code, ran.stdout + ran.stderr).to.equal(drifting ? 3 : 0);
        if (drifting) driftingPlan = join(work, file);
      }
    });

    it('Given --shard 1/2 and 2/2 over the same targets, Then the shards split them with no overlap and full coverage', () => {
      const shards = shardFiles.map((file) => readPlan(file).targets.map((t) => t.orgId!));
      for (const shard of shards) expect(shard).to.have.length(1);
      expect([...shards[0], ...shards[1]].sort()).to.deep.equal(TARGETS.map((t) => emulator.orgs[t].orgId).sort());
      expect(shardFiles.map((file) => readPlan(file).shard)).to.deep.equal([
        { index: 1, count: 2 },
        { index: 2, count: 2 },
      ]);
    });

    it('Given the drifting shard, When diff runs on its plan file, Then it lists the drift and writes the Markdown report (exit 0)', async () => {
      const result = await postdeploy('diff', ['--plan-file', driftingPlan, '--markdown-file', 'report.md'], 0);
      expect(result).to.include({ source: 'plan-file', drift: true });
      expect(result.reports).to.deep.equal({ markdownFile: 'report.md' });
      expect(readFileSync(join(work, 'report.md'), 'utf8')).to.include('Account-Account Layout');
    });

    it('Given the drifting shard, When apply runs, Then the org is deployed (exit 0)', async () => {
      const result = await postdeploy('apply', ['--plan-file', driftingPlan, '--state-dir', stateDir], 0);
      const targets = result.targets as Array<{ orgId: string; status: string }>;
      expect(targets.map((t) => [t.orgId, t.status])).to.deep.equal([[emulator.orgs.drifted.orgId, 'deployed']]);
    });

    it('Given the apply, When rollback --latest runs, Then the org is rolled back (exit 0)', async () => {
      const result = await postdeploy('rollback', ['--latest', '--state-dir', stateDir], 0);
      const targets = result.targets as Array<{ orgId: string; status: string }>;
      expect(targets.map((t) => [t.orgId, t.status])).to.deep.equal([[emulator.orgs.drifted.orgId, 'rolled-back']]);
    });

    it('Given the apply and its rollback, When history runs, Then it lists the apply as rolled back (exit 0)', async () => {
      const result = await postdeploy('history', ['--state-dir', stateDir], 0);
      const applies = result.applies as Array<{ rolledBack: string; targets: Array<{ orgId: string }> }>;
      expect(applies.map((a) => a.rolledBack)).to.deep.equal(['yes']);
      expect(applies[0].targets.map((t) => t.orgId)).to.deep.equal([emulator.orgs.drifted.orgId]);
    });
  });
});
