import { expect } from 'chai';
import type { ComponentKey } from '../../../src/org/index.js';
import { readSide } from '../../../src/plan/componentReads.js';
import { TargetFacts, targetFacts, vetoedEntries } from '../../../src/plan/targetFacts.js';
import { carriedAlong } from '../../../src/plan/targetReferences.js';

const vetoes = (key: ComponentKey, referenceXml: string, facts: TargetFacts): Map<string, string> =>
  vetoedEntries(key, readSide(key, { ...key, xml: referenceXml }, 'reference').root, undefined, facts);

const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const account = `<CustomObject ${ns}><fields><fullName>Region__c</fullName><type>Text</type></fields></CustomObject>`;
const profile = (body: string): string => `<Profile ${ns}><custom>true</custom>${body}</Profile>`;
const field = (name: string): string => `<fieldPermissions><editable>true</editable><field>${name}</field><readable>true</readable></fieldPermissions>`;
const objectAccess = (name: string): string => `<objectPermissions><allowRead>true</allowRead><object>${name}</object></objectPermissions>`;
const layout = (...fields: string[]): string =>
  `<Layout ${ns}><layoutSections><label>S</label><layoutColumns>${fields.map((f) => `<layoutItems><field>${f}</field></layoutItems>`).join('')}</layoutColumns><style>OneColumn</style></layoutSections></Layout>`;
const OBJECTS_FIRST = 'deploy the objects first: `sf project deploy start -d force-app/main/default/objects`';

describe('plan: objects and fields a fresh org lacks (scratch org from a source folder)', () => {
  // the plan asked the target for Account (it has it, with Region__c) and Widget__c (it has none)
  const facts = targetFacts('scratch', [{ type: 'CustomObject', fullName: 'Account', xml: account }], [{ type: 'CustomObject', fullName: 'Widget__c' }]);

  it('Given a profile naming a missing object and fields, Then those entries are refused with the command that deploys the objects first', () => {
    const vetoed = vetoes({ type: 'Profile', fullName: 'Admin' }, profile(field('Account.Extra__c') + field('Account.Region__c') + field('Widget__c.Size__c') + objectAccess('Widget__c') + objectAccess('Account')), facts);
    expect([...vetoed.keys()].sort()).to.deep.equal(['fieldPermissions[Account.Extra__c]', 'fieldPermissions[Widget__c.Size__c]', 'objectPermissions[Widget__c]']);
    for (const reason of vetoed.values()) expect(reason).to.include(OBJECTS_FIRST);
  });

  it('Given a layout of a missing object, or naming a missing field, Then the whole layout is refused; a layout of known fields is not', () => {
    expect(vetoes({ type: 'Layout', fullName: 'Widget__c-Widget Layout' }, layout('Name', 'Size__c'), facts).get('')).to.include('scratch has no object Widget__c');
    expect(vetoes({ type: 'Layout', fullName: 'Account-Account Layout' }, layout('Name', 'Extra__c'), facts).get('')).to.include('scratch has no field Account.Extra__c');
    expect(vetoes({ type: 'Layout', fullName: 'Account-Account Layout' }, layout('Name', 'Region__c'), facts).size).to.equal(0);
  });

  it('Given the deploy carries the object, Then nothing that names it is refused', () => {
    const along = [{ type: 'CustomObject', fullName: 'Widget__c', xml: `<CustomObject ${ns}><fields><fullName>Size__c</fullName><type>Text</type></fields></CustomObject>` }];
    const carried = targetFacts('scratch', [{ type: 'CustomObject', fullName: 'Account', xml: account }], [{ type: 'CustomObject', fullName: 'Widget__c' }], undefined, { along: carriedAlong(along) });
    expect(vetoes({ type: 'Profile', fullName: 'Admin' }, profile(field('Widget__c.Size__c') + objectAccess('Widget__c')), carried).size).to.equal(0);
  });
});
