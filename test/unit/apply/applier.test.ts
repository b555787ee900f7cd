import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Org, SfError } from '@salesforce/core';
import { applyPlan, ApplyOrgs, ApplyResult, ApplyTargetStatus } from '../../../src/apply/applier.js';
import { StalePlanError } from '../../../src/apply/errors.js';
import { rollbackApply } from '../../../src/apply/rollback.js';
import { OrgLock } from '../../../src/state/lock.js';
import { readJournal } from '../../../src/state/journal.js';
import { ComponentKey, DeployRequest, MetadataComponent, OrgHandle } from '../../../src/org/index.js';
import { ExitCode, applyExitCode } from '../../../src/cli/exitCodes.js';
import { sealPlan } from '../../../src/state/planFile.js';
import { createPlan, PlannerOrgs } from '../../../src/plan/planner.js';
import { selectionFromMetadataArgs } from '../../../src/plan/selection.js';
import { PlanFile } from '../../../src/plan/planTypes.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const layout = (fields: string[]): string =>
  `<Layout ${NS}><layoutSections><label>Info</label><layoutColumns>${fields.map((f) => `<layoutItems><field>${f}</field></layoutItems>`).join('')}</layoutColumns><style>OneColumn</style></layoutSections></Layout>`;
const assignment = (layoutName: string, recordType?: string): string =>
  `<layoutAssignments><layout>${layoutName}</layout>${recordType ? `<recordType>${recordType}</recordType>` : ''}</layoutAssignments>`;
const fieldPermission = (field: string): string => `<fieldPermissions><editable>true</editable><field>${field}</field><readable>true</readable></fieldPermissions>`;
const profile = (entries: string[]): string => `<Profile ${NS}><custom>false</custom>${entries.join('')}<userLicense>Salesforce</userLicense></Profile>`;

/** `refusesDeletion`: keys the org will not delete; `failsDeploys`: the problem every deploy fails with. */
type FakeOrg = { handle: OrgHandle; components: Map<string, MetadataComponent>; ignores?: Set<string>; refusesDeletion?: Set<string>; failsDeploys?: string; deploys: DeployRequest[] };
const keyOf = (c: ComponentKey): string => `${c.type}:${c.fullName}`;

function fakeOrg(name: string, orgId: string, components: MetadataComponent[], ignores: string[] = []): FakeOrg {
  const handle = new OrgHandle({ name, alias: name, username: `${name}@x.test`, orgId, instanceUrl: 'https://x', maxApiVersion: '62.0' }, {} as Org);
  return { handle, components: new Map(components.map((c) => [keyOf(c), c])), ignores: new Set(ignores), deploys: [] };
}

/**
 * As a real org: a Profile comes back with the layout assignments of the layouts named in the same
 * retrieve only (force-meta-backup #37, docs/metadata-types.md "Profile scope"); a Profile deploy is an overlay; replace
 * types become the file deployed, unless the org ignores them.
 */
