import { expect } from 'chai';
import type { ComponentKey } from '../../../src/org/index.js';
import { readSide } from '../../../src/plan/componentReads.js';
import { partlyUndoable, refusedDeletion, TargetFacts, targetFacts, vetoedEntries } from '../../../src/plan/targetFacts.js';
import { carriedAlong, typesToList } from '../../../src/plan/targetReferences.js';

/** The checks as the planner makes them: on both sides as the diff engine reads them (keyed collections normalized). */
const vetoes = (key: ComponentKey, referenceXml: string | undefined, targetXml: string | undefined, facts: TargetFacts, mode: 'merge' | 'overwrite' = 'merge'): Map<string, string> =>
  vetoedEntries(key, referenceXml === undefined ? undefined : readSide(key, { ...key, xml: referenceXml }, 'reference').root, targetXml === undefined ? undefined : readSide(key, { ...key, xml: targetXml }, 'target').root, facts, mode);

const ns = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const account = `<CustomObject ${ns}><fields><fullName>Tier__c</fullName><required>true</required><type>Picklist</type></fields><fields><fullName>Parent__c</fullName><type>MasterDetail</type></fields><fields><fullName>Region__c</fullName><type>Text</type></fields></CustomObject>`;
const profile = (body: string, custom = 'true'): string => `<Profile ${ns}><custom>${custom}</custom>${body}</Profile>`;
const permission = (name: string, enabled = 'true'): string => `<userPermissions><enabled>${enabled}</enabled><name>${name}</name></userPermissions>`;
const field = (name: string): string => `<fieldPermissions><editable>true</editable><field>${name}</field><readable>true</readable></fieldPermissions>`;

