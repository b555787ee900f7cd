import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { Org, SfError } from '@salesforce/core';
import { ComponentKey, MetadataComponent, OrgHandle, filesFromBase64, keyOf } from '../../../src/org/index.js';
import { BASE_LIMITS, RecordedBaseError, announcedParts, baseHash, isBaseResource, nextBase, readRecordedBase } from '../../../src/plan/recordedBase.js';
import { createPlan, PlannerOrgs, PlanRequest } from '../../../src/plan/planner.js';
import { selectionFromMetadataArgs } from '../../../src/plan/selection.js';
import type { PlannedComponent } from '../../../src/plan/planTypes.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const layout = (items: string[]): string =>
  `<Layout ${NS}><layoutSections><label>Info</label><layoutColumns>${items.map((f) => `<layoutItems><field>${f}</field></layoutItems>`).join('')}</layoutColumns><style>OneColumn</style></layoutSections></Layout>`;
const component = (fullName: string, items: string[]): MetadataComponent => ({ type: 'Layout', fullName, xml: layout(items) });
const byKey = (components: MetadataComponent[]): Map<string, MetadataComponent> => new Map(components.map((c) => [keyOf(c), c]));

/** What a retrieve of the deployed static resources gives back. */
function retrieved(resources: PlannedComponent[]): Map<string, MetadataComponent> {
  return byKey(resources.filter((r) => r.action !== 'delete').map((r) => ({ type: r.type, fullName: r.fullName, xml: r.deployXml!, files: filesFromBase64(r.deployFiles!) })));
}

/** Layouts whose text does not compress: `count` of them, about `chars` characters each. */
function incompressible(count: number, chars: number): MetadataComponent[] {
  return Array.from({ length: count }, (_, i) => component(`Account-L${String(i).padStart(3, '0')}`, [randomBytes(Math.ceil((chars * 3) / 4)).toString('base64')]));
}

