import { expect } from 'chai';
import type { MetadataComponent } from '../../../src/org/index.js';
import { ReferenceReads, readSide } from '../../../src/plan/componentReads.js';

const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const entries = (count: number): string =>
  Array.from({ length: count }, (_, i) => `<fieldPermissions><editable>true</editable><field>Account.F${i}__c</field><readable>true</readable></fieldPermissions>`).join('');
const profile = (name: string, count: number): MetadataComponent => ({ type: 'Profile', fullName: name, xml: `<Profile ${ns}><custom>true</custom>${entries(count)}</Profile>` });
const key = (component: MetadataComponent): { type: string; fullName: string } => ({ type: component.type, fullName: component.fullName });

describe('plan/componentReads', () => {
  // about 2,500 entries make a document over the 256 KB from which the reference's reads are kept
  const big = profile('Big', 2500);
  let reads: ReferenceReads;
  const readReferenceComponent = (k: { type: string; fullName: string }, component: MetadataComponent): ReturnType<ReferenceReads['read']> => reads.read(k, component);
  beforeEach(() => {
    reads = new ReferenceReads();
  });

  it('Given a big reference component, When read for a second target, Then the first read is given again (read once for all targets)', () => {
    expect(big.xml.length).to.be.greaterThan(256 * 1024);
    const first = readReferenceComponent(key(big), big);
    expect(readReferenceComponent(key(big), big)).to.equal(first);
    // the same XML in another object (a copy rewritten for one target) is read anew
    expect(readReferenceComponent(key(big), { ...big })).not.to.equal(first);
  });

  it('Given a small reference component, When read twice, Then each read is its own (small reads are not kept)', () => {
    const small = profile('Small', 3);
    expect(readReferenceComponent(key(small), small)).not.to.equal(readReferenceComponent(key(small), small));
  });

  it('Given more big reference components than are kept, When the oldest is read again, Then it is read anew and the newest stay', () => {
    const bigs = ['A', 'B', 'C', 'D', 'E'].map((name) => profile(name, 2500));
    const first = bigs.map((component) => readReferenceComponent(key(component), component));
    expect(readReferenceComponent(key(bigs[4]), bigs[4])).to.equal(first[4]);
    expect(readReferenceComponent(key(bigs[0]), bigs[0])).not.to.equal(first[0]);
  });

  it('Given a big reference component read in one plan, When a second plan reads it, Then it is read anew (nothing is kept from plan to plan)', () => {
    const first = readReferenceComponent(key(big), big);
    expect(new ReferenceReads().read(key(big), big)).not.to.equal(first);
  });

  it('Given malformed XML, When read as one side, Then the error names the component and the side', () => {
    expect(() => readSide({ type: 'Profile', fullName: 'Sales' }, { type: 'Profile', fullName: 'Sales', xml: '<Profile><custom>' }, 'target')).to.throw(/Profile Sales \(target\)/);
  });
});
