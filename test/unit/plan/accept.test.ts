import { expect } from 'chai';
import { Org } from '@salesforce/core';
import { AcceptRules, isExpired, matchesComponent, matchesPath } from '../../../src/plan/accept.js';
import { createPlan, PlannerOrgs, PlanRequest } from '../../../src/plan/planner.js';
import { selectionFromMetadataArgs } from '../../../src/plan/selection.js';
import type { AcceptEntry } from '../../../src/plan/planTypes.js';
import { ComponentKey, MetadataComponent, OrgHandle } from '../../../src/org/index.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const layout = (items: string[]): string =>
  `<Layout ${NS}><layoutSections><label>Info</label><layoutColumns>${items.map((f) => `<layoutItems><field>${f}</field></layoutItems>`).join('')}</layoutColumns><style>OneColumn</style></layoutSections></Layout>`;

function fakeOrgs(orgs: Record<string, MetadataComponent[]>): PlannerOrgs {
  const handles = Object.fromEntries(Object.keys(orgs).map((name, i) => [name, new OrgHandle({ name, alias: name, username: `${name}@x.test`, orgId: `00D${i}`, instanceUrl: 'https://x', maxApiVersion: '62.0' }, {} as Org)]));
  return {
    resolveOrg: (name) => Promise.resolve(handles[name]),
    listMembers: (org, types) => Promise.resolve(orgs[org.identity.name].filter((c) => types.includes(c.type)).map(({ type, fullName }) => ({ type, fullName }))),
    retrieveComponents: (org, keys: ComponentKey[]): ReturnType<PlannerOrgs['retrieveComponents']> => {
      const wanted = new Set(keys.map((k) => `${k.type}:${k.fullName}`));
      const components = orgs[org.identity.name].filter((c) => wanted.has(`${c.type}:${c.fullName}`));
      return Promise.resolve({ org: org.identity, components, missing: [], jobId: '09S', statusChecks: 1 });
    },
    readLocalFolder: () => Promise.resolve({ format: 'source', components: [] }),
  };
}

function request(accept: AcceptEntry[], overrides: Partial<PlanRequest> = {}): PlanRequest {
  return {
    reference: { org: 'prod' },
    targets: ['uat', 'qa'],
    selection: selectionFromMetadataArgs(['Layout']),
    mode: 'merge',
    deleteExtra: false,
    concurrency: 2,
    accept,
    now: new Date('2027-01-15T12:00:00Z'),
    tool: { name: 'sf-postdeploy', version: 'test' },
    ...overrides,
  };
}

