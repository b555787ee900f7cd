/*
 * Release night with the real plugin (bin/run.js) against one emulator: Ctrl-C between release
 * steps, resuming and re-applying after a rollback, the history of applies with steps, and a
 * resumed apply that keeps its waves and failure budget. One emulator serves every scenario, each
 * with its own orgs.
 */
/* eslint-disable no-await-in-loop */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { jsonOutput, REFERENCE, RUN, SEED, seedDrift } from '../helpers/applyFleet.js';
import { PROJECT_ROOT, ProcessResult, run } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';
import type { ApplyResult } from '../../src/apply/applier.js';
import type { PostdeployRollbackResult } from '../../src/commands/postdeploy/rollback.js';
import type { PostdeployHistoryResult } from '../../src/commands/postdeploy/history.js';

const RELEASE = join(PROJECT_ROOT, 'test', 'fixtures', 'release');
const LAYOUT = 'Layout:Account-Account Layout';
const PACKAGE_STEP = { name: 'package', kind: 'deploy', path: join(RELEASE, 'package') };
const APEX_STEP = { name: 'post-install', kind: 'apex', file: join(RELEASE, 'post-install.apex'), undo: join(RELEASE, 'undo.apex') };
/** drifted: the drift correction has work; plain: only the package and the Apex step do */
const DRIFTED = ['a1', 'a2'];
const PLAIN = ['b1', 'b2'];
const WAVES = ['w1', 'w2', 'w3', 'w4'];
/** a reference and a target for the check after a deploy */
const VERIFY = ['v0', 'v1'];
/** a fresh org, as a scratch org is before its objects are deployed */
const SCRATCH = 's1';

type JournalFile = { applyId: string; targets: Array<{ alias: string; state: string; steps: Array<{ name: string; state: string }> }> };

