import { expect } from 'chai';
import { buildPatch, deactivatedContent } from '../../../src/diff/index.js';
import { findTypeRule } from '../../../src/metadata/index.js';

const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const profile = (body: string): string => `<Profile ${ns}>${body}</Profile>`;
const fieldPermission = (field: string, edit: string): string => `<fieldPermissions><editable>${edit}</editable><field>${field}</field><readable>true</readable></fieldPermissions>`;
const ipRange = (start: string, end: string): string => `<loginIpRanges><endAddress>${end}</endAddress><startAddress>${start}</startAddress></loginIpRanges>`;

describe('what a target can take (diff engine)', () => {
  it('Given a vetoed entry the target lacks, When merged, Then it stays out of the content and is reported as blocked with its drift', () => {
    const patch = buildPatch({
      type: 'Profile',
      fullName: 'Admin',
      referenceXml: profile(fieldPermission('Account.Tier__c', 'true') + fieldPermission('Account.Region__c', 'true')),
      targetXml: profile(fieldPermission('Account.Region__c', 'false')),
      mode: 'merge',
      vetoed: new Set(['fieldPermissions[Account.Tier__c]']),
    });
    expect(patch.action).to.equal('update');
    expect(patch.content).to.include('Account.Region__c').and.not.include('Account.Tier__c');
    expect(patch.blocked).to.deep.equal(['fieldPermissions[Account.Tier__c]']);
    expect(patch.blockedChanges.map((c) => c.path)).to.deep.equal(['fieldPermissions[Account.Tier__c].editable', 'fieldPermissions[Account.Tier__c].readable']);
    expect(patch.changes.map((c) => c.path)).to.deep.equal(['fieldPermissions[Account.Region__c].editable']);
  });

  it('Given only vetoed drift, When patched, Then nothing is deployed (noop) and the drift is listed as blocked', () => {
    const patch = buildPatch({
      type: 'Profile',
      fullName: 'Admin',
      referenceXml: profile(fieldPermission('Account.Tier__c', 'true')),
      targetXml: profile(''),
      mode: 'overwrite',
      vetoed: new Set(['fieldPermissions[Account.Tier__c]']),
    });
    expect(patch.action).to.equal('noop');
    expect(patch.content).to.equal(undefined);
    expect(patch.blocked).to.deep.equal(['fieldPermissions[Account.Tier__c]']);
  });

  it('Given a component the target lacks, When created with a vetoed entry, Then the created content leaves it out', () => {
    const patch = buildPatch({
      type: 'PermissionSet',
      fullName: 'Ops',
      referenceXml: `<PermissionSet ${ns}>${fieldPermission('Account.Tier__c', 'true')}<label>Ops</label></PermissionSet>`,
      targetXml: undefined,
      mode: 'merge',
      vetoed: new Set(['fieldPermissions[Account.Tier__c]']),
    });
    expect(patch.action).to.equal('create');
    expect(patch.content).to.include('<label>Ops</label>').and.not.include('Tier__c');
    expect(patch.blocked).to.deep.equal(['fieldPermissions[Account.Tier__c]']);
  });

  it('Given a vetoed plain element, When patched, Then it keeps the target value (top level and inside a keyed entry) and the rest is deployed', () => {
    const listView = (scope: string, column: string): string => `<ListView ${ns}><fullName>My_Lines</fullName><columns>${column}</columns><filterScope>${scope}</filterScope><label>Lines</label></ListView>`;
    const patch = buildPatch({ type: 'ListView', fullName: 'Line__c.My_Lines', referenceXml: listView('Mine', 'NAME'), targetXml: listView('Everything', 'OWNER'), mode: 'overwrite', vetoed: new Set(['filterScope']) });
    expect(patch.action).to.equal('update');
    expect(patch.content).to.include('<filterScope>Everything</filterScope>').and.include('NAME');
    expect(patch.blocked).to.deep.equal(['filterScope']);
    expect(patch.changes.map((c) => c.path)).not.to.include('filterScope');

    const object = (scope: string): string => `<CustomObject ${ns}><listViews><fullName>My_Lines</fullName><filterScope>${scope}</filterScope><label>Lines</label></listViews></CustomObject>`;
    const nested = buildPatch({ type: 'CustomObject', fullName: 'Line__c', referenceXml: object('Mine'), targetXml: object('Everything'), mode: 'overwrite', vetoed: new Set(['listViews[My_Lines].filterScope']) });
    expect(nested.action).to.equal('noop');
    expect(nested.blocked).to.deep.equal(['listViews[My_Lines].filterScope']);
  });

  it('Given one new login IP range, When merged into a profile, Then the complete list is sent, not the new range alone', () => {
    const patch = buildPatch({
      type: 'Profile',
      fullName: 'Admin',
      referenceXml: profile(ipRange('10.0.0.0', '10.0.0.255') + ipRange('192.168.0.0', '192.168.0.255')),
      targetXml: profile(ipRange('10.0.0.0', '10.0.0.255')),
      mode: 'merge',
    });
    expect(patch.content).to.include('<startAddress>10.0.0.0</startAddress>').and.include('<startAddress>192.168.0.0</startAddress>');
  });

  it('Given a record type, When deactivated for rollback, Then the same component is sent with active false', () => {
    const deactivate = findTypeRule('RecordType')!.deletion!.deactivate!;
    const xml = deactivatedContent(deactivate, `<RecordType ${ns}><fullName>Partner</fullName><active>true</active><label>Partner</label></RecordType>`, 'RecordType Account.Partner');
    expect(xml).to.include('<active>false</active>').and.include('<label>Partner</label>').and.not.include('<active>true</active>');
  });
});
