import { expect } from 'chai';
import { storeGet, storeList } from '../../src/org.js';
import { applyComponent, assembleParent, childrenOf, deleteComponent, splitParent } from '../../src/semantics.js';
import { XmlNode, children, text } from '../../src/xml.js';
import { stored, storeOf } from './helpers.js';

const fieldPermission = (field: string, editable: boolean): string =>
  `<fieldPermissions><editable>${editable}</editable><field>${field}</field><readable>true</readable></fieldPermissions>`;

function entries(body: XmlNode, tag: string, key: string): Array<string | undefined> {
  return children(body, tag).map((entry) => text(entry, key));
}

function values(body: XmlNode | undefined, tag: string): Array<[string | undefined, string | undefined]> {
  return children(body, tag).map((value) => [text(value, 'fullName'), text(value, 'isActive')]);
}

describe('emulator deploy semantics', () => {
  describe('Profile overlay', () => {
    it('Given a profile deployed with one entry, Then omitted entries stay and the same-key entry is replaced', () => {
      const store = storeOf(
        stored(
          'Profile',
          'Admin',
          `<custom>false</custom>${fieldPermission('Account.A__c', false)}${fieldPermission('Account.B__c', false)}<userLicense>Salesforce</userLicense><userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions>`
        )
      );
      const outcome = applyComponent(store, stored('Profile', 'Admin', `${fieldPermission('Account.B__c', true)}${fieldPermission('Account.C__c', true)}`));
      const body = storeGet(store, 'Profile', 'Admin')!.body;
      expect(outcome).to.equal('changed');
      expect(entries(body, 'fieldPermissions', 'field')).to.deep.equal(['Account.A__c', 'Account.B__c', 'Account.C__c']);
      expect(children(body, 'fieldPermissions').map((e) => text(e, 'editable'))).to.deep.equal(['false', 'true', 'true']);
      expect(entries(body, 'userPermissions', 'name')).to.deep.equal(['ApiEnabled']);
      expect(text(body, 'userLicense')).to.equal('Salesforce');
    });

    it('Given the same profile deployed again, Then the outcome is unchanged', () => {
      const profile = stored('Profile', 'Admin', fieldPermission('Account.A__c', true));
      const store = storeOf(profile);
      expect(applyComponent(store, stored('Profile', 'Admin', fieldPermission('Account.A__c', true)))).to.equal('unchanged');
    });

    it('Given layout assignments, Then they are keyed by object and record type', () => {
      const assignment = (layout: string, recordType?: string): string =>
        `<layoutAssignments><layout>${layout}</layout>${recordType ? `<recordType>${recordType}</recordType>` : ''}</layoutAssignments>`;
      const store = storeOf(
        stored('Profile', 'Admin', assignment('Account-Old Layout') + assignment('Account-Old Layout', 'Account.Business') + assignment('Contact-Contact Layout'))
      );
      applyComponent(store, stored('Profile', 'Admin', assignment('Account-New Layout')));
      const body = storeGet(store, 'Profile', 'Admin')!.body;
      const pairs = children(body, 'layoutAssignments').map((e) => `${text(e, 'layout')}|${text(e, 'recordType') ?? ''}`);
      expect(pairs).to.have.members(['Account-New Layout|', 'Account-Old Layout|Account.Business', 'Contact-Contact Layout|']);
    });

    it('Given a profile the org lacks, Then it is created as sent', () => {
      const store = storeOf();
      expect(applyComponent(store, stored('Profile', 'New', fieldPermission('Account.A__c', true)))).to.equal('created');
      expect(entries(storeGet(store, 'Profile', 'New')!.body, 'fieldPermissions', 'field')).to.deep.equal(['Account.A__c']);
    });
  });

  describe('replace', () => {
    it('Given a permission set without an entry, Then the entry is gone (replace)', () => {
      const store = storeOf(stored('PermissionSet', 'Ops', fieldPermission('Account.A__c', true) + fieldPermission('Account.B__c', true)));
      applyComponent(store, stored('PermissionSet', 'Ops', fieldPermission('Account.B__c', true)));
      expect(entries(storeGet(store, 'PermissionSet', 'Ops')!.body, 'fieldPermissions', 'field')).to.deep.equal(['Account.B__c']);
    });
  });

  describe('value sets', () => {
    const customValue = (name: string): string => `<customValue><fullName>${name}</fullName><default>false</default><label>${name}</label></customValue>`;

    it('Given a GlobalValueSet without a value, Then it is deactivated, not deleted, and the incoming order is kept', () => {
      const store = storeOf(stored('GlobalValueSet', 'Regions', `${customValue('North')}${customValue('South')}${customValue('East')}<masterLabel>Regions</masterLabel>`));
      applyComponent(store, stored('GlobalValueSet', 'Regions', `${customValue('East')}${customValue('North')}${customValue('West')}<masterLabel>Regions</masterLabel>`));
      const body = storeGet(store, 'GlobalValueSet', 'Regions')!.body;
      expect(values(body, 'customValue')).to.deep.equal([
        ['East', undefined],
        ['North', undefined],
        ['West', undefined],
        ['South', 'false'],
      ]);
    });

    it('Given a StandardValueSet without a value, Then the value is deactivated', () => {
      const value = (name: string): string => `<standardValue><fullName>${name}</fullName><default>false</default><label>${name}</label></standardValue>`;
      const store = storeOf(stored('StandardValueSet', 'Industry', value('Banking') + value('Retail')));
      applyComponent(store, stored('StandardValueSet', 'Industry', value('Retail')));
      expect(values(storeGet(store, 'StandardValueSet', 'Industry')!.body, 'standardValue')).to.deep.equal([
        ['Retail', undefined],
        ['Banking', 'false'],
      ]);
    });

    it('Given a picklist field without a value, Then the value is deactivated inside valueSetDefinition', () => {
      const field = (...names: string[]): string =>
        `<fullName>Tier__c</fullName><label>Tier</label><type>Picklist</type><valueSet><valueSetDefinition><sorted>false</sorted>${names
          .map((n) => `<value><fullName>${n}</fullName><default>false</default><label>${n}</label></value>`)
          .join('')}</valueSetDefinition></valueSet>`;
      const store = storeOf(stored('CustomField', 'Account.Tier__c', field('Gold', 'Silver', 'Bronze')));
      applyComponent(store, stored('CustomField', 'Account.Tier__c', field('Bronze', 'Gold')));
      const definition = children(children(storeGet(store, 'CustomField', 'Account.Tier__c')!.body, 'valueSet')[0], 'valueSetDefinition')[0];
      expect(values(definition, 'value')).to.deep.equal([
        ['Bronze', undefined],
        ['Gold', undefined],
        ['Silver', 'false'],
      ]);
    });

    it('Given a URL-encoded value name, Then it matches its decoded form and is not deactivated', () => {
      const store = storeOf(stored('GlobalValueSet', 'Codes', customValue('A%2FB')));
      applyComponent(store, stored('GlobalValueSet', 'Codes', customValue('A/B')));
      expect(values(storeGet(store, 'GlobalValueSet', 'Codes')!.body, 'customValue')).to.deep.equal([['A/B', undefined]]);
    });
  });

  describe('parents and children', () => {
    const listView = (name: string, scope: string): string => `<listViews><fullName>${name}</fullName><filterScope>${scope}</filterScope><label>${name}</label></listViews>`;

    it('Given an object file, When split, Then children become components named Parent.Child', () => {
      const { parent, children: kids } = splitParent(
        stored('CustomObject', 'Account', `<enableHistory>true</enableHistory>${listView('All', 'Everything')}<fields><fullName>Tier__c</fullName><type>Text</type></fields>`)
      );
      expect(Object.keys(parent.body)).to.deep.equal(['enableHistory']);
      expect(kids.map((k) => `${k.type}:${k.fullName}`)).to.have.members(['ListView:Account.All', 'CustomField:Account.Tier__c']);
    });

    it('Given custom labels, When split, Then each label is named on its own', () => {
      const { children: kids } = splitParent(stored('CustomLabels', 'CustomLabels', '<labels><fullName>Hi</fullName><value>Hi</value></labels>'));
      expect(kids.map((k) => `${k.type}:${k.fullName}`)).to.deep.equal(['CustomLabel:Hi']);
    });

    it('Given an object deployed with some children, Then they are upserted and omitted children stay', () => {
      const store = storeOf(stored('CustomObject', 'Account', '<enableHistory>false</enableHistory>'));
      for (const kid of splitParent(stored('CustomObject', 'Account', listView('All', 'Everything') + listView('Mine', 'Mine'))).children) applyComponent(store, kid);
      const outcome = applyComponent(store, stored('CustomObject', 'Account', listView('All', 'Mine') + listView('New', 'Everything')));
      expect(outcome).to.equal('changed');
      expect(storeList(store, 'ListView').map((c) => c.fullName)).to.have.members(['Account.All', 'Account.Mine', 'Account.New']);
      expect(text(storeGet(store, 'ListView', 'Account.All')!.body, 'filterScope')).to.equal('Mine');
      expect(text(storeGet(store, 'CustomObject', 'Account')!.body, 'enableHistory')).to.equal('false');
    });

    it('Given stored children, When assembled, Then the parent file holds them under their elements', () => {
      const store = storeOf(stored('CustomObject', 'Account', '<enableHistory>true</enableHistory>'));
      for (const kid of splitParent(stored('CustomObject', 'Account', listView('All', 'Everything'))).children) applyComponent(store, kid);
      const body = assembleParent(storeGet(store, 'CustomObject', 'Account'), 'CustomObject', 'Account', childrenOf(store, 'CustomObject', 'Account'));
      expect(entries(body, 'listViews', 'fullName')).to.deep.equal(['All']);
      expect(text(body, 'enableHistory')).to.equal('true');
    });
  });

  describe('deleteComponent', () => {
    it('Given an object with children, When deleted, Then its children go with it and other objects keep theirs', () => {
      const store = storeOf(stored('CustomObject', 'Thing__c', '<label>Thing</label>'), stored('CustomObject', 'Thing2__c', '<label>Thing 2</label>'));
      for (const parent of ['Thing__c', 'Thing2__c']) {
        for (const kid of splitParent(stored('CustomObject', parent, '<fields><fullName>F__c</fullName></fields><listViews><fullName>All</fullName></listViews>')).children) {
          applyComponent(store, kid);
        }
      }
      expect(deleteComponent(store, 'CustomObject', 'Thing__c')).to.equal(true);
      expect(storeGet(store, 'CustomObject', 'Thing__c')).to.equal(undefined);
      expect(storeList(store, 'CustomField').map((c) => c.fullName)).to.deep.equal(['Thing2__c.F__c']);
      expect(storeList(store, 'ListView').map((c) => c.fullName)).to.deep.equal(['Thing2__c.All']);
    });

    it('Given a deleted custom field, Then profiles and permission sets lose its fieldPermissions', () => {
      const store = storeOf(
        stored('CustomField', 'Account.Tier__c', '<fullName>Tier__c</fullName>'),
        stored('Profile', 'Admin', fieldPermission('Account.Tier__c', true) + fieldPermission('Account.Other__c', true)),
        stored('PermissionSet', 'Ops', fieldPermission('Account.Tier__c', true))
      );
      expect(deleteComponent(store, 'CustomField', 'Account.Tier__c')).to.equal(true);
      expect(entries(storeGet(store, 'Profile', 'Admin')!.body, 'fieldPermissions', 'field')).to.deep.equal(['Account.Other__c']);
      expect(entries(storeGet(store, 'PermissionSet', 'Ops')!.body, 'fieldPermissions', 'field')).to.deep.equal([]);
    });

    it('Given a deleted custom object, Then profiles lose the fieldPermissions of its fields', () => {
      const store = storeOf(
        stored('CustomObject', 'Thing__c', '<label>Thing</label>'),
        stored('CustomField', 'Thing__c.F__c', '<fullName>F__c</fullName>'),
        stored('Profile', 'Admin', fieldPermission('Thing__c.F__c', true) + fieldPermission('Account.Other__c', true))
      );
      deleteComponent(store, 'CustomObject', 'Thing__c');
      expect(entries(storeGet(store, 'Profile', 'Admin')!.body, 'fieldPermissions', 'field')).to.deep.equal(['Account.Other__c']);
    });

    it('Given a component the org lacks, Then delete says so', () => {
      expect(deleteComponent(storeOf(), 'Layout', 'Nope-Nope')).to.equal(false);
    });
  });
});
