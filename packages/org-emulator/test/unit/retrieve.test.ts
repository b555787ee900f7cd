import { expect } from 'chai';
import JSZip from 'jszip';
import { buildRetrieve, scopePermissions } from '../../src/retrieve.js';
import { splitParent } from '../../src/semantics.js';
import { storePut } from '../../src/org.js';
import { XmlNode, children, text } from '../../src/xml.js';
import { stored, storeOf } from './helpers.js';

const PROFILE = stored(
  'Profile',
  'Admin',
  [
    '<applicationVisibilities><application>Sales</application><default>true</default><visible>true</visible></applicationVisibilities>',
    '<classAccesses><apexClass>Hello</apexClass><enabled>true</enabled></classAccesses>',
    '<custom>false</custom>',
    '<customPermissions><enabled>true</enabled><name>Approve</name></customPermissions>',
    '<fieldPermissions><editable>true</editable><field>Account.Tier__c</field><readable>true</readable></fieldPermissions>',
    '<fieldPermissions><editable>true</editable><field>Contact.Level__c</field><readable>true</readable></fieldPermissions>',
    '<flowAccesses><enabled>true</enabled><flow>Onboard</flow></flowAccesses>',
    '<layoutAssignments><layout>Account-Account Layout</layout></layoutAssignments>',
    '<layoutAssignments><layout>Contact-Contact Layout</layout></layoutAssignments>',
    '<objectPermissions><allowRead>true</allowRead><object>Account</object></objectPermissions>',
    '<objectPermissions><allowRead>true</allowRead><object>Contact</object></objectPermissions>',
    '<pageAccesses><apexPage>Home</apexPage><enabled>true</enabled></pageAccesses>',
    '<recordTypeVisibilities><default>true</default><recordType>Account.Business</recordType><visible>true</visible></recordTypeVisibilities>',
    '<tabVisibilities><tab>standard-Account</tab><visibility>DefaultOn</visibility></tabVisibilities>',
    '<tabVisibilities><tab>Thing__c</tab><visibility>DefaultOn</visibility></tabVisibilities>',
    '<userLicense>Salesforce</userLicense>',
    '<userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions>',
  ].join('')
);

const requested = (entries: Record<string, string[]>): Map<string, Set<string>> => new Map(Object.entries(entries).map(([type, names]) => [type, new Set(names)]));

function keys(body: XmlNode, tag: string, key: string): Array<string | undefined> {
  return children(body, tag).map((entry) => text(entry, key));
}