describe('accepted differences', () => {
  describe('globs', () => {
    it('Given a component glob, Then it matches Type:fullName with * over any run of characters', () => {
      expect(matchesComponent('Layout:Account-*', { type: 'Layout', fullName: 'Account-Account Layout' })).to.equal(true);
      expect(matchesComponent('Layout:Account-*', { type: 'Layout', fullName: 'Contact-Layout' })).to.equal(false);
      expect(matchesComponent('*:Admin', { type: 'Profile', fullName: 'Admin' })).to.equal(true);
      expect(matchesComponent('Layout:Account-(x)', { type: 'Layout', fullName: 'Account-(x)' })).to.equal(true);
    });

    it('Given a path glob, Then brackets are literal, * spans keys, and an element covers what is inside it', () => {
      expect(matchesPath('layoutSections[*].layoutItems[Site]', 'layoutSections[Info].layoutItems[Site]')).to.equal(true);
      expect(matchesPath('layoutSections[*].layoutItems[Site]', 'layoutSections[Info].layoutItems[SiteX]')).to.equal(false);
      expect(matchesPath('fieldPermissions[Account.Rating]', 'fieldPermissions[Account.Rating].editable')).to.equal(true);
      expect(matchesPath('fieldPermissions[Account.Rating]', 'fieldPermissions[Account.RatingX].editable')).to.equal(false);
    });

    it('Given until, Then the entry holds through that day (UTC) and expires the day after', () => {
      const entry: AcceptEntry = { targets: '*', component: 'Layout:*', reason: 'r', until: '2027-01-15' };
      expect(isExpired(entry, new Date('2027-01-15T23:59:59Z'))).to.equal(false);
      expect(isExpired(entry, new Date('2027-01-16T00:00:00Z'))).to.equal(true);
    });
  });

  describe('decisions', () => {
    const change = { op: 'add' as const, path: 'layoutSections[Info].layoutItems[Site]', after: { field: 'Site' } };

    it('Given entries for other targets, Then nothing is accepted here', () => {
      const rules = new AcceptRules([{ targets: ['uat'], component: 'Layout:*', reason: 'r' }], new Date());
      expect(rules.forTarget(['qa', 'qa@x.test']).decide({ type: 'Layout', fullName: 'A-L' }, [change]).accepted).to.deep.equal([]);
      expect(rules.forTarget(['uat']).decide({ type: 'Layout', fullName: 'A-L' }, [change]).accepted).to.have.length(1);
      expect(rules.forTarget(['uat-eu']).decide({ type: 'Layout', fullName: 'A-L' }, [change]).accepted).to.deep.equal([]);
    });

    it('Given an expired entry, Then the difference is drift again with a note naming the entry, and the entry counts as used', () => {
      const rules = new AcceptRules([{ targets: '*', component: 'Layout:*', reason: 'support team', until: '2026-12-31' }], new Date('2027-01-15T00:00:00Z'));
      const decision = rules.forTarget(['uat']).decide({ type: 'Layout', fullName: 'A-L' }, [change]);
      expect(decision.accepted).to.deep.equal([]);
      expect(decision.notes).to.deep.equal(['accept entry #1 (Layout:*) expired on 2026-12-31 ("support team"): what it accepted counts as drift again; extend "until" or remove the entry']);
      expect(rules.unusedWarnings()).to.deep.equal([]);
    });

    it('Given an entry that matches no difference, Then it is reported as unused', () => {
      const rules = new AcceptRules([{ targets: '*', component: 'Layout:*', path: 'relatedLists[*]', reason: 'r' }], new Date());
      rules.forTarget(['uat']).decide({ type: 'Layout', fullName: 'A-L' }, [change]);
      expect(rules.unusedWarnings()).to.deep.equal([
        'accept entry #1 (Layout:* relatedLists[*]) matched no difference in any target: remove it from the config file\'s "accept" list, or correct its pattern.',
      ]);
    });
  });

  describe('in the plan', () => {
    const orgs = {
      prod: [{ type: 'Layout', fullName: 'Account-L', xml: layout(['Name', 'Industry', 'Site']) }],
      uat: [{ type: 'Layout', fullName: 'Account-L', xml: layout(['Name']) }],
      qa: [{ type: 'Layout', fullName: 'Account-L', xml: layout(['Name']) }],
    };

    it('Given one of two differences accepted in uat, Then uat deploys only the other, and qa is unaffected', async () => {
      const plan = await createPlan(request([{ targets: ['uat'], component: 'Layout:Account-*', path: 'layoutSections[*].layoutItems[Site]', reason: 'uat keeps Site off' }]), fakeOrgs(orgs));
      const [uat, qa] = plan.targets;
      const component = uat.components[0];
      expect(component.action).to.equal('update');
      expect(component.changes.map((c) => c.path)).to.deep.equal(['layoutSections[Info].layoutItems[Industry]']);
      expect(component.accepted).to.deep.equal([{ op: 'add', path: 'layoutSections[Info].layoutItems[Site]', after: { field: 'Site' }, before: undefined, entry: 0, reason: 'uat keeps Site off' }]);
      expect(component.deployXml).to.contain('<field>Industry</field>').and.not.contain('<field>Site</field>');
      expect(uat.counts.changes).to.equal(1);
      expect(qa.components[0].changes.map((c) => c.path)).to.have.members(['layoutSections[Info].layoutItems[Industry]', 'layoutSections[Info].layoutItems[Site]']);
      expect(plan.accept).to.have.length(1);
      expect(plan.warnings).to.equal(undefined);
    });

    it('Given every difference accepted, Then the component is noop with nothing to deploy and its differences kept under accepted', async () => {
      const plan = await createPlan(request([{ targets: '*', component: 'Layout:*', reason: 'ours' }]), fakeOrgs(orgs));
      for (const target of plan.targets) {
        const component = target.components[0];
        expect(component).to.include({ action: 'noop', patchedHash: component.targetHash });
        expect(component.deployXml).to.equal(undefined);
        expect(component.changes).to.deep.equal([]);
        expect(component.accepted!.map((a) => a.path)).to.have.members(['layoutSections[Info].layoutItems[Industry]', 'layoutSections[Info].layoutItems[Site]']);
        expect(target.counts).to.include({ update: 0, noop: 1, changes: 0 });
      }
    });

    it('Given an entry that matches nothing, Then the plan warns about it', async () => {
      const plan = await createPlan(request([{ targets: ['uat'], component: 'Layout:Contact-*', reason: 'gone' }]), fakeOrgs(orgs));
      expect(plan.warnings).to.deep.equal(['accept entry #1 (Layout:Contact-*) matched no difference in any target: remove it from the config file\'s "accept" list, or correct its pattern.']);
    });
  });
});