describe('the base recorded in a target org', () => {
  it('Given no base yet, When the next base is computed, Then one static resource is created that reads back as exactly the applied components, its description naming the hash within 255 characters', () => {
    const applied = [component('Account-A', ['Name']), component('Account-B', ['Name', 'Phone'])];
    const next = nextBase(undefined, applied, new Map());
    expect(next.components).to.equal(2);
    expect(next.hash).to.equal(baseHash(byKey(applied)));
    expect(next.resources.map((r) => [r.type, r.fullName, r.action, r.targetHash, r.changes.length])).to.deep.equal([['StaticResource', 'PostdeployBase', 'create', null, 0]]);
    const description = /<description>(.*)<\/description>/.exec(next.resources[0].deployXml!)![1];
    expect(description.length).to.be.at.most(255);
    expect(description).to.include(next.hash);
    expect(Object.keys(next.resources[0].deployFiles!)).to.deep.equal(['staticresources/PostdeployBase.resource']);
    const read = readRecordedBase([...retrieved(next.resources).values()]);
    expect(read.hash).to.equal(next.hash);
    expect([...read.components.values()]).to.deep.equal(applied);
  });

  it('Given a recorded base, When some components are applied again, Then they replace their base, the others keep theirs, and the resource is an update', () => {
    const first = nextBase(undefined, [component('Account-A', ['Name']), component('Account-B', ['Name'])], new Map());
    const held = retrieved(first.resources);
    const previous = readRecordedBase([...held.values()]).components;
    const next = nextBase(previous, [component('Account-A', ['Name', 'Phone'])], held);
    expect(next.resources.map((r) => [r.action, r.targetHash === first.resources[0].patchedHash])).to.deep.equal([['update', true]]);
    expect([...readRecordedBase([...retrieved(next.resources).values()]).components.values()].map((c) => c.xml)).to.deep.equal([layout(['Name', 'Phone']), layout(['Name'])]);
  });

  it('Given the target holds the base already, When computed again, Then nothing is deployed (the same base gives the same hash)', () => {
    const applied = [component('Account-A', ['Name'])];
    const first = nextBase(undefined, applied, new Map());
    const held = retrieved(first.resources);
    const again = nextBase(readRecordedBase([...held.values()]).components, applied, held);
    expect(again).to.deep.equal({ hash: first.hash, components: 1, resources: [] });
  });

  it('Given a base over the part limit, Then it is split into parts under it that read back whole; a smaller base later deletes the parts it no longer needs', () => {
    const limits = { partBytes: 64 * 1024, maxParts: 10 };
    const big = incompressible(12, 40_000);
    const next = nextBase(undefined, big, new Map(), limits);
    expect(next.resources.length).to.be.within(2, limits.maxParts);
    expect(next.resources.map((r) => r.fullName)).to.deep.equal(next.resources.map((_, i) => (i === 0 ? 'PostdeployBase' : `PostdeployBase_${i + 1}`)));
    for (const resource of next.resources) expect(Buffer.from(Object.values(resource.deployFiles!)[0], 'base64').length).to.be.at.most(limits.partBytes);
    const held = retrieved(next.resources);
    expect(announcedParts(held.get('StaticResource:PostdeployBase')!)).to.equal(next.resources.length);
    const read = readRecordedBase([...held.values()]);
    expect(read.components.size).to.equal(12);
    expect(read.hash).to.equal(next.hash);
    // a part missing is never read as a smaller base
    expect(() => readRecordedBase([...held.values()].slice(0, -1))).to.throw(RecordedBaseError, /announces/);

    const small = [component('Account-A', ['Name'])];
    const shrunk = nextBase(new Map(), small, held, limits);
    expect(shrunk.resources.map((r) => [r.fullName, r.action])).to.deep.equal([
      ['PostdeployBase', 'update'],
      ...next.resources.slice(1).map((r) => [r.fullName, 'delete']),
    ]);
  });

  it('Given a base that would need more parts than allowed, Then it is refused with what to do, before anything is deployed', () => {
    expect(BASE_LIMITS).to.deep.equal({ partBytes: 2 * 1024 * 1024, maxParts: 10 });
    let error: SfError | undefined;
    try {
      nextBase(undefined, incompressible(24, 10_000), new Map(), { partBytes: 16 * 1024, maxParts: 3 });
    } catch (caught) {
      error = caught as SfError;
    }
    expect(error?.name).to.equal('BaseTooBigError');
    expect(error?.message).to.include('24 components').and.include('5 MB per static resource');
    expect(error?.actions?.join(' ')).to.include('--no-record-base');
  });

  it('Given a resource of that name that is not ours, Then reading it fails as unreadable, never as a base', () => {
    const foreign: MetadataComponent = { type: 'StaticResource', fullName: 'PostdeployBase', xml: '<StaticResource/>', files: { 'staticresources/PostdeployBase.resource': gzipSync(Buffer.from('{"format":"other"}')) } };
    expect(() => readRecordedBase([foreign])).to.throw(RecordedBaseError, /not a base written by sf postdeploy/);
    expect(isBaseResource({ type: 'StaticResource', fullName: 'PostdeployBase_3' })).to.equal(true);
    expect(isBaseResource({ type: 'StaticResource', fullName: 'PostdeployBaseline' })).to.equal(false);
  });
});

