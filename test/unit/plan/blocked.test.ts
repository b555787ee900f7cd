import { expect } from 'chai';
import { blockComponent, changesTarget, withBlockedDrift } from '../../../src/plan/blocked.js';
import { renderDriftText } from '../../../src/output/driftText.js';
import { renderJUnitReport } from '../../../src/output/junitReport.js';
import { renderMarkdownReport } from '../../../src/output/markdownReport.js';
import { diffResult } from '../../../src/output/diffResult.js';
import { driftTotalLine, targetStatus } from '../../../src/output/driftTotals.js';
import type { PlanBody, PlannedComponent } from '../../../src/plan/planTypes.js';
import { component, fixturePlan, target } from '../output/planFixture.js';

const LOCKED = 'the record type belongs to the installed package acme (managed, installed): only a package upgrade can change it';

function lockedRecordType(): PlannedComponent {
  return blockComponent(
    component({
      type: 'RecordType',
      fullName: 'acme__Deal__c.acme__Big',
      action: 'update',
      changes: [{ op: 'change', path: 'description', before: 'old', after: 'new' }],
      deployXml: '<RecordType/>',
      irreversible: ['x'],
      destructiveChildren: [{ type: 'ListView', fullName: 'acme__Deal__c.All' }],
    }),
    { kind: 'managed', reason: LOCKED }
  );
}

function planWithOnlyBlockedDrift(): PlanBody {
  const plan = fixturePlan();
  return { ...plan, targets: [target({ name: 'cust1', username: 'admin@cust1.example', orgId: '00D000000000C01', components: [lockedRecordType()] })] };
}

describe('plan/blocked', () => {
  it('Given an update the target cannot take, When blocked, Then nothing is deployed, the drift stays listed with its reason, and apply expects no change', () => {
    const blocked = lockedRecordType();
    expect(blocked.action).to.equal('blocked');
    expect(blocked.deployXml).to.equal(undefined);
    expect(blocked.destructiveChildren).to.deep.equal([]);
    expect(blocked.irreversible).to.deep.equal([]);
    expect(blocked.patchedHash).to.equal(blocked.targetHash);
    expect(blocked.changes).to.have.length(1);
    expect(blocked.blocked).to.deep.equal([{ kind: 'managed', reason: LOCKED }]);
    expect(changesTarget(blocked)).to.equal(false);
  });

  it('Given a component without drift, When blocked, Then it stays a noop', () => {
    const noop = component({ type: 'Layout', fullName: 'Account-Account Layout', action: 'noop' });
    expect(blockComponent(noop, { kind: 'refused', reason: 'r' })).to.equal(noop);
  });

  it('Given element-level blocks, When added, Then the deployable action stays and the blocks are listed', () => {
    const update = component({ type: 'Profile', fullName: 'Admin', action: 'update' });
    const withBlocks = withBlockedDrift(update, [{ kind: 'refused', path: 'fieldPermissions[Account.Tier__c]', reason: 'Tier__c is required in t3' }]);
    expect(withBlocks.action).to.equal('update');
    expect(changesTarget(withBlocks)).to.equal(true);
    expect(withBlocks.blocked).to.have.length(1);
    expect(withBlockedDrift(update, [])).to.equal(update);
  });

  it('Given a target whose only drift is blocked, When reported, Then every report shows the reason and none calls it drift to apply', () => {
    const plan = planWithOnlyBlockedDrift();
    expect(targetStatus(plan.targets[0])).to.equal('blocked');
    expect(driftTotalLine(plan)).to.equal('no drift in 1 target; 1 component with drift that cannot be applied here');
    const text = renderDriftText(plan, { color: false });
    expect(text).to.include('x cannot be applied here (only the package can change this): ' + LOCKED);
    expect(text).to.include('nothing to apply');
    const markdown = renderMarkdownReport(plan);
    expect(markdown).to.include('⛔ drift that cannot be applied');
    expect(markdown).to.include('x cannot be applied here');
    const junit = renderJUnitReport(plan);
    expect(junit).to.include('failures="0"');
    expect(junit).to.include('skipped="1"');
    expect(junit).to.include('<skipped message="the record type belongs');
    const json = diffResult(plan, 'plan-file', {});
    expect(json.drift).to.equal(false);
    expect(json.targets[0].components[0].blocked?.[0].kind).to.equal('managed');
  });
});
