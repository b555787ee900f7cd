import { expect } from 'chai';
import { buildPatch } from '../../../src/diff/index.js';
import { typeTable, type ChildRule } from '../../../src/metadata/index.js';
import { enumerationValues, existsAt, schemaOrderedTags, schemaType, schemaVersions } from '../../../src/metadata/schema.js';
import { decodeXmlText, isInSchemaOrder, schemaProblems } from '../../../src/metadata/schemaCheck.js';

const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const NS = '{http://soap.sforce.com/2006/04/metadata}';
const names = (type: string): string[] => schemaType(type)!.elements.map((element) => element.name);
const problems = (xml: string, apiVersion?: string): string[] => schemaProblems(xml, { apiVersion }).map((problem) => `${problem.kind} ${problem.path}: ${problem.message}`);
/** The tags of the elements directly in `parent` elements, in document order. */
const childTags = (xml: string, parent: string): string[][] =>
  [...xml.matchAll(new RegExp(`<${parent}>([\\s\\S]*?)</${parent}>`, 'g'))].map((match) => [...match[1].matchAll(/<([A-Za-z]+)>/g)].map((tag) => tag[1]));

describe('metadata schema (derived from the WSDL)', () => {
  it('Given the derived data, Then it covers API 47.0 to 66.0', () => {
    expect(schemaVersions()[0]).to.equal('47.0');
    expect(schemaVersions().at(-1)).to.equal('66.0');
  });

  it('Given a type extending Metadata, Then its base elements come first: fullName, then module, then its own', () => {
    expect(names('Layout').slice(0, 4)).to.deep.equal(['fullName', 'module', 'customButtons', 'customConsoleComponents']);
    expect(names('Profile').slice(0, 3)).to.deep.equal(['fullName', 'module', 'agentAccesses']);
  });

  it('Given a nested type, Then its sequence is the WSDL one, with occurrence and element types', () => {
    expect(names('ProfileFieldLevelSecurity')).to.deep.equal(['editable', 'field', 'readable']);
    const field = schemaType('ProfileFieldLevelSecurity')!.element;
    expect(field.get('editable')).to.deep.include({ type: 'xsd:boolean' });
    expect(field.get('readable')).to.deep.include({ type: 'xsd:boolean', optional: true });
    expect(schemaType('Layout')!.element.get('layoutSections')).to.deep.include({ type: 'LayoutSection', optional: true, many: true });
  });

  it('Given elements added in later versions, Then each carries the version it appears in', () => {
    const agentAccesses = schemaType('Profile')!.element.get('agentAccesses')!;
    expect(agentAccesses.since).to.equal('64.0');
    expect(existsAt(agentAccesses, '63.0')).to.equal(false);
    expect(existsAt(agentAccesses, '64.0')).to.equal(true);
    expect(existsAt({ until: '50.0' }, '51.0')).to.equal(false);
  });

  it('Given an enumeration, Then its values are known', () => {
    expect(enumerationValues('UiBehavior')!.map((value) => value.value)).to.include.members(['Edit', 'Required', 'Readonly']);
    expect(enumerationValues('NotAnEnumeration')).to.equal(undefined);
  });

  it('Given tags out of order, When ordered, Then they follow the sequence, an unknown tag right after the known one it followed; tags in order are returned as they are', () => {
    const type = schemaType('ProfileFieldLevelSecurity');
    expect(schemaOrderedTags(type, ['readable', 'zeta', 'field', 'alpha', 'editable'])).to.deep.equal(['editable', 'field', 'alpha', 'readable', 'zeta']);
    const unknownInPlace = ['editable', 'newer', 'field'];
    expect(schemaOrderedTags(type, unknownInPlace)).to.equal(unknownInPlace);
    const ordered = ['editable', 'field'];
    expect(schemaOrderedTags(type, ordered)).to.equal(ordered);
  });

  it('Given the one type Salesforce reordered for one version, When ordered for that version, Then that version\'s order is used', () => {
    const type = schemaType('PermissionSetAgentAccess');
    expect(schemaOrderedTags(type, ['agentName', 'enabled'], '64.0')).to.deep.equal(['enabled', 'agentName']);
    expect(schemaOrderedTags(type, ['enabled', 'agentName'], '65.0')).to.deep.equal(['agentName', 'enabled']);
  });
});