describe('planner: which base each target uses', () => {
  const handle = (name: string, orgId: string): OrgHandle => new OrgHandle({ name, alias: name, username: `${name}@x.test`, orgId, instanceUrl: 'https://x', maxApiVersion: '62.0' }, {} as Org);
  const orgsOf = (components: Record<string, MetadataComponent[]>): PlannerOrgs => {
    const handles = Object.fromEntries(Object.keys(components).map((name, i) => [name, handle(name, `00D${i}`)]));
    return {
      resolveOrg: (name) => Promise.resolve(handles[name]),
      listMembers: (org, types) => Promise.resolve(components[org.identity.name].filter((c) => types.includes(c.type)).map(({ type, fullName }) => ({ type, fullName }))),
      retrieveComponents: (org, keys: ComponentKey[]): ReturnType<PlannerOrgs['retrieveComponents']> => {
        const wanted = new Set(keys.map(keyOf));
        return Promise.resolve({ org: org.identity, components: components[org.identity.name].filter((c) => wanted.has(keyOf(c))), missing: [], jobId: '09S', statusChecks: 1 });
      },
      readLocalFolder: () => Promise.resolve({ format: 'source', components: [] }),
    };
  };
  const request = (overrides: Partial<PlanRequest> = {}): PlanRequest => ({
    reference: { org: 'prod' },
    targets: ['uat'],
    selection: selectionFromMetadataArgs(['Layout', 'StaticResource']),
    mode: 'merge',
    deleteExtra: false,
    concurrency: 1,
    tool: { name: 'sf-postdeploy', version: 'test' },
    ...overrides,
  });
  // release 1 had Phone on the layout; release 2 removes it
  const release1 = component('Account-L', ['Name', 'Phone']);
  const release2 = component('Account-L', ['Name']);
  const recorded = [...retrieved(nextBase(undefined, [release1], new Map()).resources).values()];

  it('Given a target holding a recorded base, When planned with no base given, Then it is used: the removal reaches the target and the resource is never compared', async () => {
    const plan = await createPlan(request(), orgsOf({ prod: [release2, ...recorded], uat: [release1, ...recorded] }));
    const target = plan.targets[0];
    expect(target.base).to.deep.include({ source: 'org', resource: 'PostdeployBase', parts: 1, components: 1 });
    expect(target.components.map((c) => [c.type, c.fullName, c.action])).to.deep.equal([['Layout', 'Account-L', 'update']]);
    expect(target.components[0].changes.map((c) => [c.op, c.path])).to.deep.equal([['remove', 'layoutSections[Info].layoutItems[Phone]']]);
    expect(target.nextBase?.resources.map((r) => r.action)).to.deep.equal(['update']);
  });

  it('Given --base-org, Then that org is the base of every target, over the recorded one', async () => {
    const plan = await createPlan(request({ base: { org: 'last' } }), orgsOf({ prod: [release2], uat: [release1, ...recorded], last: [release2] }));
    expect(plan.targets[0].base).to.deep.include({ source: 'org-alias', org: 'last', username: 'last@x.test' });
    // the base equals the reference: the target's Phone is its own, kept
    expect(plan.targets[0].components[0].action).to.equal('noop');
  });

  it('Given overwrite mode, Then no base is compared but the next base is still computed for apply to record', async () => {
    const plan = await createPlan(request({ mode: 'overwrite' }), orgsOf({ prod: [release2], uat: [release1, ...recorded] }));
    expect(plan.targets[0].base).to.equal(undefined);
    expect(plan.targets[0].nextBase?.components).to.equal(1);
  });

  it('Given a component left in conflict beside one corrected, Then the conflicted one keeps its recorded base, so that the next plan sees the same conflict', async () => {
    // the reference removes Phone; the target changed Phone's behavior: a conflict
    const changed: MetadataComponent = { ...release1, xml: release1.xml.replace('<field>Phone</field>', '<behavior>Required</behavior><field>Phone</field>') };
    const other = component('Account-M', ['Name', 'Industry']);
    const plan = await createPlan(request(), orgsOf({ prod: [release2, other], uat: [changed, component('Account-M', ['Name']), ...recorded] }));
    expect(plan.targets[0].components.map((c) => [c.fullName, c.action, c.conflicts?.length ?? 0])).to.deep.equal([['Account-L', 'noop', 1], ['Account-M', 'update', 0]]);
    expect(plan.targets[0].nextBase).to.deep.include({ hash: baseHash(byKey([release1, other])), components: 2 });
    expect(plan.targets[0].nextBase?.resources.map((r) => r.action)).to.deep.equal(['update']);
  });

  it('Given a target with nothing to correct, Then no base is recorded in it (apply does not deploy to it)', async () => {
    const plan = await createPlan(request(), orgsOf({ prod: [release2], uat: [release2] }));
    expect(plan.targets[0].components[0].action).to.equal('noop');
    expect(plan.targets[0].nextBase).to.equal(undefined);
  });

  it('Given an unreadable resource of that name, Then the target is planned without a base, saying why', async () => {
    const foreign: MetadataComponent = { type: 'StaticResource', fullName: 'PostdeployBase', xml: '<StaticResource/>', files: { 'staticresources/PostdeployBase.resource': Buffer.from('not gzip') } };
    const plan = await createPlan(request(), orgsOf({ prod: [release2], uat: [release1, foreign] }));
    expect(plan.targets[0].status).to.equal('ok');
    expect(plan.targets[0].base).to.deep.include({ source: 'none' });
    expect((plan.targets[0].base as { reason?: string }).reason).to.include('could not be read');
  });
});