function fakeOrgs(orgs: Record<string, FakeOrg>, retrieves: string[][] = []): PlannerOrgs & ApplyOrgs {
  const byName = (handle: OrgHandle): FakeOrg => orgs[handle.identity.name];
  const find = (name: string): FakeOrg | undefined => Object.values(orgs).find((o) => [o.handle.identity.name, o.handle.identity.username].includes(name));
  return {
    resolveOrg: (name): Promise<OrgHandle> => {
      const org = find(name);
      return org ? Promise.resolve(org.handle) : Promise.reject(new SfError(`No org ${name}`, 'UnknownOrgError'));
    },
    listMembers: (org, types) => Promise.resolve([...byName(org).components.values()].filter((c) => types.includes(c.type)).map(({ type, fullName }) => ({ type, fullName }))),
    readLocalFolder: () => Promise.resolve({ format: 'source', components: [] }),
    retrieveComponents: (org, keys): ReturnType<ApplyOrgs['retrieveComponents']> => {
      retrieves.push(keys.map(keyOf));
      const layouts = new Set(keys.filter((k) => k.type === 'Layout').map((k) => k.fullName));
      const components = keys
        .map((k) => byName(org).components.get(keyOf(k)))
        .filter((c): c is MetadataComponent => c !== undefined)
        .map((c) =>
          c.type === 'Profile'
            ? { ...c, xml: c.xml.replace(/<layoutAssignments><layout>([^<]*)<\/layout>(?:<recordType>[^<]*<\/recordType>)?<\/layoutAssignments>/g, (all, name: string) => (layouts.has(name) ? all : '')) }
            : c
        );
      return Promise.resolve({ org: org.identity, components, missing: [], jobId: '09S', statusChecks: 1 });
    },
    deployComponents: (org, request: DeployRequest): ReturnType<ApplyOrgs['deployComponents']> => {
      const fake = byName(org);
      fake.deploys.push(request);
      const outcome = { org: org.identity, jobId: '0Af', checkOnly: Boolean(request.checkOnly), deployed: [], statusChecks: 1 };
      if (fake.failsDeploys) {
        const [first] = request.components;
        return Promise.resolve({ ...outcome, status: 'Failed', success: false, failures: [{ type: first.type, fullName: first.fullName, problem: fake.failsDeploys }] });
      }
      const refused = (request.destructive ?? []).filter((d) => fake.refusesDeletion?.has(keyOf(d)));
      if (refused.length > 0) {
        // all or nothing: the org deploys none of it
        return Promise.resolve({ ...outcome, status: 'Failed', success: false, failures: refused.map((d) => ({ ...d, problem: 'Cannot delete this layout: it is the last layout of its object' })) });
      }
      if (request.checkOnly) return Promise.resolve({ ...outcome, status: 'Succeeded', success: true, failures: [] });
      for (const deleted of request.destructive ?? []) fake.components.delete(keyOf(deleted));
      for (const component of request.components) {
        if (fake.ignores?.has(keyOf(component))) continue;
        const stored = fake.components.get(keyOf(component));
        const xml =
          component.type === 'Profile' && stored
            ? stored.xml.replace('<userLicense>', component.xml.replace(/^[\s\S]*?<Profile[^>]*>/, '').replace(/<\/Profile>\s*$/, '') + '<userLicense>')
            : component.xml;
        fake.components.set(keyOf(component), { ...component, xml });
      }
      return Promise.resolve({ org: org.identity, jobId: '0Af', status: 'Succeeded', success: true, checkOnly: Boolean(request.checkOnly), deployed: [], failures: [], statusChecks: 1 });
    },
  };
}

async function planOf(orgs: PlannerOrgs, members: string[]): Promise<PlanFile> {
  const body = await createPlan({
    reference: { org: 'prod' },
    targets: ['uat'],
    selection: selectionFromMetadataArgs(members),
    mode: 'merge',
    deleteExtra: false,
    concurrency: 1,
    tool: { name: 'sf-postdeploy', version: 'test' },
  }, orgs);
  return sealPlan(body);
}

