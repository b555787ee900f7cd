import { expect } from 'chai';
import { blockAllElements, blockComponent, changesTarget, isWhollyBlocked, reportedAction, withBlockedDrift } from '../../../src/plan/blocked.js';
import { componentDetailLines } from '../../../src/output/changeLines.js';
import { renderDriftText } from '../../../src/output/driftText.js';
import { renderJUnitReport } from '../../../src/output/junitReport.js';
import { renderMarkdownReport } from '../../../src/output/markdownReport.js';
import { diffResult } from '../../../src/output/diffResult.js';
import { actionLabel, driftTotalLine, targetDrift, targetStatus } from '../../../src/output/driftTotals.js';
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
    expect(blocked.action).to.equal('update');
    expect(isWhollyBlocked(blocked)).to.equal(true);
    expect(blocked.deployXml).to.equal(undefined);
    expect(blocked.destructiveChildren).to.deep.equal([]);
    expect(blocked.irreversible).to.deep.equal([]);
    expect(blocked.patchedHash).to.equal(blocked.targetHash);
    expect(blocked.changes).to.have.length(1);
    expect(blocked.blocked).to.deep.equal([{ kind: 'managed', reason: LOCKED, whole: true }]);
    expect(changesTarget(blocked)).to.equal(false);
  });

  it('Given a component without drift, When blocked, Then it stays a noop', () => {
    const noop = component({ type: 'Layout', fullName: 'Account-Account Layout', action: 'noop' });
    expect(blockComponent(noop, { kind: 'refused', reason: 'r' })).to.equal(noop);
  });

  it('Given a noop patch whose every element of drift is refused, When blocked, Then it keeps the action of its drift, each entry is whole, and nothing is deployed', () => {
    const refusedAll = component({ type: 'Profile', fullName: 'Admin', action: 'noop', patchedHash: 'a'.repeat(64) });
    const drift = [{ kind: 'refused' as const, path: 'fieldPermissions[Account.Tier__c]', reason: 'Tier__c is required in t3' }];
    const change = { op: 'change' as const, path: 'fieldPermissions[Account.Tier__c].editable', before: false, after: true };
    const blocked = blockAllElements(refusedAll, [change], drift);
    expect(blocked).to.include({ action: 'update', patchedHash: refusedAll.targetHash }).and.not.have.property('deployXml');
    expect(blocked.changes).to.deep.equal([change]);
    expect(blocked.blocked).to.deep.equal([{ ...drift[0], whole: true }]);
    expect([isWhollyBlocked(blocked), changesTarget(blocked), reportedAction(blocked), actionLabel(blocked)]).to.deep.equal([true, false, 'blocked', 'blocked']);
    expect(blockAllElements({ ...refusedAll, targetHash: null }, [change], drift).action).to.equal('create');
  });

  it('Given a deletion the target refuses, When blocked, Then it stays a delete that deploys nothing and no report line says it deletes', () => {
    const deletion = blockComponent(component({ type: 'Layout', fullName: 'Account-Own', action: 'delete', referenceHash: null, changes: [{ op: 'remove', path: '' }] }), { kind: 'refused', reason: 'the last layout of Account' });
    expect(deletion.action).to.equal('delete');
    expect(changesTarget(deletion)).to.equal(false);
    expect(componentDetailLines(deletion).map((line) => line.kind)).to.deep.equal(['remove', 'blocked']);
    const drift = targetDrift(target({ name: 't', username: 'u', components: [deletion] }));
    expect(drift).to.include({ delete: 0, blocked: 1, drifting: 0, changes: 0 });
  });

  it('Given element-level blocks, When added, Then the deployable action stays and the blocks are listed', () => {
    const update = component({ type: 'Profile', fullName: 'Admin', action: 'update' });
    const withBlocks = withBlockedDrift(update, [{ kind: 'refused', path: 'fieldPermissions[Account.Tier__c]', reason: 'Tier__c is required in t3' }]);
    expect(withBlocks.action).to.equal('update');
    expect(changesTarget(withBlocks)).to.equal(true);
    expect(isWhollyBlocked(withBlocks)).to.equal(false);
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
    expect(json.targets[0].components[0]).to.include({ action: 'update' });
    expect(json.targets[0].components[0].blocked).to.deep.equal([{ kind: 'managed', reason: LOCKED, whole: true }]);
    expect(plan.targets[0].counts).to.include({ update: 0, blocked: 1, changes: 0 });
  });
});
