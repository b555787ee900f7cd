import { expect } from 'chai';
import { Org, SfError } from '@salesforce/core';
import { createPlan, PlannerOrgs, PlanRequest } from '../../../src/plan/planner.js';
import { selectionFromMetadataArgs } from '../../../src/plan/selection.js';
import { changesTarget, isWhollyBlocked } from '../../../src/plan/blocked.js';
import { ComponentKey, MetadataComponent, OrgHandle } from '../../../src/org/index.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const layout = (items: string[]): string =>
  `<Layout ${NS}><layoutSections><label>Info</label><layoutColumns>${items.map((f) => `<layoutItems><field>${f}</field></layoutItems>`).join('')}</layoutColumns><style>OneColumn</style></layoutSections></Layout>`;

function handle(name: string, orgId: string): OrgHandle {
  return new OrgHandle({ name, alias: name, username: `${name}@x.test`, orgId, instanceUrl: 'https://x', maxApiVersion: name === 'old' ? '60.0' : '62.0' }, {} as Org);
}

type FakeOrg = { handle: OrgHandle; components: MetadataComponent[]; fail?: Error };

function fakeOrgs(orgs: Record<string, FakeOrg>, calls: string[] = []): PlannerOrgs {
  return {
    resolveOrg: (name): Promise<OrgHandle> => {
      const org = orgs[name];
      if (!org) return Promise.reject(new SfError(`No org "${name}"`, 'UnknownOrgError'));
      return Promise.resolve(org.handle);
    },
    listMembers: (org, types) => Promise.resolve(orgs[org.identity.name].components.filter((c) => types.includes(c.type)).map(({ type, fullName }) => ({ type, fullName }))),
    retrieveComponents: (org, keys: ComponentKey[], options): ReturnType<PlannerOrgs['retrieveComponents']> => {
      calls.push(`${org.identity.name}@${options?.apiVersion}:${keys.map((k) => `${k.type}:${k.fullName}`).join(',')}`);
      const fake = orgs[org.identity.name];
      if (fake.fail) return Promise.reject(fake.fail);
      const wanted = new Set(keys.map((k) => `${k.type}:${k.fullName}`));
      const components = fake.components.filter((c) => wanted.has(`${c.type}:${c.fullName}`));
      const missing = keys.filter((k) => !components.some((c) => c.type === k.type && c.fullName === k.fullName)).map((k) => ({ ...k, problem: 'not found' }));
      return Promise.resolve({ org: org.identity, components, missing, jobId: '09S', statusChecks: 1 });
    },
    readLocalFolder: () => Promise.resolve({ format: 'source', components: [] }),
  };
}

function request(overrides: Partial<PlanRequest> = {}): PlanRequest {
  return {
    reference: { org: 'prod' },
    targets: ['uat', 'old'],
    selection: selectionFromMetadataArgs(['Layout']),
    mode: 'merge',
    deleteExtra: false,
    concurrency: 2,
    tool: { name: 'sf-postdeploy', version: 'test' },
    ...overrides,
  };
}