describe('metadata schema check', () => {
  it('Given an element out of order in a nested type, Then it is refused with the message a real org gives', () => {
    const xml = `<Profile ${ns}><fieldPermissions><field>Account.Rating</field><editable>true</editable></fieldPermissions></Profile>`;
    expect(problems(xml)).to.deep.equal([`order Profile.fieldPermissions.editable: Element ${NS}editable invalid at this location in type ProfileFieldLevelSecurity`]);
  });

  it('Given top-level elements out of order, or one collection split around another, Then each misplaced element is refused', () => {
    expect(problems(`<Layout ${ns}><showEmailCheckbox>false</showEmailCheckbox><excludeButtons>Submit</excludeButtons></Layout>`)).to.deep.equal([
      `order Layout.excludeButtons: Element ${NS}excludeButtons invalid at this location in type Layout`,
    ]);
    const split = `<Profile ${ns}><fieldPermissions><editable>true</editable><field>A.B</field></fieldPermissions><layoutAssignments><layout>A-A</layout></layoutAssignments><fieldPermissions><editable>true</editable><field>A.C</field></fieldPermissions></Profile>`;
    expect(problems(split)).to.have.length(1).and.to.match(/^order Profile.fieldPermissions:/);
  });

  it('Given an element a type does not have, at any depth, Then it is refused', () => {
    expect(problems(`<Layout ${ns}><layoutSections><label>A</label><colour>red</colour></layoutSections></Layout>`)).to.deep.equal([
      `unknown Layout.layoutSections.colour: Element ${NS}colour invalid at this location in type LayoutSection`,
    ]);
  });

  it('Given a single element repeated, Then the repeat is refused; a collection may repeat', () => {
    expect(problems(`<Layout ${ns}><showEmailCheckbox>false</showEmailCheckbox><showEmailCheckbox>true</showEmailCheckbox></Layout>`)).to.have.length(1);
    expect(problems(`<Layout ${ns}><excludeButtons>A</excludeButtons><excludeButtons>B</excludeButtons></Layout>`)).to.deep.equal([]);
  });

  it('Given an enumeration value the type does not have, Then it is refused; entities and CDATA are read as a parser reads them', () => {
    const item = (behavior: string): string => `<Layout ${ns}><layoutSections><layoutColumns><layoutItems><behavior>${behavior}</behavior><field>Name</field></layoutItems></layoutColumns></layoutSections></Layout>`;
    expect(problems(item('Editable'))).to.deep.equal(['enumeration Layout.layoutSections.layoutColumns.layoutItems.behavior: \'Editable\' is not a valid value for the enum \'UiBehavior\'']);
    expect(problems(item('Edit'))).to.deep.equal([]);
    expect(problems(item('<![CDATA[Edit]]>'))).to.deep.equal([]);
    expect(problems(item('&#69;dit'))).to.deep.equal([]);
  });

  it('Given the API version of the deploy, Then an element or value that version does not know is refused as a version problem', () => {
    const xml = `<Profile ${ns}><agentAccesses><agentName>Bot</agentName><enabled>true</enabled></agentAccesses></Profile>`;
    const found = schemaProblems(xml, { apiVersion: '60.0' });
    expect(found[0]).to.deep.include({ kind: 'version', path: 'Profile.agentAccesses', since: '64.0' });
    expect(schemaProblems(xml, { apiVersion: '64.0' })).to.deep.equal([]);
  });

  it('Given a type the schema does not hold, Then nothing is checked', () => {
    expect(problems(`<ApexClass ${ns}><whatever>1</whatever></ApexClass>`)).to.deep.equal([]);
  });

  it('Given a document in order, Then isInSchemaOrder says so; out of order, it does not', () => {
    expect(isInSchemaOrder(`<Layout ${ns}><excludeButtons>A</excludeButtons><showEmailCheckbox>false</showEmailCheckbox></Layout>`)).to.equal(true);
    expect(isInSchemaOrder(`<Layout ${ns}><showEmailCheckbox>false</showEmailCheckbox><excludeButtons>A</excludeButtons></Layout>`)).to.equal(false);
  });

  it('Given character references, When decoded, Then decimal and hexadecimal ones read as their character', () => {
    expect(decodeXmlText('Don&#39;t &#x2019; &apos; &amp;#39;')).to.equal("Don't \u2019 ' &#39;");
  });
});

