import { expect } from 'chai';
import { combineChunkComponents, mergePermissionCopies, planChunks } from '../../../src/org/chunks.js';
import { ComponentKey } from '../../../src/org/index.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const key = (type: string, fullName: string): ComponentKey => ({ type, fullName });
const names = (chunk: ComponentKey[]): string[] => chunk.map((k) => `${k.type}:${k.fullName}`);

describe('retrieve chunks', () => {
  it('Given fewer files than the limit, Then one chunk holds everything', () => {
    const keys = [key('Profile', 'Admin'), key('CustomObject', 'A__c'), key('Layout', 'A__c-A Layout')];
    expect(planChunks(keys, 10)).to.deep.equal([keys]);
  });

  it('Given more files than the limit, Then every chunk holds the profiles and none is over the limit', () => {
    const keys = [key('Profile', 'Admin'), key('Profile', 'Sales')];
    for (let i = 0; i < 10; i += 1) keys.push(key('CustomObject', `O${i}__c`), key('ApexClass', `C${i}`));
    const chunks = planChunks(keys, 6);
    expect(chunks.length).to.be.greaterThan(1);
    for (const chunk of chunks) {
      expect(names(chunk).slice(0, 2)).to.deep.equal(['Profile:Admin', 'Profile:Sales']);
      // a class is two files (its body and its -meta.xml)
      const files = chunk.reduce((sum, k) => sum + (k.type === 'ApexClass' ? 2 : 1), 0);
      expect(files, names(chunk).join(',')).to.be.at.most(6);
    }
    const all = chunks.flatMap(names).filter((n) => !n.startsWith('Profile:'));
    expect(all.sort()).to.deep.equal(names(keys.slice(2)).sort());
  });

  it('Given an object, its layouts and its list views, Then they always share a chunk (layout assignments keep their record types)', () => {
    const keys = [key('Profile', 'Admin')];
    for (let i = 0; i < 6; i += 1) keys.push(key('CustomObject', `O${i}__c`), key('Layout', `O${i}__c-Main`), key('ListView', `O${i}__c.All`));
    for (const chunk of planChunks(keys, 4)) {
      const objects = chunk.filter((k) => k.type === 'CustomObject').map((k) => k.fullName);
      for (const member of chunk.filter((k) => k.type === 'Layout' || k.type === 'ListView')) {
        expect(objects).to.include(member.fullName.split(/[-.]/)[0]);
      }
    }
  });

  it('Given a permission set at API 62, Then it goes into one chunk only (it is whole in any request)', () => {
    const keys = [key('PermissionSet', 'Ops'), ...Array.from({ length: 8 }, (_, i) => key('CustomObject', `O${i}__c`))];
    const chunks = planChunks(keys, 3, '62.0');
    expect(chunks.filter((chunk) => chunk.some((k) => k.type === 'PermissionSet'))).to.have.length(1);
    expect(planChunks(keys, 3, '39.0').every((chunk) => chunk.some((k) => k.type === 'PermissionSet'))).to.equal(true);
  });

  it('Given the copies of a profile from two chunks, Then the merged profile holds every entry once, sections in document order', () => {
    const first = `<Profile ${NS}><custom>false</custom><fieldPermissions><editable>true</editable><field>A__c.X__c</field></fieldPermissions><userLicense>Salesforce</userLicense><userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions></Profile>`;
    const second = `<Profile ${NS}><classAccesses><apexClass>Hello</apexClass><enabled>true</enabled></classAccesses><custom>false</custom><fieldPermissions><editable>false</editable><field>B__c.Y__c</field></fieldPermissions><userLicense>Salesforce</userLicense><userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions></Profile>`;
    const merged = mergePermissionCopies([
      { type: 'Profile', fullName: 'Admin', xml: first },
      { type: 'Profile', fullName: 'Admin', xml: second },
    ]).xml;
    const tags = [...merged.matchAll(/^ {4}<(\w+)>/gm)].map((m) => m[1]);
    expect(tags).to.deep.equal(['classAccesses', 'custom', 'fieldPermissions', 'fieldPermissions', 'userLicense', 'userPermissions']);
    expect(merged).to.include('A__c.X__c').and.to.include('B__c.Y__c');
  });

  it('Given components from several chunks, Then each comes once and only permission files are merged', () => {
    const layout = { type: 'Layout', fullName: 'A-B', xml: `<Layout ${NS}/>` };
    const profile = (field: string): { type: string; fullName: string; xml: string } => ({
      type: 'Profile',
      fullName: 'Admin',
      xml: `<Profile ${NS}><fieldPermissions><field>${field}</field></fieldPermissions></Profile>`,
    });
    const combined = combineChunkComponents([[profile('A.X'), layout], [profile('B.Y')]]);
    expect(combined.map((c) => `${c.type}:${c.fullName}`)).to.deep.equal(['Profile:Admin', 'Layout:A-B']);
    expect(combined[0].xml).to.include('A.X').and.to.include('B.Y');
  });
});