describe('release night (bin/run.js against one emulator)', function () {
  this.timeout(600_000);
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;
  let stateDir: string;

  const postdeploy = (args: string[]): Promise<ProcessResult> => run(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(sfHome.home), cwd: work, timeoutMs: 240_000 });
  const json = jsonOutput;
  const apexRuns = async (alias: string): Promise<string[]> => ((await (await fetch(`${emulator.url}/__emulator/orgs/${alias}/apex`)).json()) as Array<{ body: string }>).map((r) => r.body);
  const journal = (applyId: string): JournalFile => JSON.parse(readFileSync(join(stateDir, 'applies', applyId, 'journal.json'), 'utf8')) as JournalFile;
  const stepStates = (file: JournalFile): Record<string, string[]> => Object.fromEntries(file.targets.map((t) => [t.alias, t.steps.map((s) => s.state)]));
  const plan = async (targets: string[], output: string): Promise<void> => {
    const planned = await postdeploy(['plan', '-r', REFERENCE, ...targets.flatMap((t) => ['-o', t]), '-m', LAYOUT, '--config', 'release.json', '--output-file', output]);
    expect(planned.code, planned.stderr).to.equal(0);
  };
  const postInstall = readFileSync(join(RELEASE, 'post-install.apex'), 'utf8');
  const undo = readFileSync(join(RELEASE, 'undo.apex'), 'utf8');

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: Object.fromEntries([REFERENCE, ...DRIFTED, ...PLAIN, ...WAVES, ...VERIFY, SCRATCH].map((alias) => [alias, SEED])), jobMs: 10 });
    admin = new EmulatorAdmin(emulator.url);
    await seedDrift(admin, DRIFTED);
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-night-'));
    stateDir = join(work, 'state');
    writeFileSync(join(work, 'release.json'), JSON.stringify({ steps: [{ name: 'correct drift', kind: 'drift' }, PACKAGE_STEP, APEX_STEP] }));
  });

  after(async () => {
    await emulator?.stop();
    sfHome?.restore();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('Ctrl-C between steps, then resume, rollback and a resume of the rolled-back apply', () => {
    let applyId = '';

    it('Given the drift deploy under way, When Ctrl-C comes once, Then it ends but no next step and no other target starts; the report names the stopped target and the exact resume command; exit 130', async () => {
      await plan(DRIFTED, 'night.json');
      emulator.state.options.jobMs = 1500;
      const ran = await new Promise<ProcessResult>((resolve, reject) => {
        const child = spawn(process.execPath, [RUN, 'postdeploy', 'apply', '--plan-file', 'night.json', '--state-dir', stateDir, '--concurrency', '1', '--json'], { env: childEnv(sfHome.home), cwd: work });
        let stdout = '';
        let stderr = '';
        let signalled = false;
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`apply did not end:\n${stdout}\n${stderr}`));
        }, 240_000);
        const poll = setInterval(() => {
          const applies = join(stateDir, 'applies');
          let ids: string[] = [];
          try {
            ids = readdirSync(applies);
          } catch {
            return;
          }
          const deploying = ids.some((id) => {
            try {
              return journal(id).targets.some((t) => t.state === 'deploying');
            } catch {
              return false;
            }
          });
          if (!deploying || signalled) return;
          signalled = true;
          clearInterval(poll);
          child.kill('SIGINT');
        }, 50);
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.on('close', (code) => {
          clearTimeout(timer);
          clearInterval(poll);
          resolve({ code, stdout, stderr });
        });
      });
      emulator.state.options.jobMs = 10;
      expect(ran.code, ran.stdout + ran.stderr).to.equal(130);
      [applyId] = readdirSync(join(stateDir, 'applies'));
      const states = stepStates(journal(applyId));
      const [first, second] = Object.keys(states).sort((x, y) => states[y].filter((s) => s === 'done').length - states[x].filter((s) => s === 'done').length);
      expect(states[first]).to.deep.equal(['done', 'pending', 'pending']);
      expect(states[second]).to.deep.equal(['pending', 'pending', 'pending']);
      for (const alias of DRIFTED) {
        expect(await apexRuns(alias), alias).to.deep.equal([]);
        expect(await admin.component(alias, 'ListView', 'Account.Release_Accounts'), alias).to.equal(undefined);
      }
      expect(ran.stderr).to.include(`stopped between steps (what ran stays): ${first} (after "correct drift")`);
      expect(ran.stderr).to.include(`not started: ${second}`);
      expect(ran.stderr).to.include(`To finish it: sf postdeploy apply --resume ${applyId} --state-dir ${stateDir}`);
      expect(ran.stderr).to.include(`To undo what landed: sf postdeploy rollback --apply-id ${applyId} --state-dir ${stateDir}`);
      expect(ran.stdout + ran.stderr).to.not.match(/ExitError|EEXIT|\n\s+at /);
      const result = json<ApplyResult>(ran).result!;
      expect(result.interrupted).to.equal(true);
      expect(result.resumeCommand).to.equal(`sf postdeploy apply --resume ${applyId} --state-dir ${stateDir}`);
      expect(Object.fromEntries(result.targets.map((t) => [t.alias, t.status]))).to.deep.equal({ [first]: 'stopped', [second]: 'not-started' });
    });

    it('Given the interrupted apply, When resumed and then rolled back, Then every step ran once and was undone, the drift step included', async () => {
      const resumed = await postdeploy(['apply', '--resume', applyId, '--state-dir', stateDir, '--json']);
      expect(resumed.code, resumed.stderr).to.equal(0);
      for (const alias of DRIFTED) expect(await apexRuns(alias), alias).to.deep.equal([postInstall]);
      const rolled = await postdeploy(['rollback', '--apply-id', applyId, '--state-dir', stateDir, '--json']);
      expect(rolled.code, rolled.stderr).to.equal(0);
      expect(stepStates(journal(applyId))).to.deep.equal(Object.fromEntries(DRIFTED.map((alias) => [alias, ['rolled-back', 'rolled-back', 'rolled-back']])));
    });

    it('Given the rolled-back apply, When resumed, Then it is refused (exit 1) with what to run instead and no step runs again', async () => {
      const again = await postdeploy(['apply', '--resume', applyId, '--state-dir', stateDir, '--json']);
      expect(again.code, again.stdout).to.equal(1);
      const error = json<ApplyResult>(again);
      expect(error.name).to.equal('ResumeRolledBackError');
      expect(error.message).to.include(`Apply ${applyId} was rolled back`);
      expect(error.actions?.[0]).to.include('make a new plan');
      for (const alias of DRIFTED) expect(await apexRuns(alias), alias).to.deep.equal([postInstall, undo]);
    });

    it('Given the rolled-back apply, When the same plan is applied again, Then it is not refused as if still applied: it runs as a new apply', async () => {
      const again = await postdeploy(['apply', '--plan-file', 'night.json', '--state-dir', stateDir, '--json']);
      expect(again.code, again.stdout + again.stderr).to.equal(0);
      const result = json<ApplyResult>(again).result!;
      expect(result.applyId).to.not.equal(applyId);
      expect(result.targets.map((t) => t.status)).to.deep.equal(['deployed', 'deployed']);
      for (const alias of DRIFTED) expect(await apexRuns(alias), alias).to.deep.equal([postInstall, undo, postInstall]);
    });
  });

  describe('the history of an apply with release steps only', () => {
    let applyId = '';

    it('Given a package and an Apex step applied to orgs with no drift, When history runs, Then each target shows as deployed with every step, its deploy ID and its log, in the table and in --json', async () => {
      await plan(PLAIN, 'steps.json');
      const applied = await postdeploy(['apply', '--plan-file', 'steps.json', '--state-dir', stateDir, '--json']);
      expect(applied.code, applied.stderr).to.equal(0);
      applyId = json<ApplyResult>(applied).result!.applyId;

      const history = json<PostdeployHistoryResult>(await postdeploy(['history', '--state-dir', stateDir, '--json'])).result!;
      const entry = history.applies.find((a) => a.applyId === applyId)!;
      expect(entry.rolledBack).to.equal('no');
      for (const target of entry.targets) {
        expect(target.state, target.alias).to.equal('deployed');
        expect(target.steps!.map((s) => `${s.name}:${s.state}`)).to.deep.equal(['correct drift:skipped', 'package:done', 'post-install:done']);
        expect(target.steps![1].deployId).to.match(/^0Af/);
        expect(readFileSync(target.steps![2].logFile!, 'utf8')).to.contain('EXECUTION_FINISHED');
      }
      const table = await postdeploy(['history', '--state-dir', stateDir]);
      const row = table.stdout.split('\n').find((line) => line.includes(applyId))!;
      expect(row).to.include('b1 (deployed)').and.include('0 + 4 step(s)');
      expect(table.stdout).to.include(`2. package [deploy]: done (deploy ${entry.targets[0].steps![1].deployId!}`);
      expect(table.stdout).to.include(`3. post-install [apex]: done (log ${entry.targets[0].steps![2].logFile!}`);
    });

    it('Given it rolled back, When history and a second rollback run, Then history says rolled back: yes and the second rollback says already rolled back', async () => {
      const rolled = await postdeploy(['rollback', '--apply-id', applyId, '--state-dir', stateDir, '--json']);
      expect(rolled.code, rolled.stderr).to.equal(0);
      const history = json<PostdeployHistoryResult>(await postdeploy(['history', '--state-dir', stateDir, '--json'])).result!;
      const entry = history.applies.find((a) => a.applyId === applyId)!;
      expect(entry.rolledBack).to.equal('yes');
      expect(entry.targets.map((t) => t.state)).to.deep.equal(['rolled-back', 'rolled-back']);
      const second = await postdeploy(['rollback', '--apply-id', applyId, '--state-dir', stateDir, '--json']);
      expect(second.code, second.stderr).to.equal(0);
      const targets = json<PostdeployRollbackResult>(second).result!.targets;
      expect(targets.map((t) => `${t.status}: ${t.reason ?? ''}`)).to.deep.equal(['skipped: already rolled back', 'skipped: already rolled back']);
    });
  });

  describe('a resumed apply keeps its waves and failure budget', () => {
    it('Given waves 1,* stopped by the budget, When resumed without --waves and the first target fails again, Then the rest are still not started, and the resume hint names the state folder', async () => {
      await plan(WAVES, 'waves.json');
      const fault = { org: 'w1', fault: 'apexException', line: 1, column: 1, message: 'System.DmlException: locked' } as never;
      await admin.fault(fault);
      const applied = await postdeploy(['apply', '--plan-file', 'waves.json', '--waves', '1,*', '--max-failures', '0', '--state-dir', stateDir, '--json']);
      expect(applied.code, applied.stderr).to.equal(68);
      const result = json<ApplyResult>(applied).result!;
      expect(result.resumeCommand).to.equal(`sf postdeploy apply --resume ${result.applyId} --state-dir ${stateDir}`);

      await admin.fault(fault);
      const resumed = await postdeploy(['apply', '--resume', result.applyId, '--state-dir', stateDir]);
      expect(resumed.code, resumed.stdout + resumed.stderr).to.equal(68);
      expect(resumed.stdout).to.include(`sf postdeploy apply --resume ${result.applyId} --state-dir ${stateDir}`);
      const states = stepStates(journal(result.applyId));
      expect(states.w1).to.deep.equal(['skipped', 'done', 'failed']);
      for (const alias of ['w2', 'w3', 'w4']) {
        expect(states[alias], alias).to.deep.equal(['pending', 'pending', 'pending']);
        expect(await apexRuns(alias), alias).to.deep.equal([]);
      }
    });
  });
  describe('a deploy step from a folder with broken XML', () => {
    it('Given a source-format --deploy-dir with an element left open, When planned, Then plan refuses it naming the file and line (exit 1), and writes no plan', async () => {
      const folder = join(work, 'broken-source');
      cpSync(join(RELEASE, 'package'), folder, { recursive: true });
      const file = join(folder, 'main', 'default', 'objects', 'Account', 'listViews', 'Release_Accounts.listView-meta.xml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/<label>([^<]*)<\/label>/, '<label>$1'));
      const planned = await postdeploy(['plan', '-r', REFERENCE, '-o', 'b1', '-m', LAYOUT, '--deploy-dir', folder, '--output-file', 'broken.json', '--json']);
      expect(planned.code, planned.stdout).to.equal(1);
      const error = json<unknown>(planned);
      expect(error.name).to.equal('MalformedXmlError');
      expect(error.message).to.match(/^The deploy folder ".*broken-source" holds a file that is not well-formed XML: main\/default\/objects\/Account\/listViews\/Release_Accounts\.listView-meta\.xml, line \d+, column \d+: /);
      expect(readdirSync(work)).to.not.include('broken.json');
    });

    it('Given a metadata-format --deploy-dir with broken XML, When planned, Then the error speaks of the deploy folder, not a reference folder', async () => {
      const folder = join(work, 'broken-mdapi');
      mkdirSync(join(folder, 'objects'), { recursive: true });
      writeFileSync(join(folder, 'package.xml'), '<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata"><types><members>Thing__c</members><name>CustomObject</name></types><version>62.0</version></Package>\n');
      writeFileSync(join(folder, 'objects', 'Thing__c.object'), '<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">\n  <label>Broken\n</CustomObject>\n');
      const planned = await postdeploy(['plan', '-r', REFERENCE, '-o', 'b1', '-m', LAYOUT, '--deploy-dir', folder, '--output-file', 'broken.json', '--json']);
      expect(planned.code, planned.stdout).to.equal(1);
      const error = json<unknown>(planned);
      expect(error.message, error.message).to.match(/^The deploy folder ".*broken-mdapi" cannot be read: CustomObject Thing__c \(objects\/Thing__c\.object\) is not well-formed XML \(line 4: /);
      expect(error.message).to.not.include('reference folder');
    });
  });
  describe('the check after a deploy of a profile (an overlay)', () => {
    it('Given one field permission deployed and undone in the org before the read-back, When apply checks, Then exactly that entry remains, not every entry the deploy did not send', async () => {
      const narrowed = (xml: string): string => xml.replace(/<editable>true<\/editable>(\s*<field>Account\.Tier__c<\/field>)/, '<editable>false</editable>$1');
      const profile = (await admin.component('v1', 'Profile', 'Admin'))!;
      expect(narrowed(profile)).to.not.equal(profile);
      expect((await admin.putComponent('v1', 'Profile', 'Admin', narrowed(profile))).ok).to.equal(true);
      const planned = await postdeploy(['plan', '-r', 'v0', '-o', 'v1', '-m', 'Profile:Admin', '-m', 'CustomField:Account.Tier__c', '--output-file', 'profile.json']);
      expect(planned.code, planned.stderr).to.equal(0);
      const verifyState = join(work, 'verify-state');
      emulator.state.options.jobMs = 1500;
      const child = spawn(process.execPath, [RUN, 'postdeploy', 'apply', '--plan-file', 'profile.json', '--state-dir', verifyState, '--json'], { env: childEnv(sfHome.home), cwd: work });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      const ended = new Promise<number | null>((resolve) => child.on('close', resolve));
      // an admin narrows the permission again while apply reads the org back: one real remaining difference
      for (let reverted = false; !reverted; ) {
        await new Promise((resolve) => setTimeout(resolve, 30));
        const ids = ((): string[] => {
          try {
            return readdirSync(join(verifyState, 'applies'));
          } catch {
            return [];
          }
        })();
        const deployed = ids.some((id) => {
          try {
            return (JSON.parse(readFileSync(join(verifyState, 'applies', id, 'journal.json'), 'utf8')) as JournalFile).targets.some((t) => t.state === 'deployed');
          } catch {
            return false;
          }
        });
        if (deployed) {
          const now = (await admin.component('v1', 'Profile', 'Admin'))!;
          expect((await admin.putComponent('v1', 'Profile', 'Admin', narrowed(now))).ok).to.equal(true);
          reverted = true;
        }
      }
      const code = await ended;
      emulator.state.options.jobMs = 10;
      expect(code, stdout).to.equal(68);
      const [target] = json<ApplyResult>({ code, stdout, stderr: '' }).result!.targets;
      expect(target.remainingDrift.map((d) => `${d.type}:${d.fullName}`)).to.deep.equal(['Profile:Admin']);
      expect(target.remainingDrift[0].differences).to.deep.equal([{ op: 'change', path: 'fieldPermissions[Account.Tier__c].editable', before: false, after: true }]);
    });
  });
  describe('a scratch org planned from a source folder before its objects are deployed', () => {
    const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
    const xml = (root: string, body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>\n${body}\n</${root}>\n`;

    /** the emulator's sample org as a project folder, with an object, two fields, a layout and profile entries naming them */
    function sourceFolder(): string {
      const folder = join(work, 'repo', 'force-app', 'main', 'default');
      cpSync(SEED, folder, { recursive: true });
      mkdirSync(join(folder, 'objects', 'Widget__c', 'fields'), { recursive: true });
      writeFileSync(join(folder, 'objects', 'Widget__c', 'Widget__c.object-meta.xml'), xml('CustomObject', '<deploymentStatus>Deployed</deploymentStatus><label>Widget</label><nameField><label>Widget Name</label><type>Text</type></nameField><pluralLabel>Widgets</pluralLabel><sharingModel>ReadWrite</sharingModel>'));
      const textField = (name: string): string => xml('CustomField', `<fullName>${name}</fullName><label>${name}</label><length>80</length><type>Text</type>`);
      writeFileSync(join(folder, 'objects', 'Widget__c', 'fields', 'Size__c.field-meta.xml'), textField('Size__c'));
      writeFileSync(join(folder, 'objects', 'Account', 'fields', 'Extra__c.field-meta.xml'), textField('Extra__c'));
      writeFileSync(
        join(folder, 'layouts', 'Widget__c-Widget Layout.layout-meta.xml'),
        xml('Layout', '<layoutSections><customLabel>false</customLabel><detailHeading>false</detailHeading><editHeading>true</editHeading><label>Information</label><layoutColumns><layoutItems><behavior>Required</behavior><field>Name</field></layoutItems><layoutItems><behavior>Edit</behavior><field>Size__c</field></layoutItems></layoutColumns><style>TwoColumnsTopToBottom</style></layoutSections>')
      );
      const profileFile = join(folder, 'profiles', 'Admin.profile-meta.xml');
      const entriesNamingThem =
        '<fieldPermissions><editable>true</editable><field>Account.Extra__c</field><readable>true</readable></fieldPermissions>' +
        '<fieldPermissions><editable>true</editable><field>Widget__c.Size__c</field><readable>true</readable></fieldPermissions>';
      const objectAccess = '<objectPermissions><allowCreate>true</allowCreate><allowDelete>false</allowDelete><allowEdit>true</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>Widget__c</object><viewAllRecords>false</viewAllRecords></objectPermissions>';
      writeFileSync(profileFile, readFileSync(profileFile, 'utf8').replace('<fieldPermissions>', `${entriesNamingThem}<fieldPermissions>`).replace('<recordTypeVisibilities>', `${objectAccess}<recordTypeVisibilities>`));
      mkdirSync(join(work, 'repo', '.git'), { recursive: true });
      return join(work, 'repo', 'force-app');
    }

    it('Given layouts and a profile naming an object and fields the org lacks, When planned, Then they are blocked (refused) with the command that deploys the objects first, apply deploys nothing, and the plan file gets a .gitignore hint', async () => {
      const folder = sourceFolder();
      const planned = await postdeploy(['plan', '--reference-dir', folder, '-o', SCRATCH, '--output-file', join('repo', 'scratch.json')]);
      expect(planned.code, planned.stdout + planned.stderr).to.equal(0);
      expect(planned.stderr).to.include(`The plan file ${join('repo', 'scratch.json')} is inside the git work tree ${join(work, 'repo')}`).and.include('/scratch.json');
      const planFile = JSON.parse(readFileSync(join(work, 'repo', 'scratch.json'), 'utf8')) as {
        targets: Array<{ components: Array<{ type: string; fullName: string; action: string; blocked: Array<{ kind: string; path?: string; reason: string; whole?: true }> }> }>;
      };
      const byKey = new Map(planFile.targets[0].components.map((c) => [`${c.type}:${c.fullName}`, c]));
      const objectsFirst = 'deploy the objects first: `sf project deploy start -d force-app/main/default/objects`';
      const layout = byKey.get('Layout:Widget__c-Widget Layout')!;
      expect(layout.action).to.equal('create');
      expect(layout.blocked).to.have.length(1);
      expect(layout.blocked[0]).to.include({ kind: 'refused', whole: true });
      expect(layout.blocked[0].reason).to.include(`${SCRATCH} has no object Widget__c`).and.include(objectsFirst);
      const profile = byKey.get('Profile:Admin')!;
      expect(profile.action).to.equal('update');
      expect(profile.blocked.map((b) => `${b.kind} ${b.path!} ${String(b.whole)}`).sort()).to.deep.equal(['refused fieldPermissions[Account.Extra__c] true', 'refused fieldPermissions[Widget__c.Size__c] true', 'refused objectPermissions[Widget__c] true']);
      for (const block of profile.blocked) expect(block.reason).to.include(objectsFirst);

      const deploysBefore = ((await admin.stats())[SCRATCH] ?? {});
      const applied = await postdeploy(['apply', '--plan-file', join('repo', 'scratch.json'), '--state-dir', join(work, 'scratch-state'), '--json']);
      expect(applied.code, applied.stdout).to.equal(0);
      expect(json<ApplyResult>(applied).result!.targets.map((t) => t.status)).to.deep.equal(['skipped']);
      const deploysAfter = ((await admin.stats())[SCRATCH] ?? {});
      expect((deploysAfter.deploy ?? 0) + (deploysAfter.deployRequest ?? 0)).to.equal((deploysBefore.deploy ?? 0) + (deploysBefore.deployRequest ?? 0));
    });
  });
});