describe('applier', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'sf-postdeploy-applier-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  const apply = (plan: PlanFile, orgs: ApplyOrgs): Promise<ApplyResult> =>
    applyPlan({ plan, planFile: 'plan.json', dryRun: false, concurrency: 1, skipStale: false, stateDir }, orgs);

  it("Given a target profile assigning a layout the reference's profiles never assign, When a fresh plan is applied, Then it is not stale: apply re-reads what plan read and deploys", async () => {
    const layouts = [
      { type: 'Layout', fullName: 'Account-Account Layout', xml: layout(['Name']) },
      { type: 'Layout', fullName: 'Account-Business Layout', xml: layout(['Name']) },
    ];
    const prod = fakeOrg('prod', '00D1', [
      ...layouts,
      { type: 'Profile', fullName: 'Admin', xml: profile([fieldPermission('Account.Tier__c'), assignment('Account-Account Layout')]) },
    ]);
    const uat = fakeOrg('uat', '00D2', [
      ...layouts,
      { type: 'Profile', fullName: 'Admin', xml: profile([assignment('Account-Account Layout'), assignment('Account-Business Layout', 'Account.Business')]) },
    ]);
    const retrieves: string[][] = [];
    const orgs = fakeOrgs({ prod, uat }, retrieves);
    const plan = await planOf(orgs, ['Layout', 'Profile:Admin']);
    expect(plan.targets[0].components.find((c) => c.type === 'Profile')?.action).to.equal('update');
    const planRead = [...retrieves[retrieves.length - 1]].sort();

    const result = await apply(plan, orgs);
    expect(result.targets[0].status, JSON.stringify(result.targets[0])).to.equal('deployed');
    expect(result.targets[0].remainingDrift).to.deep.equal([]);
    // the staleness check and the verification read what plan read from the target
    for (const read of retrieves.slice(-2)) expect([...read].sort()).to.deep.equal(planRead);
    expect(uat.components.get('Profile:Admin')?.xml).to.include('Account-Business Layout').and.include('Account.Tier__c');
  });

  it('Given an org that accepts a deploy but ignores a layout, When applied, Then the layout is listed with the element that differs and a likely cause, and the exit code is 68', async () => {
    const prod = fakeOrg('prod', '00D1', [{ type: 'Layout', fullName: 'Account-Account Layout', xml: layout(['Name', 'Tier__c']) }]);
    const uat = fakeOrg('uat', '00D2', [{ type: 'Layout', fullName: 'Account-Account Layout', xml: layout(['Name']) }], ['Layout:Account-Account Layout']);
    const orgs = fakeOrgs({ prod, uat });
    const result = await apply(await planOf(orgs, ['Layout']), orgs);
    const [target] = result.targets;
    expect(target.status).to.equal('deployed');
    expect(target.remainingDrift).to.have.length(1);
    const [left] = target.remainingDrift;
    expect(left).to.include({ type: 'Layout', fullName: 'Account-Account Layout' });
    expect(left.differences).to.deep.equal([
      { op: 'add', path: 'layoutSections[Info].layoutItems[Tier__c]', before: undefined, after: { field: 'Tier__c' } },
    ]);
    expect(left.cause).to.match(/did not apply these elements/);
    expect(applyExitCode(result)).to.equal(68);
  });

  it('Given one target whose login expired, When applied, Then only that target fails (with the resume command) and --resume applies it once the login works', async () => {
    const drifted = [{ type: 'Layout', fullName: 'Account-Account Layout', xml: layout(['Name']) }];
    const prod = fakeOrg('prod', '00D1', [{ type: 'Layout', fullName: 'Account-Account Layout', xml: layout(['Name', 'Phone']) }]);
    const orgs = fakeOrgs({ prod, uat: fakeOrg('uat', '00D2', drifted), qa: fakeOrg('qa', '00D3', drifted) });
    const body = await createPlan(
      { reference: { org: 'prod' }, targets: ['uat', 'qa'], selection: selectionFromMetadataArgs(['Layout']), mode: 'merge', deleteExtra: false, concurrency: 1, tool: { name: 'sf-postdeploy', version: 'test' } },
      orgs
    );
    const plan = sealPlan(body);
    const expired: ApplyOrgs = { ...orgs, resolveOrg: (name) => (name.startsWith('qa') ? Promise.reject(new SfError('expired access/refresh token', 'RefreshTokenAuthError')) : orgs.resolveOrg(name)) };
    const first = await apply(plan, expired);
    expect(first.targets.map((t) => `${t.alias ?? ''}:${t.status}`)).to.deep.equal(['uat:deployed', 'qa:failed']);
    expect(first.targets[1].error).to.include('the org cannot be reached (expired access/refresh token)');
    expect(first.resumeCommand).to.match(/^sf postdeploy apply --resume \S+ --state-dir /);
    expect(applyExitCode(first)).to.equal(68);

    const resumeFrom = await readJournal(stateDir, first.applyId);
    expect(resumeFrom.targets.map((t) => `${t.alias ?? ''}:${t.state}`)).to.deep.equal(['uat:deployed', 'qa:failed']);
    const resumed = await applyPlan({ plan, planFile: 'plan.json', dryRun: false, concurrency: 1, skipStale: true, stateDir, resume: resumeFrom }, orgs);
    const byAlias: Record<string, string> = Object.fromEntries(resumed.targets.map((t) => [t.alias ?? t.username, t.status]));
    expect(byAlias).to.deep.equal({ uat: 'skipped', qa: 'deployed' });
  });

  it('Given statuses only, Then a deploy whose verification left drift never exits 0', () => {
    const left = [{ type: 'Layout', fullName: 'Account-Account Layout', detail: 'x', cause: 'c', differences: [] }];
    const of = (statuses: ApplyTargetStatus[], unconverged: boolean): number =>
      applyExitCode({ targets: statuses.map((status, index) => ({ status, remainingDrift: unconverged && index === 0 ? left : [] })) as unknown as ApplyResult['targets'] });
    expect(of(['deployed'], false)).to.equal(0);
    expect(of(['deployed'], true)).to.equal(68);
    expect(of(['deployed', 'skipped'], true)).to.equal(68);
    expect(of(['deployed', 'failed'], true)).to.equal(68);
  });

  describe('through the fakes slot', () => {
    const layoutOf = (fullName: string, fields: string[]): MetadataComponent => ({ type: 'Layout', fullName, xml: layout(fields) });

    it('Given a drifted target, When applied, Then it is deployed, journaled with a snapshot, and the org holds the planned content', async () => {
      const prod = fakeOrg('prod', '00D1', [layoutOf('Account-Account Layout', ['Name', 'Tier__c'])]);
      const uat = fakeOrg('uat', '00D2', [layoutOf('Account-Account Layout', ['Name'])]);
      const orgs = fakeOrgs({ prod, uat });
      const result = await apply(await planOf(orgs, ['Layout']), orgs);
      expect(result.targets.map((t) => [t.username, t.status])).to.deep.equal([['uat@x.test', 'deployed']]);
      expect(applyExitCode(result)).to.equal(0);
      expect(uat.components.get('Layout:Account-Account Layout')?.xml).to.include('Tier__c');
      expect(uat.deploys).to.have.length(1);
      expect(existsSync(join(result.snapshotDir, '00D2.json'))).to.equal(true);
    });

    it('Given an org that refuses the deploy, When applied, Then the target failed with the org\'s words and the exit code is 1', async () => {
      const prod = fakeOrg('prod', '00D1', [layoutOf('Account-Account Layout', ['Name', 'Tier__c'])]);
      const uat = fakeOrg('uat', '00D2', [layoutOf('Account-Account Layout', ['Name'])]);
      uat.failsDeploys = 'In field: field - no CustomField named Account.Tier__c found';
      const orgs = fakeOrgs({ prod, uat });
      const result = await apply(await planOf(orgs, ['Layout']), orgs);
      const [target] = result.targets;
      expect(target.status).to.equal('failed');
      expect(target.error).to.equal('Layout Account-Account Layout: In field: field - no CustomField named Account.Tier__c found');
      expect(target.failures).to.have.length(1);
      expect(applyExitCode(result)).to.equal(1);
      expect(uat.components.get('Layout:Account-Account Layout')?.xml).to.not.include('Tier__c');
    });

    it('Given a target changed since the plan, When applied, Then StalePlanError names it, nothing is deployed and no lock is left', async () => {
      const prod = fakeOrg('prod', '00D1', [layoutOf('Account-Account Layout', ['Name', 'Tier__c'])]);
      const uat = fakeOrg('uat', '00D2', [layoutOf('Account-Account Layout', ['Name'])]);
      const orgs = fakeOrgs({ prod, uat });
      const plan = await planOf(orgs, ['Layout']);
      uat.components.set('Layout:Account-Account Layout', layoutOf('Account-Account Layout', ['Name', 'Phone']));
      const error = await apply(plan, orgs).then(
        () => expect.fail('a stale plan must be refused'),
        (thrown: unknown) => thrown
      );
      expect(error).to.be.instanceOf(StalePlanError);
      expect((error as StalePlanError).exitCode).to.equal(ExitCode.StalePlan);
      expect((error as StalePlanError).message).to.include('uat').and.include('Layout:Account-Account Layout');
      expect(uat.deploys).to.have.length(0);
      // the lock was released: the org can be locked again
      await (await OrgLock.acquire(stateDir, { orgId: '00D2', name: 'uat' }, { operation: 'test', id: 'x' })).release();
    });

    it('Given an applied update, When rolled back, Then the snapshot is restored', async () => {
      const prod = fakeOrg('prod', '00D1', [layoutOf('Account-Account Layout', ['Name', 'Tier__c'])]);
      const uat = fakeOrg('uat', '00D2', [layoutOf('Account-Account Layout', ['Name'])]);
      const orgs = fakeOrgs({ prod, uat });
      const before = uat.components.get('Layout:Account-Account Layout')!.xml;
      const applied = await apply(await planOf(orgs, ['Layout']), orgs);
      const rolled = await rollbackApply({ stateDir, applyId: applied.applyId, dryRun: false, force: false, concurrency: 1 }, orgs);
      expect(rolled.targets.map((t) => t.status)).to.deep.equal(['rolled-back']);
      expect(rolled.targets[0].notRestored).to.deep.equal([]);
      expect(uat.components.get('Layout:Account-Account Layout')?.xml).to.equal(before);
    });

    it('Given a component the apply created, When rolled back, Then it is deleted', async () => {
      const prod = fakeOrg('prod', '00D1', [layoutOf('Account-Account Layout', ['Name']), layoutOf('Account-Partner Layout', ['Name'])]);
      const uat = fakeOrg('uat', '00D2', [layoutOf('Account-Account Layout', ['Name'])]);
      const orgs = fakeOrgs({ prod, uat });
      const applied = await apply(await planOf(orgs, ['Layout']), orgs);
      expect(uat.components.has('Layout:Account-Partner Layout')).to.equal(true);
      const rolled = await rollbackApply({ stateDir, applyId: applied.applyId, dryRun: false, force: false, concurrency: 1 }, orgs);
      expect(rolled.targets.map((t) => t.status)).to.deep.equal(['rolled-back']);
      expect(uat.components.has('Layout:Account-Partner Layout')).to.equal(false);
      // the base the apply recorded goes with it: the target held none before
      expect(uat.deploys[uat.deploys.length - 1].destructive).to.deep.equal([
        { type: 'Layout', fullName: 'Account-Partner Layout' },
        { type: 'StaticResource', fullName: 'PostdeployBase' },
      ]);
      expect(uat.components.has('StaticResource:PostdeployBase')).to.equal(false);
    });

    it('Given a created component the org refuses to delete, When rolled back, Then the rest is restored and it is kept with the org\'s reason', async () => {
      const prod = fakeOrg('prod', '00D1', [layoutOf('Account-Account Layout', ['Name', 'Tier__c']), layoutOf('Account-Partner Layout', ['Name'])]);
      const uat = fakeOrg('uat', '00D2', [layoutOf('Account-Account Layout', ['Name'])]);
      const orgs = fakeOrgs({ prod, uat });
      const before = uat.components.get('Layout:Account-Account Layout')!.xml;
      const applied = await apply(await planOf(orgs, ['Layout']), orgs);
      uat.refusesDeletion = new Set(['Layout:Account-Partner Layout']);
      const rolled = await rollbackApply({ stateDir, applyId: applied.applyId, dryRun: false, force: false, concurrency: 1 }, orgs);
      const [target] = rolled.targets;
      expect(target.status).to.equal('rolled-back');
      expect(uat.components.get('Layout:Account-Account Layout')?.xml).to.equal(before);
      expect(uat.components.has('Layout:Account-Partner Layout')).to.equal(true);
      expect(target.notRestored).to.have.length(1);
      expect(target.notRestored[0]).to.include({ type: 'Layout', fullName: 'Account-Partner Layout' });
      expect(target.notRestored[0].detail).to.match(/the org refused to delete it: Cannot delete this layout/);
    });
  });
});
