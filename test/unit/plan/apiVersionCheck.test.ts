import { expect } from 'chai';
import { apiVersionConflict, blockedByApiVersion, type KnownConflicts } from '../../../src/plan/apiVersionCheck.js';
import { changesTarget, isWhollyBlocked } from '../../../src/plan/blocked.js';
import type { PlannedComponent } from '../../../src/plan/planTypes.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const profile = (body: string): string => `<Profile ${NS}>${body}</Profile>`;
const agentAccess = '<agentAccesses><agentName>Bot</agentName><enabled>true</enabled></agentAccesses>';

describe('API version check of deploy content', () => {
  it('Given an element newer than the API version, Then the reason names it, its type, the version it needs and what to run', () => {
    expect(apiVersionConflict(profile(agentAccess), '62.0')).to.equal(
      'element agentAccesses of Profile needs API 64.0; the plan uses API 62.0: plan again with --api-version 64.0 (every org must support it), or remove it from the reference'
    );
  });

  it('Given elements of several versions, Then each outermost one is named (not the elements inside it) and the highest version is asked for', () => {
    const reason = apiVersionConflict(profile(`${agentAccess}<genComputingSummaryDefAccesses><configName>C</configName><enabled>true</enabled></genComputingSummaryDefAccesses>`), '60.0');
    expect(reason).to.equal(
      'element agentAccesses of Profile needs API 64.0; element genComputingSummaryDefAccesses of Profile needs API 66.0; the plan uses API 60.0: plan again with --api-version 66.0 (every org must support it), or remove it from the reference'
    );
  });

  it('Given content the version knows, or a type the schema does not hold, Then there is no conflict', () => {
    expect(apiVersionConflict(profile(agentAccess), '64.0')).to.equal(undefined);
    expect(apiVersionConflict(`<ApexClass ${NS}><apiVersion>66.0</apiVersion></ApexClass>`, '50.0')).to.equal(undefined);
  });

  it('Given a planned component with such content, Then it is blocked (refused) and its content is not deployed; without a version nothing changes', () => {
    const component: PlannedComponent = {
      type: 'Profile',
      fullName: 'Sales',
      action: 'update',
      targetHash: 't',
      referenceHash: 'r',
      patchedHash: 'p',
      changes: [{ op: 'add', path: 'agentAccesses[Bot]', after: { enabled: true } }],
      irreversible: [],
      notes: [],
      comparedAsWhole: false,
      destructiveChildren: [],
      blocked: [],
      deployXml: profile(agentAccess),
    };
    const blocked = blockedByApiVersion(component, '63.0');
    expect(blocked.action).to.equal('update');
    expect(isWhollyBlocked(blocked)).to.equal(true);
    expect(changesTarget(blocked)).to.equal(false);
    expect(blocked.deployXml).to.equal(undefined);
    expect(blocked.blocked[0].kind).to.equal('refused');
    expect(blocked.changes).to.deep.equal(component.changes);
    expect(blockedByApiVersion(component, undefined)).to.equal(component);
    expect(blockedByApiVersion(component, '64.0')).to.equal(component);
  });

  it('Given one content shared by many targets, When checked for each, Then the answer follows the content and the version, not the first check', () => {
    const base = { type: 'Profile', fullName: 'Sales', action: 'update' as const, targetHash: 't', referenceHash: 'r', patchedHash: 'p', changes: [], irreversible: [], notes: [], comparedAsWhole: false, destructiveChildren: [], blocked: [] };
    const shared = {};
    const known: KnownConflicts = new WeakMap();
    const newer = { ...base, deployXml: profile(agentAccess) };
    const older = { ...base, deployXml: profile('<custom>true</custom>') };
    expect(isWhollyBlocked(blockedByApiVersion(newer, '63.0', shared, known))).to.equal(true);
    expect(isWhollyBlocked(blockedByApiVersion(newer, '63.0', shared, known))).to.equal(true);
    expect(isWhollyBlocked(blockedByApiVersion(newer, '64.0', shared, known))).to.equal(false);
    expect(isWhollyBlocked(blockedByApiVersion(older, '63.0', shared, known))).to.equal(false);
  });
});