describe('deploy content in schema order', () => {
  const fieldPermission = (body: string): string => `<fieldPermissions>${body}</fieldPermissions>`;

  it('Given a target entry without the flag the reference raises, When merged, Then the raised flag is written in its place, not after the entry\'s other fields', () => {
    const patch = buildPatch({
      type: 'Profile',
      fullName: 'Sales',
      referenceXml: `<Profile ${ns}>${fieldPermission('<editable>true</editable><field>Account.Rating</field><readable>true</readable>')}</Profile>`,
      targetXml: `<Profile ${ns}>${fieldPermission('<field>Account.Rating</field><readable>true</readable>')}</Profile>`,
      mode: 'merge',
    });
    expect(patch.action).to.equal('update');
    expect(childTags(patch.content!, 'fieldPermissions')).to.deep.equal([['editable', 'field', 'readable']]);
    expect(schemaProblems(patch.content!)).to.deep.equal([]);
  });

  it('Given tags only the reference has and a target in another order, When overlaid, Then the content is in schema order', () => {
    const reference = `<Profile ${ns}><custom>true</custom>${fieldPermission('<editable>true</editable><field>A.B</field><readable>true</readable>')}<userLicense>Salesforce</userLicense></Profile>`;
    const target = `<Profile ${ns}><userLicense>Salesforce</userLicense><loginHours><mondayStart>0</mondayStart></loginHours><custom>false</custom></Profile>`;
    for (const mode of ['merge', 'overwrite'] as const) {
      const patch = buildPatch({ type: 'Profile', fullName: 'Sales', referenceXml: reference, targetXml: target, mode });
      expect(schemaProblems(patch.content!), mode).to.deep.equal([]);
    }
  });

  it('Given a reference in schema order, When deployed whole, Then its own text is deployed; out of order, it is rewritten in order', () => {
    const ordered = `<Layout ${ns}><excludeButtons>Submit</excludeButtons><showEmailCheckbox>false</showEmailCheckbox></Layout>`;
    const reordered = `<Layout ${ns}><showEmailCheckbox>false</showEmailCheckbox><excludeButtons>Submit</excludeButtons></Layout>`;
    expect(buildPatch({ type: 'Layout', fullName: 'A-A', referenceXml: ordered, targetXml: undefined, mode: 'overwrite' }).content).to.equal(ordered);
    const created = buildPatch({ type: 'Layout', fullName: 'A-A', referenceXml: reordered, targetXml: undefined, mode: 'overwrite' });
    expect(schemaProblems(created.content!)).to.deep.equal([]);
    expect(created.content).to.match(/<excludeButtons>Submit<\/excludeButtons>\s*<showEmailCheckbox>/);
  });

  it('Given a hand-reordered reference and a target equal but for order, When planned, Then there is no drift', () => {
    const reordered = `<Layout ${ns}><showEmailCheckbox>false</showEmailCheckbox><excludeButtons>Submit</excludeButtons></Layout>`;
    const ordered = `<Layout ${ns}><excludeButtons>Submit</excludeButtons><showEmailCheckbox>false</showEmailCheckbox></Layout>`;
    expect(buildPatch({ type: 'Layout', fullName: 'A-A', referenceXml: reordered, targetXml: ordered, mode: 'overwrite' }).action).to.equal('noop');
  });
});

describe('the type table against the schema', () => {
  it('Given every row of the type table, Then the schema holds its type, and every child tag and key field a rule names is an element of it', () => {
    const missing: string[] = [];
    const walk = (type: string, rules: readonly ChildRule[] | undefined, where: string): void => {
      const schema = schemaType(type);
      if (!schema) {
        missing.push(`${where}: no type ${type}`);
        return;
      }
      for (const rule of rules ?? []) {
        const element = schema.element.get(rule.tag);
        if (!element) {
          missing.push(`${where}.${rule.tag}`);
          continue;
        }
        const childType = schemaType(element.type);
        for (const key of rule.key ?? []) {
          // a dotted key walks single children; '#text' is the entry's own text
          if (key === '#text' || !childType) continue;
          const first = key.split('.')[0];
          if (!childType.element.has(first)) missing.push(`${where}.${rule.tag} key ${key}`);
        }
        if (childType) walk(element.type, rule.children, `${where}.${rule.tag}`);
      }
    };
    for (const row of typeTable) walk(row.type, row.children, row.type);
    expect(missing).to.deep.equal([]);
  });
});