describe('plan/targetFacts', () => {
  const facts = targetFacts('t3', [{ type: 'CustomObject', fullName: 'Account', xml: account }], [{ type: 'CustomTab', fullName: 'Widget__c' }], new Set(['ApiEnabled', 'ViewAllData']));

  it('Given required and master-detail fields, an unknown permission and a missing tab, When a profile is checked, Then each entry is vetoed with a reason', () => {
    const reference = profile(field('Account.Tier__c') + field('Account.Parent__c') + field('Account.Region__c') + '<tabVisibilities><tab>Widget__c</tab><visibility>DefaultOn</visibility></tabVisibilities>' + permission('ManageWidgets') + permission('ApiEnabled'));
    const vetoed = vetoes({ type: 'Profile', fullName: 'Sales' }, reference, profile(''), facts);
    expect([...vetoed.keys()].sort()).to.deep.equal(['fieldPermissions[Account.Parent__c]', 'fieldPermissions[Account.Tier__c]', 'tabVisibilities[Widget__c]', 'userPermissions[ManageWidgets]']);
    expect(vetoed.get('fieldPermissions[Account.Tier__c]')).to.include('Tier__c is required in t3: its field permission cannot be deployed');
  });

  it('Given entries naming an Apex class, page, app, custom permission and flow the target lacks, When a permission set is checked, Then each is left out with the reason; standard apps and present components stay', () => {
    const missing = ['ApexClass:Billing', 'ApexPage:Invoice', 'CustomApplication:Finance', 'CustomApplication:standard__Sales', 'CustomPermission:Approve', 'Flow:Refund'].map((key) => ({ type: key.split(':')[0], fullName: key.split(':')[1] }));
    const lacking = targetFacts('t3', [], missing);
    const entry = (tag: string, key: string, name: string): string => `<${tag}><${key}>${name}</${key}><enabled>true</enabled></${tag}>`;
    const reference = `<PermissionSet ${ns}>${entry('applicationVisibilities', 'application', 'Finance')}${entry('applicationVisibilities', 'application', 'standard__Sales')}${entry('classAccesses', 'apexClass', 'Billing')}${entry('classAccesses', 'apexClass', 'Present')}${entry('customPermissions', 'name', 'Approve')}${entry('flowAccesses', 'flow', 'Refund')}${entry('pageAccesses', 'apexPage', 'Invoice')}</PermissionSet>`;
    const vetoed = vetoes({ type: 'PermissionSet', fullName: 'Ops' }, reference, undefined, lacking);
    expect([...vetoed.keys()].sort()).to.deep.equal(['applicationVisibilities[Finance]', 'classAccesses[Billing]', 'customPermissions[Approve]', 'flowAccesses[Refund]', 'pageAccesses[Invoice]']);
    expect(vetoed.get('classAccesses[Billing]')).to.include('t3 has no Apex class Billing: the entry is left out');
  });

  it('Given a detail object granted and its master\'s Read revoked, When planned, Then the master\'s entry keeps the target\'s Read; a master the target never reads keeps the detail out', () => {
    const line = { type: 'CustomObject', fullName: 'Line__c', xml: `<CustomObject ${ns}><fields><fullName>Order__c</fullName><referenceTo>Order__c</referenceTo><type>MasterDetail</type></fields></CustomObject>` };
    const withMaster = targetFacts('t3', [line], []);
    const objectEntry = (object: string, read: boolean): string => `<objectPermissions><allowRead>${String(read)}</allowRead><object>${object}</object></objectPermissions>`;
    const revoking = profile(objectEntry('Line__c', true) + objectEntry('Order__c', false));
    const kept = vetoes({ type: 'Profile', fullName: 'Sales' }, revoking, profile(objectEntry('Order__c', true)), withMaster, 'overwrite');
    expect([...kept.keys()]).to.deep.equal(['objectPermissions[Order__c]']);
    expect(kept.get('objectPermissions[Order__c]')).to.include('Permission Read Line__c depends on permission(s): Read Order__c');
    const never = vetoes({ type: 'Profile', fullName: 'Sales' }, profile(objectEntry('Line__c', true)), profile(''), withMaster, 'overwrite');
    expect([...never.keys()]).to.deep.equal(['objectPermissions[Line__c]']);
    // merge keeps the target's Read of the master where the reference has no entry for it
    expect(vetoes({ type: 'Profile', fullName: 'Sales' }, profile(objectEntry('Line__c', true)), profile(objectEntry('Order__c', true)), withMaster, 'merge').size).to.equal(0);
  });

  it('Given a standard profile with View All Data in the target, When the reference revokes, Then its user permissions and implied object access are vetoed', () => {
    const target = profile(`<objectPermissions><allowRead>true</allowRead><object>Account</object></objectPermissions>${permission('ViewAllData')}`, 'false');
    const vetoed = vetoes({ type: 'Profile', fullName: 'Admin' }, profile(permission('ViewAllData', 'false')), target, facts);
    expect([...vetoed.keys()].sort()).to.deep.equal(['objectPermissions[Account]', 'userPermissions[ViewAllData]']);
  });

  it('Given a custom profile, When nothing is refused, Then nothing is vetoed', () => {
    expect(vetoes({ type: 'Profile', fullName: 'Sales' }, profile(field('Account.Region__c') + permission('ApiEnabled')), profile(''), facts).size).to.equal(0);
  });

  it('Given record types, Lightning pages and layouts, Then deletions and partial undo follow the type table', () => {
    expect(refusedDeletion({ type: 'RecordType', fullName: 'Account.Extra' }, facts)?.reason).to.include('cannot be deleted in t3');
    expect(refusedDeletion({ type: 'Layout', fullName: 'Account-Other' }, facts)?.reason).to.include('last layout of Account');
    expect(refusedDeletion({ type: 'ListView', fullName: 'Account.All' }, facts)).to.equal(undefined);
    expect(partlyUndoable({ type: 'RecordType', fullName: 'Account.Partner' })).to.include('deactivates it');
    expect(partlyUndoable({ type: 'FlexiPage', fullName: 'Account_Page' })).to.include('only if it is not active');
    expect(partlyUndoable({ type: 'Layout', fullName: 'Account-Partner' })).to.equal(undefined);
  });

  describe('what components name that the target must have', () => {
    const layout = (body: string): string => `<Layout ${ns}>${body}</Layout>`;
    const quickAction = (name: string): string => `<quickActionList><quickActionListItems><quickActionName>${name}</quickActionName></quickActionListItems></quickActionList>`;
    const relatedList = '<relatedLists><fields>NAME</fields><fields>Widget__c.Size__c</fields><fields>Colour__c</fields><relatedList>Widget__c.Account__c</relatedList></relatedLists>';
    const listed = { types: ['CustomField', 'QuickAction'], members: [{ type: 'QuickAction', fullName: 'Account.Call' }, { type: 'QuickAction', fullName: 'LogACall' }, { type: 'CustomField', fullName: 'Widget__c.Colour__c' }] };
    const withListing = targetFacts('t3', [], [], undefined, { listed });

    it('Given a layout naming quick actions, When the target lists only some, Then those it does not list are vetoed (a global action such as NewTask too), feed actions and listed ones are not', () => {
      const reference = layout(quickAction('Account.Escalate') + quickAction('Call') + quickAction('LogACall') + quickAction('NewTask') + quickAction('FeedItem.TextPost'));
      const vetoed = vetoes({ type: 'Layout', fullName: 'Account-Account Layout' }, reference, undefined, withListing);
      expect([...vetoed.keys()]).to.deep.equal(['quickActionList.quickActionListItems[Account.Escalate]', 'quickActionList.quickActionListItems[NewTask]']);
      expect(vetoed.get('quickActionList.quickActionListItems[Account.Escalate]')).to.include('t3 has no quick action Account.Escalate').and.include('no QuickAction named Account.Escalate found');
    });

    it('Given a layout whose quick action the deploy carries, or a target not listed, Then nothing is vetoed and nothing is listed', () => {
      const reference = layout(quickAction('Account.Escalate'));
      const along = [{ type: 'Layout', fullName: 'Account-Account Layout', xml: reference }, { type: 'QuickAction', fullName: 'Account.Escalate', xml: `<QuickAction ${ns}/>` }];
      expect(typesToList(along)).to.deep.equal([]);
      expect(typesToList(along.slice(0, 1))).to.deep.equal(['QuickAction']);
      expect(vetoes({ type: 'Layout', fullName: 'Account-Account Layout' }, reference, undefined, targetFacts('t3', [], [], undefined, { along: carriedAlong(along) })).size).to.equal(0);
      expect(vetoes({ type: 'Layout', fullName: 'Account-Account Layout' }, reference, undefined, targetFacts('t3', [], [])).size).to.equal(0);
      // an installed package's action or field may be left out of a listing: its absence is no fact
      const packaged = layout(quickAction('Account.acme__Escalate') + relatedList.replace('Widget__c.Size__c', 'Widget__c.acme__Size__c'));
      expect(vetoes({ type: 'Layout', fullName: 'Account-Account Layout' }, packaged, undefined, withListing).size).to.equal(0);
    });

    it('Given a related-list column of an object the child looks up (Widget__c.Colour__c in a list of Part__c), Then that object\'s field is checked', () => {
      const otherObject = '<relatedLists><fields>Widget__c.Colour__c</fields><fields>Widget__c.Gone__c</fields><relatedList>Part__c.Widget__c</relatedList></relatedLists>';
      const vetoed = vetoes({ type: 'Layout', fullName: 'Account-Account Layout' }, layout(otherObject), undefined, withListing);
      expect([...vetoed.keys()]).to.deep.equal(['relatedLists[Part__c.Widget__c].fields[Widget__c.Gone__c]']);
    });

    it('Given a related list of a custom child object, When the target lacks one of its custom fields, Then that field is vetoed', () => {
      expect(typesToList([{ type: 'Layout', fullName: 'Account-Account Layout', xml: layout(relatedList) }])).to.deep.equal(['CustomField']);
      const vetoed = vetoes({ type: 'Layout', fullName: 'Account-Account Layout' }, layout(relatedList), undefined, withListing);
      expect([...vetoed.keys()]).to.deep.equal(['relatedLists[Widget__c.Account__c].fields[Widget__c.Size__c]']);
      expect(vetoed.get('relatedLists[Widget__c.Account__c].fields[Widget__c.Size__c]')).to.include('Invalid field:Widget__c.Size__c in related list:Widget__c.Account__c');
    });

    const tier = (values: string[]): string =>
      `<CustomObject ${ns}><fields><fullName>Tier__c</fullName><type>Picklist</type><valueSet><valueSetDefinition>${values.map((v) => `<value><fullName>${v}</fullName></value>`).join('')}</valueSetDefinition></valueSet></fields><fields><fullName>Region__c</fullName><type>Picklist</type><valueSet><valueSetName>Regions</valueSetName></valueSet></fields></CustomObject>`;
    const recordType = (picklist: string, values: string[]): string =>
      `<RecordType ${ns}><fullName>Business</fullName><picklistValues><picklist>${picklist}</picklist>${values.map((v) => `<values><fullName>${v}</fullName><default>false</default></values>`).join('')}</picklistValues></RecordType>`;

    it('Given the target field without a value, When a record type offers it, Then the value is vetoed; values the deploy carries and unknown value sets are not', () => {
      const target = [{ type: 'CustomObject', fullName: 'Account', xml: tier(['Gold']) }];
      const accountFacts = targetFacts('t3', target, []);
      const vetoed = vetoes({ type: 'RecordType', fullName: 'Account.Business' }, recordType('Tier__c', ['Gold', 'Platinum%20Plus']), undefined, accountFacts);
      expect([...vetoed.keys()]).to.deep.equal(['picklistValues[Tier__c].values[Platinum Plus]']);
      expect(vetoed.get('picklistValues[Tier__c].values[Platinum Plus]')).to.include('Picklist value: Platinum Plus in picklist: Tier__c not found');
      const carried = targetFacts('t3', target, [], undefined, { along: carriedAlong([{ type: 'CustomField', fullName: 'Account.Tier__c', xml: `<CustomField ${ns}><valueSet><valueSetDefinition><value><fullName>Platinum Plus</fullName></value></valueSetDefinition></valueSet></CustomField>` }]) });
      expect(vetoes({ type: 'RecordType', fullName: 'Account.Business' }, recordType('Tier__c', ['Platinum Plus']), undefined, carried).size).to.equal(0);
      // Region__c uses the global value set Regions, which the plan did not read
      expect(vetoes({ type: 'RecordType', fullName: 'Account.Business' }, recordType('Region__c', ['Mars']), undefined, accountFacts).size).to.equal(0);
      const withRegions = targetFacts('t3', [...target, { type: 'GlobalValueSet', fullName: 'Regions', xml: `<GlobalValueSet ${ns}><customValue><fullName>Earth</fullName></customValue></GlobalValueSet>` }], []);
      expect([...vetoes({ type: 'CustomObject', fullName: 'Account' }, `<CustomObject ${ns}><recordTypes>${recordType('Region__c', ['Mars', 'Earth']).replace(/<\/?RecordType[^>]*>/g, '')}</recordTypes></CustomObject>`, undefined, withRegions).keys()]).to.deep.equal([
        'recordTypes[Business].picklistValues[Region__c].values[Mars]',
      ]);
    });

    it('Given a "My" list view of any object, When planned, Then the whole view is vetoed (no deploy takes Mine), new or not; an Everything view is not', () => {
      const noFacts = targetFacts('t3', [], []);
      const mine = `<ListView ${ns}><fullName>My_Lines</fullName><filterScope>Mine</filterScope><label>My Lines</label></ListView>`;
      const everything = mine.replace('Mine', 'Everything');
      for (const target of [everything, mine, undefined]) {
        const whole = vetoes({ type: 'ListView', fullName: 'Account.My_Lines' }, mine, target, noFacts);
        expect([...whole.keys()]).to.deep.equal(['']);
        expect(whole.get('')).to.include('Invalid scope:Mine, not allowed').and.include('a028c00000qQ8ldAAC');
      }
      expect(vetoes({ type: 'ListView', fullName: 'Account.All' }, everything, mine, noFacts).size).to.equal(0);
      const inObject = `<CustomObject ${ns}><listViews>${mine.replace(/<\/?ListView[^>]*>/g, '')}</listViews></CustomObject>`;
      expect([...vetoes({ type: 'CustomObject', fullName: 'Account' }, inObject, undefined, noFacts).keys()]).to.deep.equal(['listViews[My_Lines]']);
    });

    it('Given a list view with a custom column the target\'s object lacks, When planned, Then the whole view is vetoed with the reason; with the field, nothing', () => {
      const accountRead = { type: 'CustomObject', fullName: 'Account', xml: `<CustomObject ${ns}><fields><fullName>Tier__c</fullName><type>Text</type></fields></CustomObject>` };
      const withAccount = targetFacts('t3', [accountRead], []);
      const view = (column: string): string => `<ListView ${ns}><columns>ACCOUNT.NAME</columns><columns>${column}</columns><filterScope>Everything</filterScope><fullName>Big</fullName><label>Big</label></ListView>`;
      const whole = vetoes({ type: 'ListView', fullName: 'Account.Big' }, view('Gone__c'), undefined, withAccount);
      expect([...whole.keys()]).to.deep.equal(['']);
      expect(whole.get('')).to.include('Could not resolve list view column: Gone__c');
      expect(vetoes({ type: 'ListView', fullName: 'Account.Big' }, view('Tier__c'), undefined, withAccount).size).to.equal(0);
      // the object not read from the target: unknown, nothing vetoed
      expect(vetoes({ type: 'ListView', fullName: 'Account.Big' }, view('Gone__c'), undefined, targetFacts('t3', [], [])).size).to.equal(0);
    });

    it('Given a target profile with one default app, When the reference has no default app, Then that app entry is vetoed; with another default it is not', () => {
      const app = (name: string, isDefault: boolean): string => `<applicationVisibilities><application>${name}</application><default>${isDefault}</default><visible>true</visible></applicationVisibilities>`;
      const target = profile(app('Sales', true));
      const vetoed = vetoes({ type: 'Profile', fullName: 'Sales' }, profile(app('Sales', false)), target, facts);
      expect([...vetoed.keys()]).to.deep.equal(['applicationVisibilities[Sales]']);
      expect(vetoed.get('applicationVisibilities[Sales]')).to.include("You can't remove the only default app from the profile.");
      expect(vetoes({ type: 'Profile', fullName: 'Sales' }, profile(app('Sales', false) + app('Service', true)), target, facts).size).to.equal(0);
    });
  });
});
