/*
 * `sf postdeploy apply` and `rollback` run as processes (bin/run.js) against emulated orgs: a
 * reference (prod) and three drifted targets (sandbox, uat, staging), for Profile, PermissionSet,
 * Layout, ListView, RecordType picklist values and a GlobalValueSet: one of each way a type is deployed and undone.
 * Every test starts its own emulator, sf HOME, plan folder and state directory
 * (test/helpers/applyFleet.ts); the drift is in test/fixtures/apply.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Mode } from '../../src/diff/index.js';
import { PlanFile } from '../../src/plan/planTypes.js';
import {
  COMPONENTS,
  Fleet,
  Journal,
  REFERENCE,
  TARGETS,
  canonical,
  fieldPermission,
  journalEntryIs,
  keyOf,
  layoutFields,
  listFilesRecursively,
  listViewColumns,
  modeOf,
  readJournal,
  recordTypeValues,
  sleep,
  startFleet,
  startPostdeploy,
  userPermission,
  valueSetValues,
  waitFor,
  withoutDeactivatedAdditions,
  journalFiles,
} from '../helpers/applyFleet.js';

const MODES: Mode[] = ['merge', 'overwrite'];

type Contents = Record<string, string>;

/** `target|Type:Name` -> the sorted paths the plan changes. */
function changedPaths(plan: PlanFile): Map<string, string[]> {
  const paths = new Map<string, string[]>();
  for (const target of plan.targets) {
    for (const component of target.components) paths.set(`${target.name}|${keyOf(component)}`, component.changes.map((c) => c.path).sort());
  }
  return paths;
}

function expectNoDrift(plan: PlanFile): void {
  for (const target of plan.targets) {
    expect(target.status, `${target.name}: ${JSON.stringify(target.error)}`).to.equal('ok');
    for (const component of target.components) {
      expect(component.action, `${target.name} ${keyOf(component)} still drifts: ${JSON.stringify(component.changes)}`).to.equal('noop');
    }
  }
}

function expectDriftEverywhere(plan: PlanFile): void {
  for (const target of plan.targets) {
    expect(target.status, `${target.name}: ${JSON.stringify(target.error)}`).to.equal('ok');
    for (const component of target.components) expect(component.action, `${target.name} ${keyOf(component)}`).to.equal('update');
  }
}

function expectSameContents(alias: string, before: Contents, after: Contents): void {
  for (const component of COMPONENTS) {
    const key = keyOf(component);
    expect(canonical(after[key]), `${alias} ${key} changed:\n${after[key]}`).to.equal(canonical(before[key]));
  }
}

/**
 * After a rollback the org holds its pre-apply content, except that value-set values the apply
 * added stay as inactive values (the API cannot delete them). Returns those values by component.
 */
function expectRestored(alias: string, before: Contents, after: Contents): Record<string, string[]> {
  const deactivated: Record<string, string[]> = {};
  for (const component of COMPONENTS) {
    const key = keyOf(component);
    const restored = withoutDeactivatedAdditions(component.type, before[key], after[key]);
    expect(restored.canonical, `${alias} ${key} is not back to its pre-apply content:\n${after[key]}\nbefore:\n${before[key]}`).to.equal(canonical(before[key]));
    if (restored.deactivated.length > 0) deactivated[key] = restored.deactivated;
  }
  return deactivated;
}

async function contentsOfTargets(fleet: Fleet): Promise<Record<string, Contents>> {
  const entries: Array<[string, Contents]> = [];
  // eslint-disable-next-line no-await-in-loop
  for (const alias of TARGETS) entries.push([alias, await fleet.contents(alias)]);
  return Object.fromEntries(entries);
}

function byName<T extends { name: string }>(targets: T[] | undefined): Record<string, T> {
  return Object.fromEntries((targets ?? []).map((t) => [t.name, t]));
}

