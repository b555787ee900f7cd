import { expect } from 'chai';
import { lockedPaths, subscriberEditable } from '../../../src/metadata/index.js';
import { withTargetElements } from '../../../src/plan/lockedElements.js';
import { retrievableName } from '../../../src/org/members.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

describe('managed components', () => {
  it('Given a managed layout as listMetadata names it, Then the retrievable name carries the namespace twice', () => {
    expect(retrievableName({ type: 'Layout', fullName: 'pkg__Invoice__c-Invoice Layout', namespacePrefix: 'pkg' })).to.equal('pkg__Invoice__c-pkg__Invoice Layout');
    expect(retrievableName({ type: 'Layout', fullName: 'Account-pkg__Account Layout', namespacePrefix: 'pkg' })).to.equal('Account-pkg__Account Layout');
    expect(retrievableName({ type: 'Layout', fullName: 'Account-Account Layout', namespacePrefix: '' })).to.equal('Account-Account Layout');
    expect(retrievableName({ type: 'ListView', fullName: 'pkg__Invoice__c.All', namespacePrefix: 'pkg' })).to.equal('pkg__Invoice__c.All');
  });

  it('Given the subscriber-editable table, Then layouts are editable, record types only in their picklist values, value sets not at all', () => {
    expect(subscriberEditable('Layout')).to.equal('all');
    expect(lockedPaths('Layout', ['layoutSections[Info].layoutItems[Name]'])).to.deep.equal([]);
    expect(lockedPaths('RecordType', ['label', 'picklistValues[Status__c].values[Paid]'])).to.deep.equal(['label']);
    expect(lockedPaths('GlobalValueSet', ['customValue[AMER]'])).to.deep.equal(['customValue[AMER]']);
  });

  it('Given a reference record type and a target with another label, Then the reference keeps its picklist values and takes the target label', () => {
    const reference = `<?xml version="1.0" encoding="UTF-8"?><RecordType ${NS}><fullName>Std</fullName><active>true</active><label>Standard</label><picklistValues><picklist>S__c</picklist><values><fullName>Paid</fullName></values></picklistValues></RecordType>`;
    const target = `<RecordType ${NS}><fullName>Std</fullName><active>true</active><label>Mine</label></RecordType>`;
    const merged = withTargetElements(reference, target, ['label']);
    expect(merged).to.include('<label>Mine</label>').and.to.include('<fullName>Paid</fullName>');
    expect(merged).not.to.include('Standard');
    expect(merged.indexOf('<active>')).to.be.lessThan(merged.indexOf('<label>'));
  });

  it('Given a locked element the target lacks, Then the reference loses it too', () => {
    const merged = withTargetElements(`<RecordType ${NS}><description>d</description><label>L</label></RecordType>`, `<RecordType ${NS}><label>L</label></RecordType>`, ['description']);
    expect(merged).not.to.include('description');
  });
});

describe('compact layout assignments', () => {
  it('Given selected compact layouts, Then their objects are compared once each', async () => {
    const { assignmentObjects } = await import('../../../src/plan/compactLayoutAssignment.js');
    expect(assignmentObjects([{ type: 'CompactLayout', fullName: 'Account.A' }, { type: 'CompactLayout', fullName: 'Account.B' }, { type: 'Layout', fullName: 'X-Y' }])).to.deep.equal([{ type: 'CustomObject', fullName: 'Account' }]);
  });

  it("Given a target object, Then only the reference's assignment is taken into it, and it is sent alone only for standard objects", async () => {
    const { assignmentOf, sendableAlone, targetWithReferenceAssignment } = await import('../../../src/plan/compactLayoutAssignment.js');
    const target = `<CustomObject ${NS}><compactLayoutAssignment>Mini</compactLayoutAssignment><sharingModel>Private</sharingModel></CustomObject>`;
    const reference = `<CustomObject ${NS}><compactLayoutAssignment>Full</compactLayoutAssignment><sharingModel>ReadWrite</sharingModel></CustomObject>`;
    const merged = targetWithReferenceAssignment(target, reference);
    expect(assignmentOf(merged)).to.equal('Full');
    expect(merged).to.include('<sharingModel>Private</sharingModel>');
    expect(sendableAlone('Account')).to.equal(true);
    expect(sendableAlone('pkg__Invoice__c')).to.equal(false);
  });
});

describe('package labels in reports', () => {
  it('Given a managed component, a namespaced one and the org own, Then the label says which', async () => {
    const { packageLabel } = await import('../../../src/output/driftTotals.js');
    expect(packageLabel({ namespace: 'pkg', managed: true })).to.equal(' [managed: pkg]');
    expect(packageLabel({ namespace: 'pkg' })).to.equal(' [pkg]');
    expect(packageLabel({})).to.equal('');
  });
});
