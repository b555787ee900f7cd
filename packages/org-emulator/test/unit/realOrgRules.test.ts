/*
 * The emulator's real-org rules (packages/org-emulator/README.md "Real-org rules"): managed packages,
 * retrieve limits, whole permission sets, layout assignments without their record type.
 */
import { expect } from 'chai';
import JSZip from 'jszip';
import { listedName, lockedChanges, namespaceOf } from '../../src/managed.js';
import { RetrieveLimitError, buildRetrieve, scopePermissions } from '../../src/retrieve.js';
import { children, text } from '../../src/xml.js';
import { stored, storeOf } from './helpers.js';

const OPTIONS = { apiVersion: '62.0', singlePackage: false, now: '2026-01-01T00:00:00.000Z', ids: (): string => '04t000000000000AAA' };
const PACKAGES = { packages: [{ namespace: 'pkg', version: '1.0' }], members: new Map([['ListView:pkg__Inv__c.Open', 'pkg']]) };

describe('emulator real-org rules', () => {
  it('Given an installed package, Then components with its prefix or declared in the file belong to it, the rest to the subscriber', () => {
    expect(namespaceOf(PACKAGES, 'Layout', 'pkg__Inv__c-pkg__Inv Layout')).to.equal('pkg');
    expect(namespaceOf(PACKAGES, 'Layout', 'Account-pkg__Extra')).to.equal('pkg');
    expect(namespaceOf(PACKAGES, 'ListView', 'pkg__Inv__c.Open')).to.equal('pkg');
    expect(namespaceOf(PACKAGES, 'ListView', 'pkg__Inv__c.Mine')).to.equal(undefined);
    expect(namespaceOf(PACKAGES, 'Layout', 'Account-Account Layout')).to.equal(undefined);
  });

  it('Given a managed layout, Then listMetadata names it without the namespace of the layout part', () => {
    expect(listedName('Layout', 'pkg__Inv__c-pkg__Inv Layout', 'pkg')).to.equal('pkg__Inv__c-Inv Layout');
    expect(listedName('Layout', 'Account-Account Layout', undefined)).to.equal('Account-Account Layout');
    expect(listedName('CustomObject', 'pkg__Inv__c', 'pkg')).to.equal('pkg__Inv__c');
  });

  it('Given changes to installed components, Then only what the subscriber may not edit is locked', () => {
    const recordType = stored('RecordType', 'pkg__Inv__c.Std', '<label>Std</label><picklistValues><picklist>S__c</picklist></picklistValues>').body;
    const relabelled = stored('RecordType', 'pkg__Inv__c.Std', '<label>Other</label>').body;
    expect(lockedChanges('RecordType', recordType, relabelled)).to.deep.equal(['label']);
    expect(lockedChanges('Layout', recordType, relabelled)).to.deep.equal([]);
    expect(lockedChanges('GlobalValueSet', recordType, relabelled)).to.deep.equal(['label', 'picklistValues']);
  });

  it('Given more files than the limit, Then the retrieve fails with LIMIT_EXCEEDED and the limit', async () => {
    const store = storeOf(stored('Layout', 'A-A', '<showEmailCheckbox>false</showEmailCheckbox>'), stored('Layout', 'B-B', '<showEmailCheckbox>false</showEmailCheckbox>'));
    const request = [{ name: 'Layout', members: ['*'] }];
    const error = await buildRetrieve(store, request, { ...OPTIONS, limits: { maxFiles: 1, maxZipBytes: 1_000_000 } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RetrieveLimitError);
    expect((error as Error).message).to.equal('LIMIT_EXCEEDED: Too many files in retrieve call, limit is: 1');
    const sized = await buildRetrieve(store, request, { ...OPTIONS, limits: { maxFiles: 10, maxZipBytes: 100 } }).catch((e: unknown) => e);
    expect((sized as Error).message).to.match(/^LIMIT_EXCEEDED: .*limit is: 100$/);
    const fits = await buildRetrieve(store, request, { ...OPTIONS, limits: { maxFiles: 2, maxZipBytes: 1_000_000 } });
    expect(fits.zip.length).to.be.greaterThan(0);
  });

  it('Given a permission set at API 62, Then it comes back whole, whatever else is requested; at API 39 it is scoped', async () => {
    const permissionSet = stored('PermissionSet', 'Ops', '<classAccesses><apexClass>Hello</apexClass><enabled>true</enabled></classAccesses><label>Ops</label>');
    const read = async (apiVersion: string): Promise<string> => {
      const outcome = await buildRetrieve(storeOf(permissionSet), [{ name: 'PermissionSet', members: ['Ops'] }], { ...OPTIONS, apiVersion });
      return (await JSZip.loadAsync(outcome.zip)).file('unpackaged/permissionsets/Ops.permissionset')!.async('string');
    };
    expect(await read('62.0')).to.include('<apexClass>Hello</apexClass>');
    expect(await read('39.0')).not.to.include('<apexClass>Hello</apexClass>');
  });

  it('Given a layout assignment with a record type, Then it keeps the record type only when the RecordType or its object is requested', () => {
    const profile = stored('Profile', 'Admin', '<layoutAssignments><layout>Account-Main</layout><recordType>Account.Big</recordType></layoutAssignments>').body;
    const layoutOnly = scopePermissions(profile, new Map([['Layout', new Set(['Account-Main'])]]));
    expect(children(layoutOnly, 'layoutAssignments').map((e) => text(e, 'recordType'))).to.deep.equal([undefined]);
    const withObject = scopePermissions(profile, new Map([['Layout', new Set(['Account-Main'])], ['CustomObject', new Set(['Account'])]]));
    expect(children(withObject, 'layoutAssignments').map((e) => text(e, 'recordType'))).to.deep.equal(['Account.Big']);
  });
});