function outputOf(result: { code: number | null; stdout: string; stderr: string }): string {
  return `exit ${String(result.code)}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
}

/** The merge or overwrite result the targets must hold after apply (the drift is test/fixtures/apply). */
function expectCorrected(mode: Mode, alias: string, content: Contents): void {
  const at = (key: string): string => content[key];
  expect(fieldPermission(at('Profile:Admin'), 'Account.Tier__c'), `${alias} Profile`).to.deep.equal({ editable: 'true', readable: 'true' });

  const permissionSet = at('PermissionSet:Sales_Ops');
  expect(fieldPermission(permissionSet, 'Account.Tier__c'), `${alias} PermissionSet`).to.deep.equal({ editable: 'true', readable: 'true' });
  expect(userPermission(permissionSet, 'ViewSetup'), `${alias} PermissionSet ViewSetup`).to.equal('true');
  // the permission only the target grants: merge keeps it, overwrite deploys the reference's whole file
  if (mode === 'merge') expect(userPermission(permissionSet, 'ExportReport'), `${alias} PermissionSet ExportReport`).to.equal('true');
  else expect(userPermission(permissionSet, 'ExportReport') ?? 'false', `${alias} PermissionSet ExportReport`).to.equal('false');

  const fields = layoutFields(at('Layout:Account-Account Layout'), 'Account Information');
  if (mode === 'merge') expect([...fields].sort(), `${alias} Layout`).to.deep.equal(['Name', 'Region__c', 'Tier__c']);
  else expect(fields, `${alias} Layout`).to.deep.equal(['Name', 'Tier__c']);

  const columns = listViewColumns(at('ListView:Account.AllAccounts'));
  if (mode === 'merge') expect([...columns].sort(), `${alias} ListView`).to.deep.equal(['ACCOUNT.ADDRESS1_CITY', 'ACCOUNT.NAME', 'ACCOUNT.PHONE1']);
  else expect(columns, `${alias} ListView`).to.deep.equal(['ACCOUNT.NAME', 'ACCOUNT.ADDRESS1_CITY']);

  expect(recordTypeValues(at('RecordType:Account.Business'), 'Tier__c'), `${alias} RecordType`).to.deep.equal(['Gold', 'Silver']);

  const values = Object.fromEntries(valueSetValues(at('GlobalValueSet:Regions')).map((v) => [v.name, v.active]));
  // overwrite cannot delete the value only the target has: it deactivates it
  expect(values, `${alias} GlobalValueSet`).to.deep.equal({ EMEA: true, AMER: true, APAC: mode === 'merge' });
}

describe('sf postdeploy apply and rollback against emulated orgs', () => {
  let fleet: Fleet;

  afterEach(async () => {
    await fleet?.stop();
  });

  // one fleet per mode for these tests: the rollback undoes the apply the first one made, and a
  // second rollback of it is a no-op
  for (const mode of MODES) {
    describe(`${mode}: plan -> apply -> plan again -> rollback -> plan again`, () => {
      let flow: Fleet;
      let plan: PlanFile;
      let contentsBefore: Record<string, Contents>;
      let applyId: string;
      /** what apply and rollback printed: no access token may be in it */
      const outputs: string[] = [];

      before(async () => {
        flow = await startFleet();
      });

      after(async () => {
        await flow?.stop();
      });

      it(`Given three drifted targets, When a ${mode} plan is applied, Then every target is corrected, verified and journaled (exit 0), and a new plan finds no drift`, async () => {
        plan = await flow.plan(mode, 'plan.json');
        contentsBefore = await contentsOfTargets(flow);
        expectDriftEverywhere(plan);
        const first = byName(plan.targets);
        const layout = first.sandbox.components.find((c) => c.type === 'Layout')!;
        expect(layout.changes.map((c) => c.path)).to.include('layoutSections[Account Information].layoutItems[Tier__c]');
        const values = first.sandbox.components.find((c) => c.type === 'GlobalValueSet')!;
        expect(values.irreversible.join(' ')).to.include('AMER');
        if (mode === 'overwrite') {
          // the extra value cannot be deleted, only deactivated: the plan says so
          expect(values.irreversible.join(' ')).to.include('APAC');
          expect(layout.changes.map((c) => c.path)).to.include('layoutSections[Account Information].layoutItems[Region__c]');
        }

        const applied = await flow.apply('plan.json');
        expect(applied.code, outputOf(applied)).to.equal(0);
        outputs.push(applied.stdout, applied.stderr);
        const result = applied.json.result!;
        expect(result.planId).to.equal(plan.planId);
        expect(result.dryRun).to.equal(false);
        expect(result.applyId).to.be.a('string').and.not.equal('');
        expect(result.snapshotDir).to.include(result.applyId);
        const targets = byName(result.targets);
        expect(Object.keys(targets).sort()).to.deep.equal([...TARGETS].sort());
        for (const alias of TARGETS) {
          const target = targets[alias];
          expect(target.status, `${alias}: ${JSON.stringify(target)}`).to.equal('deployed');
          expect(target.orgId).to.equal(flow.emulator.orgs[alias].orgId);
          expect(target.username).to.equal(flow.emulator.orgs[alias].username);
          expect(target.deployId).to.be.a('string');
          expect(target.remainingDrift, alias).to.deep.equal([]);
          // eslint-disable-next-line no-await-in-loop
          expect(await flow.deploys(alias), `${alias} deploys`).to.equal(1);
          // eslint-disable-next-line no-await-in-loop
          expectCorrected(mode, alias, await flow.contents(alias));
          expect(existsSync(join(flow.stateDir, 'applies', result.applyId, 'snapshots', `${target.orgId}.json`)), `${alias} snapshot`).to.equal(true);
        }
        expect(await flow.deploys(REFERENCE), 'the reference is never deployed to').to.equal(0);

        const journal = readJournal(join(flow.stateDir, 'applies', result.applyId, 'journal.json'));
        for (const alias of TARGETS) {
          const entry = journal.targets.find((t) => journalEntryIs(t, { alias, ...flow.emulator.orgs[alias] }));
          expect(entry?.state, `${alias} in the journal: ${JSON.stringify(journal.targets)}`).to.equal('deployed');
        }

        applyId = result.applyId;

        const again = await flow.plan(mode, 'again.json');
        expectNoDrift(again);
      });

      it(`Given that ${mode} apply, When rollback --latest runs, Then every target holds its pre-apply content (added values only deactivated) and a new plan shows the original drift`, async () => {
        const rolledBack = await flow.rollback(['--latest']);
        expect(rolledBack.code, outputOf(rolledBack)).to.equal(0);
        outputs.push(rolledBack.stdout, rolledBack.stderr);
        const result = rolledBack.json.result!;
        expect(result.applyId).to.equal(applyId);
        expect(result.dryRun).to.equal(false);
        const targets = byName(result.targets);
        for (const alias of TARGETS) {
          const target = targets[alias];
          expect(target?.status, `${alias}: ${JSON.stringify(target)}`).to.equal('rolled-back');
          // a value the apply added can only be deactivated: irreversible, not "not restored"
          expect(target.notRestored.filter((n) => n.type !== 'GlobalValueSet'), alias).to.deep.equal([]);
          expect(target.irreversible.join(' '), `${alias} irreversible`).to.include('AMER');
          // eslint-disable-next-line no-await-in-loop
          const deactivated = expectRestored(alias, contentsBefore[alias], await flow.contents(alias));
          expect(deactivated, alias).to.deep.equal({ 'GlobalValueSet:Regions': ['AMER'] });
        }
        const journal = readJournal(join(flow.stateDir, 'applies', applyId, 'journal.json'));
        expect(journal.targets.map((t) => t.state)).to.deep.equal(TARGETS.map(() => 'rolled-back'));

        const again = await flow.plan(mode, 'again.json');
        const originalPaths = changedPaths(plan);
        const newPaths = changedPaths(again);
        for (const [key, paths] of originalPaths) {
          // a value set cannot get back to lacking a value (it stays, inactive): compared above instead
          if (key.includes('|GlobalValueSet:')) continue;
          expect(newPaths.get(key), key).to.deep.equal(paths);
        }
      });

      if (mode === 'overwrite') {
        it('Given that apply and its rollback, Then no access token is in any state file, the plan or the output, and every state file is mode 0600', () => {
          const files = listFilesRecursively(flow.stateDir);
          expect(files).to.include(join(flow.stateDir, 'applies', applyId, 'journal.json'));
          for (const alias of TARGETS) expect(files).to.include(join(flow.stateDir, 'applies', applyId, 'snapshots', `${flow.emulator.orgs[alias].orgId}.json`));
          const tokens = [REFERENCE, ...TARGETS].map((alias) => flow.emulator.accessToken(alias));
          for (const file of [...files, join(flow.work, 'plan.json')]) {
            const text = readFileSync(file, 'utf8');
            for (const token of tokens) expect(text.includes(token), `an access token in ${file}`).to.equal(false);
          }
          expect(outputs).to.have.length(4);
          for (const output of outputs) for (const token of tokens) expect(output.includes(token), 'an access token in the output').to.equal(false);
          for (const file of files) expect(modeOf(file).toString(8), file).to.equal('600');
        });
      }

      if (mode === 'overwrite') {
        it('Given a list view only uat has, When plan --mode overwrite --delete-extra -m ListView:Account.* runs, Then the diff shows its deletion, apply deletes it and rollback re-creates it', async () => {
          const own = (await flow.admin.component('uat', 'ListView', 'Account.AllAccounts'))!
            .replace(/<fullName>[^<]*<\/fullName>/, '<fullName>Uat_Own</fullName>')
            .replace(/<label>[^<]*<\/label>/, '<label>Uat Own</label>');
          expect((await flow.admin.putComponent('uat', 'ListView', 'Account.Uat_Own', own)).ok).to.equal(true);
          const planned = await flow.postdeploy(['plan', '-r', REFERENCE, '-o', 'uat', '-m', 'ListView:Account.*', '--mode', 'overwrite', '--delete-extra', '--output-file', 'extra.json']);
          expect(planned.code, outputOf(planned)).to.equal(0);
          const diff = await flow.postdeploy(['diff', '--plan-file', 'extra.json']);
          expect(diff.stdout, outputOf(diff)).to.include('- deletes ListView Account.Uat_Own (destructive change; rollback re-creates it from the snapshot)');
          expect(diff.stdout).to.match(/ListView\s+Account\.Uat_Own\s+delete/);

          const applied = await flow.apply('extra.json');
          expect(applied.code, outputOf(applied)).to.equal(0);
          expect(await flow.admin.component('uat', 'ListView', 'Account.Uat_Own')).to.equal(undefined);
          const rolled = await flow.rollback(['--apply-id', applied.json.result!.applyId]);
          expect(rolled.code, outputOf(rolled)).to.equal(0);
          expect(await flow.admin.component('uat', 'ListView', 'Account.Uat_Own')).to.include('<label>Uat Own</label>');
        });
      }

      if (mode === 'merge') {
        it('Given an apply id the state directory does not know, When rollback runs, Then it exits 1 with an action and deploys nothing', async () => {
          const deploys = await Promise.all(TARGETS.map((alias) => flow.deploys(alias)));
          const unknown = await flow.rollback(['--apply-id', '20990101T000000Z-nope']);
          expect(unknown.code, outputOf(unknown)).to.equal(1);
          expect(unknown.json.message).to.include('20990101T000000Z-nope');
          expect((unknown.json.actions ?? []).length, JSON.stringify(unknown.json)).to.be.at.least(1);
          expect(await Promise.all(TARGETS.map((alias) => flow.deploys(alias)))).to.deep.equal(deploys);
        });

        it('Given that apply already rolled back, When rollback runs again, Then it is a clear no-op (exit 0, every target skipped as already rolled back)', async () => {
          const after = await contentsOfTargets(flow);
          const deploys = await Promise.all(TARGETS.map((alias) => flow.deploys(alias)));

          const second = await flow.rollback(['--apply-id', applyId]);
          expect(second.code, outputOf(second)).to.equal(0);
          expect(second.json.result?.targets.map((t) => t.status)).to.deep.equal(TARGETS.map(() => 'skipped'));
          expect(second.stdout).to.match(/already rolled back/i);

          const human = await flow.postdeploy(['rollback', '--latest', '--state-dir', flow.stateDir]);
          expect(human.code, outputOf(human)).to.equal(0);
          expect(human.stdout + human.stderr).to.match(/already rolled back/i);

          expect(await Promise.all(TARGETS.map((alias) => flow.deploys(alias))), 'no deploy for a no-op').to.deep.equal(deploys);
          for (const alias of TARGETS) {
            // eslint-disable-next-line no-await-in-loop
            expectSameContents(alias, after[alias], await flow.contents(alias));
          }
        });
      }
    });
  }

  describe('a target that changed since the plan', () => {
    it('Given a target edited between plan and apply, When apply runs, Then nothing is deployed anywhere and it exits 4 naming the target and the component; with --skip-stale the fresh targets are applied', async () => {
      fleet = await startFleet();
      await fleet.plan('merge', 'plan.json');
      const listView = (await fleet.admin.component('uat', 'ListView', 'Account.AllAccounts'))!;
      const edited = await fleet.admin.putComponent('uat', 'ListView', 'Account.AllAccounts', listView.replace('<columns>ACCOUNT.PHONE1</columns>', '<columns>ACCOUNT.PHONE2</columns>'));
      expect(edited.ok).to.equal(true);
      const before = await contentsOfTargets(fleet);
      await fleet.admin.reset();

      const stale = await fleet.apply('plan.json');
      expect(stale.code, outputOf(stale)).to.equal(4);
      expect(stale.json.name).to.equal('StalePlanError');
      expect(stale.json.message).to.include('uat');
      expect(stale.json.message).to.include('AllAccounts');
      expect((stale.json.actions ?? []).join(' ')).to.include('sf postdeploy plan');
      const data = stale.json.data as { stale: Array<{ target: string; components: unknown[] }> };
      expect(data.stale.map((s) => s.target)).to.deep.equal(['uat']);
      expect(JSON.stringify(data.stale[0].components)).to.include('Account.AllAccounts');
      expect(JSON.stringify(data.stale[0].components)).not.to.include('Sales_Ops');
      const stats = await fleet.admin.stats();
      for (const alias of [REFERENCE, ...TARGETS]) {
        expect((stats[alias]?.deploy ?? 0) + (stats[alias]?.deployRequest ?? 0), `${alias} was deployed to`).to.equal(0);
        // eslint-disable-next-line no-await-in-loop
        if (alias !== REFERENCE) expectSameContents(alias, before[alias], await fleet.contents(alias));
      }

      const skipping = await fleet.apply('plan.json', ['--skip-stale']);
      // a stale target left uncorrected is a partial apply (68): 0 would let CI go green with an org left uncorrected
      expect(skipping.code, outputOf(skipping)).to.equal(68);
      const targets = byName(skipping.json.result?.targets);
      expect(targets.uat?.status, JSON.stringify(skipping.json)).to.equal('stale');
      expect(targets.sandbox?.status).to.equal('deployed');
      expect(targets.staging?.status).to.equal('deployed');
      expect(await fleet.deploys('uat')).to.equal(0);
      expectSameContents('uat', before.uat, await fleet.contents('uat'));
      expectCorrected('merge', 'sandbox', await fleet.contents('sandbox'));
      expectCorrected('merge', 'staging', await fleet.contents('staging'));
    });
  });

  describe('a deploy that fails in one target', () => {
    it('Given a component failure in one target, When apply runs, Then it exits 68, the others are deployed and the failed one is unchanged; rollback restores the deployed ones and skips the failed one', async () => {
      fleet = await startFleet();
      await fleet.plan('merge', 'plan.json');
      const before = await contentsOfTargets(fleet);
      await fleet.admin.fault({ org: 'uat', fault: 'failComponent', component: 'Layout:Account-Account Layout', count: 5 });

      const applied = await fleet.apply('plan.json');
      expect(applied.code, outputOf(applied)).to.equal(68);
      const targets = byName(applied.json.result?.targets);
      expect(targets.uat?.status, JSON.stringify(applied.json)).to.equal('failed');
      expect(targets.uat.failures?.map((f) => `${f.type}:${f.fullName}`)).to.include('Layout:Account-Account Layout');
      expect(targets.sandbox.status).to.equal('deployed');
      expect(targets.staging.status).to.equal('deployed');
      expectSameContents('uat', before.uat, await fleet.contents('uat'));
      expectCorrected('merge', 'sandbox', await fleet.contents('sandbox'));
      expectCorrected('merge', 'staging', await fleet.contents('staging'));
      const uatDeploys = await fleet.deploys('uat');

      const rolledBack = await fleet.rollback(['--latest']);
      expect(rolledBack.code, outputOf(rolledBack)).to.equal(0);
      const rolled = byName(rolledBack.json.result?.targets);
      expect(rolled.uat?.status, JSON.stringify(rolledBack.json)).to.equal('skipped');
      expect(rolled.sandbox?.status).to.equal('rolled-back');
      expect(rolled.staging?.status).to.equal('rolled-back');
      expect(await fleet.deploys('uat'), 'nothing deployed to the failed target').to.equal(uatDeploys);
      expectSameContents('uat', before.uat, await fleet.contents('uat'));
      expectRestored('sandbox', before.sandbox, await fleet.contents('sandbox'));
      expectRestored('staging', before.staging, await fleet.contents('staging'));
    });
  });

  describe('--dry-run', () => {
    it('Given a plan, When apply --dry-run runs, Then each target is validated with a check-only deploy and nothing changes', async () => {
      fleet = await startFleet();
      await fleet.plan('overwrite', 'plan.json');
      const before = await contentsOfTargets(fleet);

      const validated = await fleet.apply('plan.json', ['--dry-run']);
      expect(validated.code, outputOf(validated)).to.equal(0);
      expect(validated.json.result?.dryRun).to.equal(true);
      const targets = byName(validated.json.result?.targets);
      for (const alias of TARGETS) {
        expect(targets[alias]?.status, JSON.stringify(validated.json)).to.equal('validated');
        // eslint-disable-next-line no-await-in-loop
        expect(await fleet.deploys(alias), `${alias}: the emulator saw the check-only deploy`).to.be.at.least(1);
        // eslint-disable-next-line no-await-in-loop
        expectSameContents(alias, before[alias], await fleet.contents(alias));
      }
      const again = await fleet.plan('overwrite', 'again.json');
      expectDriftEverywhere(again);
    });
  });

  describe('a process killed during apply', function () {
    this.timeout(300_000);
    const JOB_MS = 3000;
    // the plan before the kill, and the rollback or rerun after it, need no slow jobs
    const FAST_JOB_MS = 20;

    /**
     * Starts apply one target at a time with slow metadata jobs, waits until a deploy is in flight
     * in the emulator, kills the process, and waits for that deploy to land; then jobs are fast again.
     */
    async function killDuringDeploy(): Promise<{ deployed: string; journal: Journal }> {
      fleet.emulator.state.options.jobMs = JOB_MS;
      const live = startPostdeploy(fleet, ['apply', '--plan-file', 'plan.json', '--state-dir', fleet.stateDir, '--concurrency', '1', '--json']);
      let deploying: string | undefined;
      try {
        deploying = await waitFor(
          'a target in state deploying whose deploy reached the emulator',
          async () => {
            const [file] = journalFiles(fleet.stateDir);
            if (!file) return undefined;
            let journal: Journal;
            try {
              journal = readJournal(file);
            } catch {
              return undefined; // being written
            }
            const inFlight = journal.targets.filter((t) => t.state === 'deploying');
            for (const alias of TARGETS) {
              const org = { alias, ...fleet.emulator.orgs[alias] };
              // eslint-disable-next-line no-await-in-loop
              if (inFlight.some((t) => journalEntryIs(t, org)) && (await fleet.deploys(alias)) > 0) return alias;
            }
            return undefined;
          },
          120_000
        );
      } finally {
        live.child.kill('SIGKILL');
      }
      const killed = await live.done;
      expect(killed.code, 'the apply was killed before it finished').to.equal(null);
      // the deploy the process started completes in the org without it
      await sleep(JOB_MS + 1000);
      fleet.emulator.state.options.jobMs = FAST_JOB_MS;
      expect(await fleet.admin.component(deploying, 'Layout', 'Account-Account Layout')).to.include('Tier__c');
      return { deployed: deploying, journal: readJournal(journalFiles(fleet.stateDir)[0]) };
    }

    it('Given an apply killed while deploying, When rollback --latest runs, Then every target is back to its pre-apply content', async () => {
      fleet = await startFleet({ jobMs: FAST_JOB_MS });
      await fleet.plan('merge', 'plan.json');
      const before = await contentsOfTargets(fleet);
      const { deployed, journal } = await killDuringDeploy();
      expect(journal.targets.some((t) => t.state === 'deploying' || t.state === 'deployed'), JSON.stringify(journal.targets)).to.equal(true);

      const rolledBack = await fleet.rollback(['--latest'], 170_000);
      expect(rolledBack.code, outputOf(rolledBack)).to.equal(0);
      expect(byName(rolledBack.json.result?.targets)[deployed]?.status, JSON.stringify(rolledBack.json)).to.equal('rolled-back');
      for (const alias of TARGETS) {
        // eslint-disable-next-line no-await-in-loop
        expectRestored(alias, before[alias], await fleet.contents(alias));
      }
    });

    it('Given an apply killed while deploying, When apply reruns with the same plan, Then the target already deployed is not deployed again and the others are', async () => {
      fleet = await startFleet({ jobMs: FAST_JOB_MS });
      await fleet.plan('merge', 'plan.json');
      const { deployed } = await killDuringDeploy();
      const counts = Object.fromEntries(await Promise.all(TARGETS.map(async (alias) => [alias, await fleet.deploys(alias)] as const)));
      expect(counts[deployed]).to.equal(1);

      const rerun = await fleet.apply('plan.json', [], 170_000);
      expect(rerun.code, outputOf(rerun)).to.equal(0);
      const targets = byName(rerun.json.result?.targets);
      expect(targets[deployed]?.status, JSON.stringify(rerun.json)).to.be.oneOf(['deployed', 'skipped']);
      for (const alias of TARGETS) {
        // eslint-disable-next-line no-await-in-loop
        const deploys = await fleet.deploys(alias);
        if (alias === deployed) expect(deploys, `${alias} deployed twice`).to.equal(1);
        else expect(deploys, `${alias} deploys`).to.equal(counts[alias] + 1);
        // eslint-disable-next-line no-await-in-loop
        expectCorrected('merge', alias, await fleet.contents(alias));
      }
    });
  });
});