describe('planner', () => {
  const prod: FakeOrg = { handle: handle('prod', '00D1'), components: [{ type: 'Layout', fullName: 'Account-L', xml: layout(['Name', 'Industry']) }] };
  const uat: FakeOrg = { handle: handle('uat', '00D2'), components: [{ type: 'Layout', fullName: 'Account-L', xml: layout(['Name']) }] };
  const old: FakeOrg = { handle: handle('old', '00D3'), components: [{ type: 'Layout', fullName: 'Account-L', xml: layout(['Name', 'Industry']) }] };

  it('Given a reference and two targets, When planned, Then each target gets its own drift and one API version is pinned', async () => {
    const calls: string[] = [];
    const plan = await createPlan(request(), fakeOrgs({ prod, uat, old }, calls));
    expect(plan.apiVersion).to.equal('60.0');
    expect(calls.every((c) => c.includes('@60.0:'))).to.equal(true);
    const [first, second] = plan.targets;
    expect(first.components[0]).to.include({ action: 'update' });
    expect(first.components[0].changes.map((c) => c.path)).to.deep.equal(['layoutSections[Info].layoutItems[Industry]']);
    expect(first.counts).to.deep.equal({ create: 0, update: 1, delete: 0, noop: 0, blocked: 0, changes: 1 });
    expect(second.components[0].action).to.equal('noop');
  });

  it('Given a target with a layout item of its own, When planned in merge mode, Then the item is kept and reported as a kept difference, not as drift; overwrite has none kept', async () => {
    const own: FakeOrg = { handle: handle('uat', '00D2'), components: [{ type: 'Layout', fullName: 'Account-L', xml: layout(['Name', 'Industry', 'Phone']) }] };
    const merged = await createPlan(request({ targets: ['uat'] }), fakeOrgs({ prod, uat: own }));
    const component = merged.targets[0].components[0];
    expect(component.action).to.equal('noop');
    expect(component.kept?.map((c) => `${c.op} ${c.path}`)).to.deep.equal(['remove layoutSections[Info].layoutItems[Phone]']);
    // what the patch changes is not counted again as kept
    const both = await createPlan(request({ targets: ['uat'] }), fakeOrgs({ prod, uat: { ...own, components: [{ type: 'Layout', fullName: 'Account-L', xml: layout(['Name', 'Phone']) }] } }));
    expect(both.targets[0].components[0].changes.map((c) => c.path)).to.deep.equal(['layoutSections[Info].layoutItems[Industry]']);
    expect(both.targets[0].components[0].kept?.map((c) => c.path)).to.deep.equal(['layoutSections[Info].layoutItems[Phone]']);
    const overwritten = await createPlan(request({ targets: ['uat'], mode: 'overwrite' }), fakeOrgs({ prod, uat: own }));
    expect(overwritten.targets[0].components[0].kept).to.equal(undefined);
  });

  it('Given a reference element newer than the pinned API version, When planned, Then the component is blocked with the version it needs and nothing is deployed', async () => {
    const app = (body: string): MetadataComponent => ({ type: 'CustomApplication', fullName: 'Sales', xml: `<CustomApplication ${NS}>${body}<label>Sales</label></CustomApplication>` });
    const newer = app('<isNavTabPersistenceDisabled>false</isNavTabPersistenceDisabled><isOmniPinnedViewEnabled>true</isOmniPinnedViewEnabled>');
    const orgs = fakeOrgs({
      prod: { handle: handle('prod', '00D1'), components: [newer] },
      old: { handle: handle('old', '00D3'), components: [app('')] },
    });
    const select = selectionFromMetadataArgs(['CustomApplication']);
    const [blocked] = (await createPlan(request({ targets: ['old'], selection: select, apiVersion: '58.0' }), orgs)).targets[0].components;
    expect(blocked).to.include({ action: 'update' }).and.not.have.property('deployXml');
    expect(isWhollyBlocked(blocked)).to.equal(true);
    expect(blocked.blocked).to.deep.equal([
      {
        kind: 'refused',
        reason: 'element isOmniPinnedViewEnabled of CustomApplication needs API 60.0; the plan uses API 58.0: plan again with --api-version 60.0 (every org must support it), or remove it from the reference',
        whole: true,
      },
    ]);
    const [planned] = (await createPlan(request({ targets: ['old'], selection: select, apiVersion: '60.0' }), orgs)).targets[0].components;
    expect(planned.action).to.equal('update');
  });

  it('Given --delete-extra and a wildcard, When a target has components the reference lacks, Then a list view of its own is planned for deletion and a layout of its own is a manual step with the reason', async () => {
    const view = (name: string): MetadataComponent => ({ type: 'ListView', fullName: name, xml: `<ListView ${NS}><fullName>${name.split('.')[1]}</fullName><filterScope>Everything</filterScope><label>${name}</label></ListView>` });
    const reference: FakeOrg = { handle: handle('prod', '00D1'), components: [...prod.components, view('Account.All')] };
    const target: FakeOrg = { handle: handle('uat', '00D2'), components: [...prod.components, { type: 'Layout', fullName: 'Account-Own', xml: layout(['Name']) }, view('Account.All'), view('Account.Mine_Own')] };
    const selection = selectionFromMetadataArgs(['Layout', 'ListView:Account.*']);
    const calls: string[] = [];
    const plan = await createPlan(request({ targets: ['uat'], mode: 'overwrite', deleteExtra: true, selection }), fakeOrgs({ prod: reference, uat: target }, calls));
    // the layout it keeps is never read
    expect(calls.filter((call) => call.includes('Account-Own'))).to.deep.equal([]);
    const byName = new Map(plan.targets[0].components.map((c) => [`${c.type}:${c.fullName}`, c]));
    expect(byName.get('ListView:Account.Mine_Own')).to.include({ action: 'delete' }).and.not.have.property('deployXml');
    expect(byName.get('ListView:Account.Mine_Own')!.targetHash).to.be.a('string');
    expect(byName.get('Layout:Account-Own')).to.include({ action: 'delete' });
    expect(changesTarget(byName.get('Layout:Account-Own')!)).to.equal(false);
    expect(byName.get('Layout:Account-Own')!.blocked[0]).to.include({ kind: 'manual', whole: true });
    expect(byName.get('Layout:Account-Own')!.blocked[0].reason).to.match(/^only uat has Layout Account-Own; --delete-extra does not delete it: .*Setup/);
    expect(plan.targets[0].counts).to.include({ delete: 1, blocked: 1 });
    // without the flag, what only the target has is not part of the plan
    const plain = await createPlan(request({ targets: ['uat'], mode: 'overwrite', selection }), fakeOrgs({ prod: reference, uat: target }));
    expect(plain.targets[0].components.map((c) => c.fullName)).to.deep.equal(['Account-L', 'Account.All']);
  });

  it('Given a target whose retrieve fails, Then it is recorded with its error and the others are planned', async () => {
    const broken: FakeOrg = { ...uat, fail: new SfError('session expired', 'InvalidSessionError', ['sf org login web --alias uat']) };
    const plan = await createPlan(request(), fakeOrgs({ prod, uat: broken, old }));
    expect(plan.targets[0]).to.deep.include({ status: 'error', error: { name: 'InvalidSessionError', message: 'session expired', actions: ['sf org login web --alias uat'] } });
    expect(plan.targets[1].status).to.equal('ok');
  });

  it('Given the reference among the targets (by org id), Then planning stops before any retrieve', async () => {
    const calls: string[] = [];
    const twin: FakeOrg = { ...prod, handle: handle('twin', '00D1') };
    try {
      await createPlan(request({ targets: ['twin'] }), fakeOrgs({ prod, twin }, calls));
      expect.fail('expected ReferenceIsTargetError');
    } catch (error) {
      expect((error as SfError).name).to.equal('ReferenceIsTargetError');
    }
    expect(calls).to.deep.equal([]);
  });

  it('Given a named member the reference lacks, Then MemberNotInReference names it', async () => {
    try {
      await createPlan(request({ selection: selectionFromMetadataArgs(['Layout:Account-Nope']) }), fakeOrgs({ prod, uat, old }));
      expect.fail('expected MemberNotInReferenceError');
    } catch (error) {
      expect((error as SfError).message).to.include('Layout:Account-Nope');
    }
  });

  it('Given --shard 2/2, Then only that share of the targets is planned', async () => {
    const plan = await createPlan(request({ shard: { index: 2, count: 2 } }), fakeOrgs({ prod, uat, old }));
    expect(plan.targets.map((t) => t.name)).to.deep.equal(['uat']);
    expect(plan.shard).to.deep.equal({ index: 2, count: 2 });
  });

  it('Given Profile selected, When planned, Then every target is read with exactly the scope the reference was read with', async () => {
    const profile = `<Profile ${NS}><customSettingAccesses><enabled>true</enabled><name>Config__c</name></customSettingAccesses></Profile>`;
    const withProfile = (org: FakeOrg): FakeOrg => ({
      ...org,
      components: [...org.components, { type: 'Profile', fullName: 'Admin', xml: profile }, { type: 'CustomObject', fullName: 'Config__c', xml: `<CustomObject ${NS}/>` }],
    });
    const calls: string[] = [];
    await createPlan(request({ selection: selectionFromMetadataArgs(['Profile']), targets: ['uat'] }), fakeOrgs({ prod: withProfile(prod), uat: withProfile(uat) }, calls));
    const [referenceCall, targetCall] = calls.map((call) => call.split(':').slice(1).join(':').split(',').sort());
    // the base recorded in the target comes with its retrieve, and shapes no profile
    expect(targetCall.filter((key) => key !== 'StaticResource:PostdeployBase')).to.deep.equal(referenceCall);
    expect(targetCall).to.include('StaticResource:PostdeployBase');
    expect(targetCall).to.include('CustomObject:Config__c');
  });

  it('Given a listed member the reference cannot return, Then the plan warns with its name instead of dropping it in silence', async () => {
    const lister = fakeOrgs({ prod, uat, old });
    const orgs = { ...lister, listMembers: (): ReturnType<PlannerOrgs['listMembers']> => Promise.resolve([{ type: 'Layout', fullName: 'Account-L' }, { type: 'Layout', fullName: 'pkg__X__c-Gone' }]) };
    const plan = await createPlan(request(), orgs);
    expect(plan.warnings).to.have.length(1);
    expect(plan.warnings?.[0]).to.include('Layout:pkg__X__c-Gone').and.to.include('not found');
  });

  it("Given managed members, When --managed exclude, only, or 'pkg__*' selects, Then the selection follows the package", async () => {
    const managedLayout = { type: 'Layout', fullName: 'Account-pkg__Extra', xml: layout(['Name']) };
    const orgsOf = (): PlannerOrgs => {
      const base = fakeOrgs({ prod: { ...prod, components: [...prod.components, managedLayout] }, uat: { ...uat, components: [...uat.components, managedLayout] } });
      return {
        ...base,
        listMembers: (): ReturnType<PlannerOrgs['listMembers']> =>
          Promise.resolve([{ type: 'Layout', fullName: 'Account-L' }, { type: 'Layout', fullName: 'Account-pkg__Extra', namespace: 'pkg', managed: true }]),
      };
    };
    const names = async (overrides: Partial<PlanRequest>): Promise<string[]> =>
      (await createPlan(request({ targets: ['uat'], ...overrides }), orgsOf())).targets[0].components.map((c) => `${c.fullName}${c.managed ? ` (${c.namespace ?? ''})` : ''}`);
    expect(await names({ managed: 'exclude' })).to.deep.equal(['Account-L']);
    expect(await names({ managed: 'only' })).to.deep.equal(['Account-pkg__Extra (pkg)']);
    expect(await names({ selection: selectionFromMetadataArgs(['Layout:pkg__*']) })).to.deep.equal(['Account-pkg__Extra (pkg)']);
  });
  describe('targets beside the reference', () => {
    type Gate = { promise: Promise<void>; open(): void };
    const gate = (): Gate => {
      let open = (): void => undefined;
      const promise = new Promise<void>((resolve) => (open = resolve));
      return { promise, open };
    };
    /** The fake orgs, with the reference's retrieve held until `held` opens; the log says what happened when. */
    const heldReference = (base: PlannerOrgs, held: Gate, log: string[], signals: Array<AbortSignal | undefined> = []): PlannerOrgs => ({
      ...base,
      retrieveComponents: async (org, keys, options): ReturnType<PlannerOrgs['retrieveComponents']> => {
        log.push(`start ${org.identity.name}`);
        if (org.identity.name === 'prod') await held.promise;
        else signals.push(options?.signal);
        const outcome = await base.retrieveComponents(org, keys, options);
        log.push(`end ${org.identity.name}`);
        return outcome;
      },
    });

    it('Given a reference whose job is still running, When planned, Then every target has started its retrieve before it ends, and the plan is the one a reference-first plan makes', async () => {
      const held = gate();
      const log: string[] = [];
      const planning = createPlan(request({ concurrency: 8 }), heldReference(fakeOrgs({ prod, uat, old }), held, log));
      // let the listing and the starts happen; the reference's job does not end until the gate opens
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(log).to.deep.equal(['start prod', 'start uat', 'start old', 'end uat', 'end old']);
      held.open();
      const plan = await planning;
      const sequential = await createPlan(request({ concurrency: 8 }), fakeOrgs({ prod, uat, old }));
      const stable = (body: typeof plan): unknown => ({ ...body, planId: undefined, createdAt: undefined });
      expect(stable(plan)).to.deep.equal(stable(sequential));
      expect(plan.targets.map((t) => t.components[0].action)).to.deep.equal(['update', 'noop']);
    });

    it('Given a reference whose retrieve fails, When targets are already running, Then the plan fails with the reference error and the targets are told to stop', async () => {
      const held = gate();
      const log: string[] = [];
      const signals: Array<AbortSignal | undefined> = [];
      const failing: FakeOrg = { ...prod, fail: new SfError('The reference org refused the retrieve', 'RetrieveFailedError', ['Check the reference org.']) };
      const planning = createPlan(request({ targets: ['uat', 'old', 'third'], concurrency: 2 }), heldReference(fakeOrgs({ prod: failing, uat, old, third: { ...old, handle: handle('third', '00D4') } }), held, log, signals));
      await new Promise((resolve) => setTimeout(resolve, 20));
      held.open();
      try {
        await planning;
        expect.fail('expected RetrieveFailedError');
      } catch (error) {
        expect(error).to.be.instanceOf(SfError);
        expect((error as SfError).name).to.equal('RetrieveFailedError');
        expect((error as SfError).actions).to.deep.equal(['Check the reference org.']);
      }
      // the two running targets were given a signal, now aborted; the third never started
      expect(signals).to.have.length(2);
      expect(signals.every((signal) => signal?.aborted)).to.equal(true);
      expect(log.filter((line) => line.startsWith('start'))).to.deep.equal(['start prod', 'start uat', 'start old']);
    });

    it('Given a target whose retrieve fails while the reference is still running, Then it is a failure of that target only', async () => {
      const held = gate();
      const broken: FakeOrg = { ...uat, fail: new SfError('session expired', 'InvalidSessionError', ['sf org login web --alias uat']) };
      const planning = createPlan(request(), heldReference(fakeOrgs({ prod, uat: broken, old }), held, []));
      await new Promise((resolve) => setTimeout(resolve, 20));
      held.open();
      const plan = await planning;
      expect(plan.targets[0]).to.deep.include({ status: 'error', error: { name: 'InvalidSessionError', message: 'session expired', actions: ['sf org login web --alias uat'] } });
      expect(plan.targets[1].status).to.equal('ok');
    });

    it('Given a listed member the reference then cannot return, Then each target is asked again for exactly what the reference returned', async () => {
      const calls: string[] = [];
      const lister = fakeOrgs({ prod, uat, old }, calls);
      const orgs = { ...lister, listMembers: (): ReturnType<PlannerOrgs['listMembers']> => Promise.resolve([{ type: 'Layout', fullName: 'Account-L' }, { type: 'Layout', fullName: 'Account-Gone' }]) };
      const plan = await createPlan(request({ targets: ['uat'] }), orgs);
      expect(calls).to.deep.equal([
        'prod@62.0:Layout:Account-L,Layout:Account-Gone',
        'uat@62.0:Layout:Account-L,Layout:Account-Gone,StaticResource:PostdeployBase',
        'uat@62.0:Layout:Account-L,StaticResource:PostdeployBase',
      ]);
      expect(plan.targets[0].components.map((c) => c.fullName)).to.deep.equal(['Account-L']);
    });
  });
  it('Given a target whose component has the reference\'s very bytes, When planned, Then it is the no-op that a differently indented copy of the same component gets, in both modes', async () => {
    const xml = layout(['Name', 'Industry']);
    const same: FakeOrg = { handle: handle('uat', '00D2'), components: [{ type: 'Layout', fullName: 'Account-L', xml }] };
    const indented: FakeOrg = { handle: handle('old', '00D3'), components: [{ type: 'Layout', fullName: 'Account-L', xml: xml.replace(/></g, '>\n  <') }] };
    const reference: FakeOrg = { ...prod, components: [{ type: 'Layout', fullName: 'Account-L', xml }] };
    for (const mode of ['merge', 'overwrite'] as const) {
      // eslint-disable-next-line no-await-in-loop
      const plan = await createPlan(request({ mode, deleteExtra: mode === 'overwrite' }), fakeOrgs({ prod: reference, uat: same, old: indented }));
      const [byBytes, byParse] = plan.targets.map((t) => t.components[0]);
      expect(byBytes.action).to.equal('noop');
      expect(byBytes).to.deep.equal(byParse);
      expect(byBytes.targetHash).to.equal(byBytes.referenceHash);
    }
  });
});
