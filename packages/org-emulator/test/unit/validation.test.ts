import { expect } from 'chai';
import { validateComponent } from '../../src/validation.js';
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

  describe('where real orgs define fields (README "Real-org rules")', () => {
    const FIELDS = storeOf(
      stored('CustomField', 'Activity.Call_Outcome__c', '<fullName>Call_Outcome__c</fullName><type>Picklist</type>'),
      stored('CustomField', 'Contact.Preferred_Name__c', '<fullName>Preferred_Name__c</fullName><type>Text</type>'),
      stored('CustomField', 'Account.Tier__c', '<fullName>Tier__c</fullName><type>Picklist</type>')
    );
    const fp = (f: string): string => `<fieldPermissions><editable>true</editable><field>${f}</field><readable>true</readable></fieldPermissions>`;

    it('Given an Activity custom field, When a Task or Event layout, record type or permission names it on Task or Event, Then there is no problem', () => {
      expect(validateComponent(FIELDS, stored('Layout', 'Task-Task Layout', layout('Subject', 'Call_Outcome__c')))).to.deep.equal([]);
      expect(validateComponent(FIELDS, stored('Layout', 'Event-Event Layout', layout('Call_Outcome__c')))).to.deep.equal([]);
      expect(validateComponent(FIELDS, stored('Profile', 'Admin', fp('Task.Call_Outcome__c') + fp('Event.Call_Outcome__c')))).to.deep.equal([]);
      expect(validateComponent(FIELDS, stored('RecordType', 'Task.Call', '<fullName>Call</fullName><picklistValues><picklist>Call_Outcome__c</picklist></picklistValues>'))).to.deep.equal([]);
    });

    it('Given no such Activity field, When a Task layout or a permission names it, Then it is still a problem', () => {
      expect(validateComponent(FIELDS, stored('Layout', 'Task-Task Layout', layout('Gone__c')))).to.have.length(1);
      expect(validateComponent(FIELDS, stored('Profile', 'Admin', fp('Event.Gone__c')))).to.deep.equal(['In field: field - no CustomField named Event.Gone__c found']);
      // only Task and Event share the Activity fields
      expect(validateComponent(FIELDS, stored('Layout', 'Case-Case Layout', layout('Call_Outcome__c')))).to.have.length(1);
    });

    it('Given a Contact custom field, When an Account or person account layout or permission names it with __pc, Then there is no problem', () => {
      expect(validateComponent(FIELDS, stored('Layout', 'Account-Person Layout', layout('Name', 'Preferred_Name__pc', 'Tier__c')))).to.deep.equal([]);
      expect(validateComponent(FIELDS, stored('Layout', 'PersonAccount-Person Account Layout', layout('Preferred_Name__pc', 'Tier__c')))).to.deep.equal([]);
      expect(validateComponent(FIELDS, stored('Profile', 'Admin', fp('Account.Preferred_Name__pc') + fp('PersonAccount.Tier__c')))).to.deep.equal([]);
    });

    it('Given no such Contact or Account field, When a person account field names it, Then it is still a problem', () => {
      expect(validateComponent(FIELDS, stored('Layout', 'Account-Person Layout', layout('Gone__pc')))).to.have.length(1);
      expect(validateComponent(FIELDS, stored('Profile', 'Admin', fp('PersonAccount.Gone__c')))).to.have.length(1);
      // __pc is a person account suffix only: a Contact layout cannot name it
      expect(validateComponent(FIELDS, stored('Layout', 'Contact-Contact Layout', layout('Preferred_Name__pc')))).to.have.length(1);
    });
  });
});

describe('emulator: components of an installed package that the org folder does not hold', () => {
  const withPackageReferences =
    '<quickActionList><quickActionListItems><quickActionName>pkg__LogACall</quickActionName></quickActionListItems></quickActionList>' +
    '<relatedLists><fields>pkg__Code__c</fields><relatedList>pkg__Child__c.pkg__Parent__c</relatedList></relatedLists>';
  const installed = { packages: [{ namespace: 'pkg', version: '1.0' }], members: new Map<string, string>() };

  it('Given the package installed, When a layout names its quick action and a field the org folder does not hold, Then both are refused: a package prefix is no proof of a component', () => {
    const context = { facts: {}, before: ORG, packages: installed };
    expect(validateComponent(ORG, stored('Layout', 'Account-Account Layout', withPackageReferences), context)).to.deep.equal([
      'In field: QuickAction - no QuickAction named pkg__LogACall found',
      'Invalid field:pkg__Code__c in related list:pkg__Child__c.pkg__Parent__c',
    ]);
  });

  it('Given the org folder holds the package\'s quick action and field, Then the layout is accepted', () => {
    const org = storeOf(
      ...[...ORG.values()].flatMap((byName) => [...byName.values()]),
      stored('QuickAction', 'pkg__LogACall', '<type>LogACall</type>'),
      stored('CustomField', 'pkg__Child__c.pkg__Code__c', '<fullName>pkg__Code__c</fullName><type>Text</type>')
    );
    expect(validateComponent(org, stored('Layout', 'Account-Account Layout', withPackageReferences), { facts: {}, before: org, packages: installed })).to.deep.equal([]);
  });

  it('Given no such package installed, When a layout names them, Then both are refused with the real messages', () => {
    expect(validateComponent(ORG, stored('Layout', 'Account-Account Layout', withPackageReferences))).to.deep.equal([
      'In field: QuickAction - no QuickAction named pkg__LogACall found',
      'Invalid field:pkg__Code__c in related list:pkg__Child__c.pkg__Parent__c',
    ]);
  });
});

describe('emulator: related-list columns of an object the child looks up', () => {
  const org = storeOf(
    stored('CustomObject', 'Account', ''),
    stored('CustomField', 'Medicine_Used__c.Medicine_Used__c', '<fullName>Medicine_Used__c</fullName><type>Lookup</type><referenceTo>Medicine__c</referenceTo>'),
    stored('CustomField', 'Medicine__c.Category__c', '<fullName>Category__c</fullName><type>Text</type>'),
    stored('Layout', 'Account-Account Layout', '')
  );
  const related = (...columns: string[]): string =>
    `<relatedLists>${columns.map((c) => `<fields>${c}</fields>`).join('')}<relatedList>Medicine_Used__c.Treatment_Used_In__c</relatedList></relatedLists>`;

  it('Given a column Medicine__c.Category__c, When that object has the field, Then it is accepted', () => {
    expect(validateComponent(org, stored('Layout', 'Account-Account Layout', related('Medicine__c.Category__c')))).to.deep.equal([]);
  });

  it('Given a column of an object the child does not look up, Then it is refused (strict: the column cannot be reached)', () => {
    const unreachable = storeOf(...[...org.values()].flatMap((byName) => [...byName.values()]), stored('CustomField', 'Vet__c.Name__c', '<fullName>Name__c</fullName><type>Text</type>'));
    expect(validateComponent(unreachable, stored('Layout', 'Account-Account Layout', related('Vet__c.Name__c')))).to.deep.equal([
      'Invalid field:Vet__c.Name__c in related list:Medicine_Used__c.Treatment_Used_In__c',
    ]);
  });

  it('Given a column naming a field that object lacks, Then it is refused with the real message', () => {
    expect(validateComponent(org, stored('Layout', 'Account-Account Layout', related('Medicine__c.Gone__c')))).to.deep.equal([
      'Invalid field:Medicine__c.Gone__c in related list:Medicine_Used__c.Treatment_Used_In__c',
    ]);
  });
});