describe('emulator retrieve', () => {
  describe('scopePermissions', () => {
    it('Given nothing else requested, Then only userPermissions and scalar settings remain', () => {
      const body = scopePermissions(PROFILE.body, requested({ Profile: ['Admin'] }));
      expect(Object.keys(body).sort()).to.deep.equal(['custom', 'userLicense', 'userPermissions']);
      expect(keys(body, 'userPermissions', 'name')).to.deep.equal(['ApiEnabled']);
    });

    it('Given an object requested, Then its object, field and record type entries come back, and no others (not its standard tab)', () => {
      const body = scopePermissions(PROFILE.body, requested({ CustomObject: ['Account'] }));
      expect(keys(body, 'objectPermissions', 'object')).to.deep.equal(['Account']);
      expect(keys(body, 'fieldPermissions', 'field')).to.deep.equal(['Account.Tier__c']);
      expect(keys(body, 'recordTypeVisibilities', 'recordType')).to.deep.equal(['Account.Business']);
      expect(body).not.to.have.property('tabVisibilities');
      expect(body).not.to.have.property('layoutAssignments');
      expect(body).not.to.have.property('classAccesses');
    });

    it('Given CustomTab standard-Account requested, Then its tab visibility comes back', () => {
      const body = scopePermissions(PROFILE.body, requested({ CustomTab: ['standard-Account'] }));
      expect(keys(body, 'tabVisibilities', 'tab')).to.deep.equal(['standard-Account']);
    });

    it('Given one field requested without its object, Then only that field entry comes back', () => {
      const body = scopePermissions(PROFILE.body, requested({ CustomField: ['Contact.Level__c'] }));
      expect(keys(body, 'fieldPermissions', 'field')).to.deep.equal(['Contact.Level__c']);
      expect(body).not.to.have.property('objectPermissions');
    });

    const single: Array<[string, string, string, string, string]> = [
      ['Layout', 'Contact-Contact Layout', 'layoutAssignments', 'layout', 'Contact-Contact Layout'],
      ['ApexClass', 'Hello', 'classAccesses', 'apexClass', 'Hello'],
      ['ApexPage', 'Home', 'pageAccesses', 'apexPage', 'Home'],
      ['CustomApplication', 'Sales', 'applicationVisibilities', 'application', 'Sales'],
      ['CustomPermission', 'Approve', 'customPermissions', 'name', 'Approve'],
      ['Flow', 'Onboard', 'flowAccesses', 'flow', 'Onboard'],
      ['CustomTab', 'Thing__c', 'tabVisibilities', 'tab', 'Thing__c'],
      ['RecordType', 'Account.Business', 'recordTypeVisibilities', 'recordType', 'Account.Business'],
    ];
    for (const [type, name, tag, key, value] of single) {
      it(`Given ${type} ${name} requested, Then ${tag} holds exactly its entry`, () => {
        const body = scopePermissions(PROFILE.body, requested({ [type]: [name] }));
        expect(keys(body, tag, key)).to.deep.equal([value]);
        expect(keys(body, 'userPermissions', 'name')).to.deep.equal(['ApiEnabled']);
      });
    }
  });

  describe('buildRetrieve', () => {
    it('Given a profile, a wildcard of list views and a missing member, Then the zip, file properties and messages say so', async () => {
      const store = storeOf(PROFILE, stored('Layout', 'Account-Account Layout', '<showEmailCheckbox>false</showEmailCheckbox>'));
      for (const kid of splitParent(stored('CustomObject', 'Account', '<listViews><fullName>All</fullName><label>All</label></listViews><listViews><fullName>Mine</fullName><label>Mine</label></listViews>')).children) {
        storePut(store, kid);
      }
      const outcome = await buildRetrieve(
        store,
        [
          { name: 'Profile', members: ['Admin'] },
          { name: 'Layout', members: ['Account-Account Layout', 'Nope-Nope'] },
          { name: 'ListView', members: ['*'] },
        ],
        { apiVersion: '62.0', singlePackage: false, now: '2026-01-01T00:00:00.000Z', ids: () => '04t000000000000AAA' }
      );
      const zip = await JSZip.loadAsync(outcome.zip);
      const names = Object.values(zip.files).filter((e) => !e.dir).map((e) => e.name);
      expect(names).to.have.members(['unpackaged/package.xml', 'unpackaged/profiles/Admin.profile', 'unpackaged/layouts/Account-Account Layout.layout', 'unpackaged/objects/Account.object']);
      const profile = await zip.file('unpackaged/profiles/Admin.profile')!.async('string');
      expect(profile).to.include('Account-Account Layout').and.include('ApiEnabled');
      expect(profile).not.to.include('Contact-Contact Layout');
      const object = await zip.file('unpackaged/objects/Account.object')!.async('string');
      expect(object).to.include('<fullName>All</fullName>').and.include('<fullName>Mine</fullName>');
      expect(outcome.messages).to.deep.equal([{ fileName: 'unpackaged/package.xml', problem: "Entity of type 'Layout' named 'Nope-Nope' cannot be found" }]);
      expect(outcome.fileProperties.map((p) => `${p.type}:${p.fullName}`)).to.include.members(['ListView:Account.All', 'ListView:Account.Mine', 'Profile:Admin']);
    });

    it('Given singlePackage, Then files sit at the zip root', async () => {
      const outcome = await buildRetrieve(storeOf(PROFILE), [{ name: 'Profile', members: ['Admin'] }], {
        apiVersion: '62.0',
        singlePackage: true,
        now: '2026-01-01T00:00:00.000Z',
        ids: () => '04t000000000000AAA',
      });
      const zip = await JSZip.loadAsync(outcome.zip);
      expect(Object.keys(zip.files).sort()).to.deep.equal(['package.xml', 'profiles/', 'profiles/Admin.profile']);
    });
  });
});
