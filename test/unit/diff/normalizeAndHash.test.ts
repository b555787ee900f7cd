import { expect } from 'chai';
import { diffComponent, hashComponent, MetadataParseError } from '../../../src/diff/index.js';

const profile = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Profile xmlns="http://soap.sforce.com/2006/04/metadata">${body}</Profile>`;
const field = (name: string, editable: string, readable: string): string =>
  `<fieldPermissions><editable>${editable}</editable><field>${name}</field><readable>${readable}</readable></fieldPermissions>`;

describe('normalize and hash', () => {
  it('Given keyed entries in another order and re-indented, When hashed, Then the hashes are equal', () => {
    const one = profile(field('Account.A', 'true', 'true') + field('Account.B', 'false', 'true'));
    const other = profile(`\n    ${field('Account.B', 'false', 'true')}\n\n  ${field('Account.A', 'true', 'true')}\n`);
    expect(hashComponent('Profile', one)).to.equal(hashComponent('Profile', other));
  });

  it('Given a no-access entry on one side only, When diffed, Then there is no drift', () => {
    const withFalse = profile(field('Account.A', 'true', 'true') + field('Account.B', 'false', 'false'));
    expect(diffComponent('Profile', withFalse, profile(field('Account.A', 'true', 'true')))).to.deep.equal([]);
  });

  it('Given URL-encoded and decoded names of the same layout, When diffed, Then there is no drift', () => {
    const encoded = profile('<layoutAssignments><layout>Account-Account %28Sales%29 Layout%2E</layout></layoutAssignments>');
    const decoded = profile('<layoutAssignments><layout>Account-Account (Sales) Layout.</layout></layoutAssignments>');
    expect(diffComponent('Profile', encoded, decoded)).to.deep.equal([]);
  });

  it('Given "1.0" and "1", When hashed, Then they are the same number', () => {
    const one = '<CustomField><fullName>A__c</fullName><visibleLines>1.0</visibleLines></CustomField>';
    const other = '<CustomField><fullName>A__c</fullName><visibleLines>1</visibleLines></CustomField>';
    expect(hashComponent('CustomField', one)).to.equal(hashComponent('CustomField', other));
  });

  it('Given a flag raised, When diffed, Then the path names the entry and the flag', () => {
    const reference = profile(field('Account.Rating', 'true', 'true'));
    const target = profile(field('Account.Rating', 'false', 'true'));
    expect(diffComponent('Profile', reference, target)).to.deep.equal([
      { op: 'change', path: 'fieldPermissions[Account.Rating].editable', before: false, after: true },
    ]);
  });

  it('Given an ordered collection reordered, When hashed and diffed, Then it is drift shown as a change of the list', () => {
    const compact = (fields: string[]): string => `<CompactLayout>${fields.map((f) => `<fields>${f}</fields>`).join('')}</CompactLayout>`;
    const reference = compact(['Name', 'Phone']);
    const target = compact(['Phone', 'Name']);
    expect(hashComponent('CompactLayout', reference)).to.not.equal(hashComponent('CompactLayout', target));
    expect(diffComponent('CompactLayout', reference, target)).to.deep.equal([
      { op: 'change', path: 'fields', before: ['Phone', 'Name'], after: ['Name', 'Phone'] },
    ]);
  });

  it('Given sections with repeated and empty labels, When diffed, Then they are named "Label (2)" and "#1"', () => {
    const section = (label: string, fieldName: string): string =>
      `<layoutSections><label>${label}</label><layoutColumns><layoutItems><field>${fieldName}</field></layoutItems></layoutColumns></layoutSections>`;
    const reference = `<Layout>${section('Details', 'A')}${section('Details', 'B')}${section('', 'C')}</Layout>`;
    const target = `<Layout>${section('Details', 'A')}</Layout>`;
    expect(diffComponent('Layout', reference, target).map((change) => change.path)).to.deep.equal([
      'layoutSections[Details (2)]',
      'layoutSections[#1]',
    ]);
  });

  it('Given stray text beside child elements (a doubled ">" in a real object file), When hashed and diffed, Then it reads as the clean file: no crash, no drift', () => {
    const objectWith = (stray: string): string =>
      `<CustomObject><fields><fullName>Status__c</fullName><type>Picklist</type><valueSet><valueSetDefinition><value><fullName>Open</fullName><default>false</default><label>Open</label></value></valueSetDefinition>${stray}</valueSet></fields></CustomObject>`;
    expect(hashComponent('CustomObject', objectWith('\n>    '))).to.equal(hashComponent('CustomObject', objectWith('')));
    expect(diffComponent('CustomObject', objectWith('>'), objectWith(''))).to.deep.equal([]);
    expect(diffComponent('CustomObject', objectWith('>'), objectWith('').replace('Open</label>', 'Opened</label>')).map((c) => c.path)).to.have.length(1);
  });

  it('Given malformed XML, When read, Then a MetadataParseError names the component and carries actions', () => {
    let caught: unknown;
    try {
      diffComponent('Profile', profile('<fieldPermissions><field>A</fieldPermissions>'), undefined);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(MetadataParseError);
    const parseError = caught as MetadataParseError;
    expect(parseError.componentName).to.equal('Profile');
    expect(parseError.message).to.match(/^Could not read Profile: .+line \d+/);
    expect(parseError.actions.length).to.be.greaterThan(0);
  });

  it('Given a type outside the table, When diffed, Then any difference is one whole-component change', () => {
    const changes = diffComponent('Report', '<Report><name>A</name></Report>', '<Report><name>B</name></Report>');
    expect(changes).to.deep.equal([{ op: 'change', path: '', before: null, after: null }]);
  });
});
