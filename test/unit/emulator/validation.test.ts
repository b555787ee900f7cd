import { expect } from 'chai';
import { validateComponent } from '../../emulator/validation.js';
import { stored, storeOf } from './helpers.js';

const ORG = storeOf(
  stored('CustomObject', 'Account', '<enableHistory>true</enableHistory>'),
  stored('CustomField', 'Account.Tier__c', '<fullName>Tier__c</fullName><type>Picklist</type>'),
  stored('RecordType', 'Account.Business', '<fullName>Business</fullName>'),
  stored('Layout', 'Account-Account Layout', '')
);

const layout = (...fields: string[]): string =>
  `<layoutSections><label>Info</label><layoutColumns>${fields.map((f) => `<layoutItems><behavior>Edit</behavior><field>${f}</field></layoutItems>`).join('')}</layoutColumns></layoutSections>`;

describe('emulator deploy validation', () => {
  it('Given a layout naming a custom field the org lacks, Then it is a problem', () => {
    const problems = validateComponent(ORG, stored('Layout', 'Account-Account Layout', layout('Name', 'Tier__c', 'Missing__c')));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include('Missing__c').and.include('Account.Missing__c');
  });

  it('Given a layout with standard and existing custom fields only, Then there is no problem', () => {
    expect(validateComponent(ORG, stored('Layout', 'Account-Account Layout', layout('Name', 'OwnerId', 'Industry', 'Tier__c')))).to.deep.equal([]);
  });

  it('Given a profile with a fieldPermission for a missing field, Then it is a problem; standard fields are accepted', () => {
    const fp = (f: string): string => `<fieldPermissions><editable>true</editable><field>${f}</field><readable>true</readable></fieldPermissions>`;
    const problems = validateComponent(ORG, stored('Profile', 'Admin', fp('Account.Industry') + fp('Account.Tier__c') + fp('Account.Gone__c')));
    expect(problems).to.deep.equal(['In field: field - no CustomField named Account.Gone__c found']);
  });

  it('Given a permission set with a missing object, record type or layout assignment, Then each is a problem', () => {
    const problems = validateComponent(
      ORG,
      stored(
        'Profile',
        'Admin',
        '<layoutAssignments><layout>Contact-Nope</layout></layoutAssignments><objectPermissions><object>Thing__c</object></objectPermissions><objectPermissions><object>Contact</object></objectPermissions><recordTypeVisibilities><recordType>Account.Nope</recordType></recordTypeVisibilities>'
      )
    );
    expect(problems).to.have.length(3);
    expect(problems.join('\n')).to.include('Thing__c').and.include('Account.Nope').and.include('Contact-Nope');
  });

  it('Given a record type with a picklist the org lacks, Then it is a problem; standard picklists are accepted', () => {
    const problems = validateComponent(
      ORG,
      stored('RecordType', 'Account.Business', '<fullName>Business</fullName><picklistValues><picklist>Industry</picklist></picklistValues><picklistValues><picklist>Tier__c</picklist></picklistValues><picklistValues><picklist>Gone__c</picklist></picklistValues>')
    );
    expect(problems).to.deep.equal(['In field: picklist - no CustomField named Account.Gone__c found']);
  });

  it('Given a compact layout with a missing field, Then it is a problem; standard fields are accepted', () => {
    const problems = validateComponent(ORG, stored('CompactLayout', 'Account.Compact', '<fields>Name</fields><fields>Tier__c</fields><fields>Gone__c</fields><fullName>Compact</fullName>'));
    expect(problems).to.deep.equal(['In field: field - no CustomField named Account.Gone__c found']);
  });

  it('Given an object file whose record type and compact layout name missing fields, Then the problems are found inside it', () => {
    const problems = validateComponent(
      ORG,
      stored(
        'CustomObject',
        'Account',
        '<compactLayouts><fields>Gone__c</fields><fullName>Compact</fullName></compactLayouts><recordTypes><fullName>Business</fullName><picklistValues><picklist>Lost__c</picklist></picklistValues></recordTypes>'
      )
    );
    expect(problems.join('\n')).to.include('Account.Gone__c').and.include('Account.Lost__c');
  });

  it('Given a type without checks, Then there is no problem', () => {
    expect(validateComponent(ORG, stored('ApexClass', 'Hello', '<apiVersion>62.0</apiVersion>'))).to.deep.equal([]);
  });
});
