import { expect } from 'chai';
import { partlyUndoable, refusedDeletion, targetFacts, vetoedEntries } from '../../../src/plan/targetFacts.js';

const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const account = `<CustomObject ${ns}><fields><fullName>Tier__c</fullName><required>true</required><type>Picklist</type></fields><fields><fullName>Parent__c</fullName><type>MasterDetail</type></fields><fields><fullName>Region__c</fullName><type>Text</type></fields></CustomObject>`;
const profile = (body: string, custom = 'true'): string => `<Profile ${ns}><custom>${custom}</custom>${body}</Profile>`;
const permission = (name: string, enabled = 'true'): string => `<userPermissions><enabled>${enabled}</enabled><name>${name}</name></userPermissions>`;
const field = (name: string): string => `<fieldPermissions><editable>true</editable><field>${name}</field><readable>true</readable></fieldPermissions>`;

describe('plan/targetFacts', () => {
  const facts = targetFacts('t3', [{ type: 'CustomObject', fullName: 'Account', xml: account }], [{ type: 'CustomTab', fullName: 'Widget__c' }], new Set(['ApiEnabled', 'ViewAllData']));

  it('Given required and master-detail fields, an unknown permission and a missing tab, When a profile is checked, Then each entry is vetoed with a reason', () => {
    const reference = profile(field('Account.Tier__c') + field('Account.Parent__c') + field('Account.Region__c') + '<tabVisibilities><tab>Widget__c</tab><visibility>DefaultOn</visibility></tabVisibilities>' + permission('ManageWidgets') + permission('ApiEnabled'));
    const vetoed = vetoedEntries({ type: 'Profile', fullName: 'Sales' }, reference, profile(''), facts);
    expect([...vetoed.keys()].sort()).to.deep.equal(['fieldPermissions[Account.Parent__c]', 'fieldPermissions[Account.Tier__c]', 'tabVisibilities[Widget__c]', 'userPermissions[ManageWidgets]']);
    expect(vetoed.get('fieldPermissions[Account.Tier__c]')).to.include('Tier__c is required in t3: its field permission cannot be deployed');
  });

  it('Given a standard profile with View All Data in the target, When the reference revokes, Then its user permissions and implied object access are vetoed', () => {
    const target = profile(`<objectPermissions><allowRead>true</allowRead><object>Account</object></objectPermissions>${permission('ViewAllData')}`, 'false');
    const vetoed = vetoedEntries({ type: 'Profile', fullName: 'Admin' }, profile(permission('ViewAllData', 'false')), target, facts);
    expect([...vetoed.keys()].sort()).to.deep.equal(['objectPermissions[Account]', 'userPermissions[ViewAllData]']);
  });

  it('Given a custom profile, When nothing is refused, Then nothing is vetoed', () => {
    expect(vetoedEntries({ type: 'Profile', fullName: 'Sales' }, profile(field('Account.Region__c') + permission('ApiEnabled')), profile(''), facts).size).to.equal(0);
  });

  it('Given record types, Lightning pages and layouts, Then deletions and partial undo follow the type table', () => {
    expect(refusedDeletion({ type: 'RecordType', fullName: 'Account.Extra' }, facts)?.reason).to.include('cannot be deleted in t3');
    expect(refusedDeletion({ type: 'Layout', fullName: 'Account-Other' }, facts)?.reason).to.include('last layout of Account');
    expect(refusedDeletion({ type: 'ListView', fullName: 'Account.All' }, facts)).to.equal(undefined);
    expect(partlyUndoable({ type: 'RecordType', fullName: 'Account.Partner' })).to.include('deactivates it');
    expect(partlyUndoable({ type: 'FlexiPage', fullName: 'Account_Page' })).to.include('only if it is not active');
    expect(partlyUndoable({ type: 'Layout', fullName: 'Account-Partner' })).to.equal(undefined);
  });
});
