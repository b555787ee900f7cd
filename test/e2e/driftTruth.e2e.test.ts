/*
 * Drift truth on the shapes real metadata has: the plugin (bin/run.js) as a process
 * against emulated orgs. Identical orgs show no drift, a fresh plan is never stale, every apply
 * converges, and what a real org accepts is accepted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { orgFolderOfKind } from '../helpers/orgFolders.js';
import { PROJECT_ROOT, ProcessResult, run } from '../helpers/processes.js';
import { SfHome, childEnv, useIsolatedSfHome } from '../helpers/sfHome.js';
import { parsePlanFile } from '../../src/state/planFile.js';
import { PlanFile } from '../../src/plan/planTypes.js';

const SEED = join(PROJECT_ROOT, 'packages', 'org-emulator', 'orgs', 'source-org');
const RUN = join(PROJECT_ROOT, 'bin', 'run.js');
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

const section = (label: string, columns: string[]): string =>
  `<layoutSections><customLabel>false</customLabel><detailHeading>true</detailHeading><editHeading>true</editHeading><label>${label}</label>${columns.join('')}<style>TwoColumnsTopToBottom</style></layoutSections>`;
const column = (...fields: string[]): string =>
  fields.length === 0 ? '<layoutColumns/>' : `<layoutColumns>${fields.map((f) => `<layoutItems><behavior>Edit</behavior><field>${f}</field></layoutItems>`).join('')}</layoutColumns>`;
const layout = (...sections: string[]): string => `<?xml version="1.0" encoding="UTF-8"?>\n<Layout ${NS}>${sections.join('')}</Layout>\n`;
const field = (name: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField ${NS}><fullName>${name}</fullName><label>${name}</label><length>80</length><type>Text</type></CustomField>\n`;

type ApplyJson = { status: number; result?: { targets: Array<{ status: string; remainingDrift: unknown[] }> }; name?: string; message?: string };

describe('drift truth on real shapes: no false drift, no false stale plan, every apply converges', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;

  const postdeploy = (args: string[]): Promise<ProcessResult> => run(process.execPath, [RUN, 'postdeploy', ...args], { env: childEnv(sfHome.home), cwd: work, timeoutMs: 170_000 });
  const readPlan = (name: string): PlanFile => parsePlanFile(readFileSync(join(work, name), 'utf8'), name);
  const put = async (aliases: string[], type: string, fullName: string, xml: string): Promise<void> => {
    for (const alias of aliases) {
      // eslint-disable-next-line no-await-in-loop
      const response = await admin.putComponent(alias, type, fullName, xml);
      // eslint-disable-next-line no-await-in-loop
      if (!response.ok) throw new Error(`PUT ${type} ${fullName} in ${alias}: ${response.status} ${await response.text()}`);
    }
  };
  const plan = async (file: string, args: string[]): Promise<PlanFile> => {
    const result = await postdeploy(['plan', '-r', 'prod', '-o', 'uat', '--output-file', file, ...args]);
    expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0);
    return readPlan(file);
  };
  const drifting = (planFile: PlanFile): string[] =>
    planFile.targets.flatMap((t) => t.components.filter((c) => c.action !== 'noop').map((c) => `${c.type}:${c.fullName}`));
  const apply = async (file: string): Promise<ProcessResult & { json: ApplyJson }> => {
    const result = await postdeploy(['apply', '--plan-file', file, '--state-dir', join(work, 'state'), '--json']);
    return { ...result, json: JSON.parse(result.stdout) as ApplyJson };
  };

  beforeEach(async () => {
    sfHome = useIsolatedSfHome();
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-truth-'));
    // person account layouts name person-account fields: both orgs have the feature on
    const seed = orgFolderOfKind(SEED, join(work, 'seed'), { features: ['PersonAccounts'] });
    emulator = await startEmulator({ orgs: { prod: seed, uat: seed }, jobMs: 10 });
    admin = new EmulatorAdmin(emulator.url);
  });

  afterEach(async () => {
    await emulator.stop();
    sfHome.restore();
    rmSync(work, { recursive: true, force: true });
  });

  it('Given identical layouts with empty columns (<layoutColumns/>), When planned in merge and overwrite mode, Then there is no drift', async () => {
    const xml = layout(section('Information', [column('Name'), column()]), section('Custom Links', [column(), column(), column()]));
    await put(['prod', 'uat'], 'Layout', 'Account-Account Layout', xml);
    for (const mode of ['merge', 'overwrite']) {
      // eslint-disable-next-line no-await-in-loop
      const planned = await plan(`${mode}.json`, ['-m', 'Layout', '--mode', mode]);
      expect(drifting(planned), mode).to.deep.equal([]);
    }
  });

  it("Given a target profile assigning a layout the reference never assigns and lacking another object's assignment, When a merge plan is applied, Then it is not stale, the assignment is added and a new plan finds no drift", async () => {
    const contactLayout = layout(section('Information', [column('Name')]));
    await put(['prod', 'uat'], 'Layout', 'Contact-Contact Layout', contactLayout);
    await put(['prod', 'uat'], 'Layout', 'Account-Business Layout', (await admin.component('prod', 'Layout', 'Account-Account Layout'))!);
    const profile = (await admin.component('prod', 'Profile', 'Admin'))!;
    const master = '<layoutAssignments>\n        <layout>Account-Account Layout</layout>\n    </layoutAssignments>';
    expect(profile).to.include(master);
    await put(['prod'], 'Profile', 'Admin', profile.replace(master, `${master}<layoutAssignments><layout>Contact-Contact Layout</layout></layoutAssignments>`));
    await put(['uat'], 'Profile', 'Admin', profile.replace(master, `${master}<layoutAssignments><layout>Account-Business Layout</layout><recordType>Account.Business</recordType></layoutAssignments>`));

    const planned = await plan('plan.json', ['-m', 'Layout', '-m', 'Profile:Admin']);
    const changes = planned.targets[0].components.find((c) => c.type === 'Profile')!.changes.map((c) => c.path);
    expect(changes).to.deep.equal(['layoutAssignments[Contact-Contact Layout]']);

    const applied = await apply('plan.json');
    expect(applied.code, `${applied.stdout}\n${applied.stderr}`).to.equal(0);
    expect(applied.json.result?.targets.map((t) => [t.status, t.remainingDrift])).to.deep.equal([['deployed', []]]);
    const uatProfile = (await admin.component('uat', 'Profile', 'Admin'))!;
    expect(uatProfile).to.include('Contact-Contact Layout').and.include('Account-Business Layout');
    expect(drifting(await plan('again.json', ['-m', 'Layout', '-m', 'Profile:Admin']))).to.deep.equal([]);
  });

  it('Given Task and person account layouts naming Activity and Contact fields, When created in a target by apply, Then the org accepts them and a new plan finds no drift', async () => {
    await put(['prod', 'uat'], 'CustomField', 'Activity.Call_Outcome__c', field('Call_Outcome__c'));
    await put(['prod', 'uat'], 'CustomField', 'Contact.Preferred_Name__c', field('Preferred_Name__c'));
    await put(['prod'], 'Layout', 'Task-Task Layout', layout(section('Information', [column('Subject', 'Call_Outcome__c'), column()])));
    await put(['prod'], 'Layout', 'PersonAccount-Person Account Layout', layout(section('Information', [column('Name', 'Preferred_Name__pc', 'Tier__c')])));

    const planned = await plan('plan.json', ['-m', 'Layout']);
    expect(drifting(planned).sort()).to.deep.equal(['Layout:PersonAccount-Person Account Layout', 'Layout:Task-Task Layout']);
    const applied = await apply('plan.json');
    expect(applied.code, `${applied.stdout}\n${applied.stderr}`).to.equal(0);
    expect(drifting(await plan('again.json', ['-m', 'Layout']))).to.deep.equal([]);
  });
});
