import { expect } from 'chai';
import { permissionDependencies } from '../../../src/plan/profileScope.js';

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
      'CustomObject:Contact',
      'CustomObject:Opportunity',
      'CustomObject:Project__c',
      'CustomTab:Project__c',
      'Layout:Account-Account Layout',
    ]);
  });
});
