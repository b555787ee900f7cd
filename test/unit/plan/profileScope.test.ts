import { expect } from 'chai';
import { permissionDependencies, standardTabs } from '../../../src/plan/profileScope.js';

describe('permission file dependencies', () => {
  it('Given a profile, Then every component its entries name is listed once', () => {
    const xml = `<?xml version="1.0"?><Profile xmlns="http://soap.sforce.com/2006/04/metadata">
      <fieldPermissions><editable>true</editable><field>Account.Tier__c</field><readable>true</readable></fieldPermissions>
      <fieldPermissions><editable>true</editable><field>Account.Rating</field><readable>true</readable></fieldPermissions>
      <objectPermissions><allowRead>true</allowRead><object>Project__c</object></objectPermissions>
      <classAccesses><apexClass>Hello</apexClass><enabled>true</enabled></classAccesses>
      <layoutAssignments><layout>Account-Account Layout</layout></layoutAssignments>
      <recordTypeVisibilities><recordType>Opportunity.Big</recordType><visible>true</visible></recordTypeVisibilities>
      <tabVisibilities><tab>standard-Contact</tab><visibility>DefaultOn</visibility></tabVisibilities>
      <tabVisibilities><tab>Project__c</tab><visibility>DefaultOn</visibility></tabVisibilities>
      <userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions>
    </Profile>`;
    expect(permissionDependencies(xml).map((k) => `${k.type}:${k.fullName}`).sort()).to.deep.equal([
      'ApexClass:Hello',
      'CustomObject:Account',
      'CustomObject:Opportunity',
      'CustomObject:Project__c',
      'CustomTab:Project__c',
      'CustomTab:standard-Contact',
      'Layout:Account-Account Layout',
    ]);
  });

  it('Given custom setting, custom metadata type, flow and external data source accesses, Then their components are listed', () => {
    const xml = `<?xml version="1.0"?><Profile xmlns="http://soap.sforce.com/2006/04/metadata">
      <customSettingAccesses><enabled>true</enabled><name>Config__c</name></customSettingAccesses>
      <customMetadataTypeAccesses><enabled>true</enabled><name>Rule__mdt</name></customMetadataTypeAccesses>
      <flowAccesses><enabled>true</enabled><flow>Onboard</flow></flowAccesses>
      <externalDataSourceAccesses><enabled>true</enabled><externalDataSource>Erp</externalDataSource></externalDataSourceAccesses>
    </Profile>`;
    expect(permissionDependencies(xml).map((k) => `${k.type}:${k.fullName}`).sort()).to.deep.equal([
      'CustomObject:Config__c',
      'CustomObject:Rule__mdt',
      'ExternalDataSource:Erp',
      'Flow:Onboard',
    ]);
  });

  it("Given standard objects, Then each one's standard tab and the standard non-object tabs are named", () => {
    const tabs = standardTabs([
      { type: 'CustomObject', fullName: 'Account' },
      { type: 'CustomObject', fullName: 'Project__c' },
    ]).map((k) => k.fullName);
    expect(tabs).to.include('standard-Account');
    expect(tabs).to.include('standard-home');
    expect(tabs).not.to.include('standard-Project__c');
  });
});
