/*
 * Real-org rules that take their facts from public sources rather than from the org's files
 * (README "Real-org rules"): the user permissions of the Tooling WSDL, the default global actions,
 * standard picklists' value sets, the wording of refused deletions, deletions of what is not there.
 */
import { expect } from 'chai';
import { runDeploy, type DeployOptions } from '../../src/deploy.js';
import { EmulatedOrg, type StoredComponent } from '../../src/org.js';
import { buildManifest, buildZip } from '../../src/packageZip.js';
import { layoutRefusals, permissionRefusals, recordTypeRefusals, refusedDeletion } from '../../src/refusals.js';
import { knownUserPermissions, newestPermissionVersion } from '../../src/userPermissions.js';
import { validateComponent } from '../../src/validation.js';
import { manageableState } from '../../src/managed.js';
import { stored, storeOf } from './helpers.js';

const permission = (name: string): string => `<userPermissions><enabled>true</enabled><name>${name}</name></userPermissions>`;

describe('emulator: user permissions a real org knows (Tooling WSDL, PermissionSet Permissions<Name>)', () => {
  it('Given no permission files at all, When a profile names a real permission, Then it is accepted; a made-up one is "Unknown user permission"', () => {
    const profile = stored('Profile', 'Admin', `<custom>true</custom>${permission('ApiEnabled')}${permission('ManageWidgets')}`);
    const empty = storeOf();
    expect(permissionRefusals(storeOf(profile), profile, {}, empty)).to.deep.equal(['Unknown user permission: ManageWidgets']);
  });

  it('Given the API versions of the data, Then a permission exists from the version its field appeared in, and the newest version is 61.0', () => {
    expect(newestPermissionVersion()).to.equal('61.0');
    expect(knownUserPermissions('47.0').has('ApiEnabled')).to.equal(true);
    expect(knownUserPermissions('61.0').size).to.be.greaterThan(knownUserPermissions('47.0').size);
    // a version above the newest covered knows the newest's, one below the oldest the oldest's
    expect(knownUserPermissions('66.0')).to.equal(knownUserPermissions('61.0'));
    expect(knownUserPermissions('40.0')).to.equal(knownUserPermissions('47.0'));
    const added = [...knownUserPermissions('61.0')].find((name) => !knownUserPermissions('47.0').has(name));
    expect(added, 'some permission appeared after 47.0').to.be.a('string');
  });
});

describe('emulator: quick actions a layout names', () => {
  const actions = (...names: string[]): string =>
    `<quickActionList>${names.map((n) => `<quickActionListItems><quickActionName>${n}</quickActionName></quickActionListItems>`).join('')}</quickActionList>`;

  it('Given an org folder without QuickAction files, When a layout names default global and feed actions, Then they exist; any other action must be in the org', () => {
    const layout = stored('Layout', 'Account-Account Layout', actions('LogACall', 'NewTask', 'SendEmail', 'FeedItem.TextPost', 'Account.Escalate', 'NewWidget'));
    expect(layoutRefusals(storeOf(layout), layout)).to.deep.equal([
      'In field: QuickAction - no QuickAction named Account.Escalate found',
      'In field: QuickAction - no QuickAction named NewWidget found',
    ]);
  });
});

describe('emulator: standard picklists take their values from their StandardValueSet', () => {
  const recordType = (picklist: string, ...values: string[]): string =>
    `<fullName>Prospect</fullName><label>Prospect</label><picklistValues><picklist>${picklist}</picklist>${values.map((v) => `<values><default>false</default><fullName>${v}</fullName></values>`).join('')}</picklistValues>`;
  const set = (name: string, ...values: string[]): StoredComponent => stored('StandardValueSet', name, values.map((v) => `<standardValue><default>false</default><fullName>${v}</fullName><label>${v}</label></standardValue>`).join(''));

  it('Given Lead.Rating and the AccountRating set, When a record type offers Hot, Then it is accepted; a value not in the set is refused', () => {
    const org = storeOf(set('AccountRating', 'Hot', 'Warm', 'Cold'), set('Industry', 'Agriculture', 'Banking'));
    expect(recordTypeRefusals(org, stored('RecordType', 'Lead.Prospect', recordType('Rating', 'Hot', 'Warm')))).to.deep.equal([]);
    expect(recordTypeRefusals(org, stored('RecordType', 'Lead.Prospect', recordType('Industry', 'Agriculture')))).to.deep.equal([]);
    expect(recordTypeRefusals(org, stored('RecordType', 'Lead.Prospect', recordType('Rating', 'Lukewarm')))).to.deep.equal(['Picklist value: Lukewarm in picklist: Rating not found']);
  });

  it('Given a set named like the picklist but not its set (Opportunity.Type uses OpportunityType), Then that set is not used', () => {
    const org = storeOf(set('Type', 'Other'), set('OpportunityType', 'New Customer'));
    expect(recordTypeRefusals(org, stored('RecordType', 'Opportunity.Big', recordType('Type', 'New Customer')))).to.deep.equal([]);
  });
});

describe('emulator: refused deletions in the org\'s words', () => {
  it('Given an active Lightning page, Then the deletion is refused with the wording of CumulusCI #136', () => {
    const org = storeOf(stored('FlexiPage', 'Account_Page', '<masterLabel>A</masterLabel>'), stored('CustomApplication', 'Sales', '<actionOverrides><actionName>View</actionName><content>Account_Page</content></actionOverrides>'));
    expect(refusedDeletion(org, 'FlexiPage', 'Account_Page')).to.equal("You can't delete an active Lightning Page. Open the page in Lightning App Builder and click Activation to deactivate it.");
  });

  it('Given the only layout of an object, Then its deletion is refused; with another layout it may go', () => {
    const only = storeOf(stored('Layout', 'Widget__c-Widget Layout', ''));
    expect(refusedDeletion(only, 'Layout', 'Widget__c-Widget Layout')).to.equal("You can't delete the only layout of Widget__c.");
    const two = storeOf(stored('Layout', 'Widget__c-Widget Layout', ''), stored('Layout', 'Widget__c-Other', ''));
    expect(refusedDeletion(two, 'Layout', 'Widget__c-Widget Layout')).to.equal(undefined);
  });
});

describe('emulator: deleting a component the org does not have', () => {
  const OPTIONS: DeployOptions = { checkOnly: false, rollbackOnError: true, ignoreWarnings: false, runTests: [], singlePackage: true, purgeOnDelete: false };
  const destructive = async (): Promise<Buffer> =>
    buildZip([
      { path: 'package.xml', content: buildManifest([], '62.0') },
      { path: 'destructiveChangesPost.xml', content: buildManifest([{ name: 'ListView', members: ['Account.Gone'] }], '62.0') },
    ]);

  it('Given ignoreWarnings false, Then the deploy fails with the warning "No ListView named: Account.Gone found", named by the manifest', async () => {
    const org = new EmulatedOrg('t');
    const outcome = await runDeploy(org, await destructive(), OPTIONS, () => false);
    expect(outcome.status).to.equal('Failed');
    expect(outcome.componentFailures.map((f) => [f.componentType, f.fullName, f.problemType, f.problem])).to.deep.equal([
      ['ListView', 'destructiveChangesPost.xml', 'Warning', 'No ListView named: Account.Gone found'],
    ]);
  });

  it('Given ignoreWarnings true, Then the deploy succeeds', async () => {
    const outcome = await runDeploy(new EmulatedOrg('t'), await destructive(), { ...OPTIONS, ignoreWarnings: true }, () => false);
    expect(outcome.status).to.equal('Succeeded');
  });
});


describe('emulator: permission entries naming what the org lacks', () => {
  it('Given entries naming a missing Apex class, page, app, custom permission and flow, Then each fails the file; present ones and standard apps pass', () => {
    const entry = (tag: string, field: string, name: string): string => `<${tag}><${field}>${name}</${field}><enabled>true</enabled></${tag}>`;
    const body = `${entry('applicationVisibilities', 'application', 'Finance')}${entry('applicationVisibilities', 'application', 'standard__Sales')}${entry('classAccesses', 'apexClass', 'Billing')}${entry('classAccesses', 'apexClass', 'Present')}${entry('customPermissions', 'name', 'Approve')}${entry('flowAccesses', 'flow', 'Refund')}${entry('pageAccesses', 'apexPage', 'Invoice')}<label>Ops</label>`;
    const org = storeOf(stored('ApexClass', 'Present', ''));
    expect(validateComponent(org, stored('PermissionSet', 'Ops', body))).to.deep.equal([
      'In field: apexClass - no ApexClass named Billing found',
      'In field: apexPage - no ApexPage named Invoice found',
      'In field: application - no CustomApplication named Finance found',
      'In field: name - no CustomPermission named Approve found',
      'In field: flow - no Flow named Refund found',
    ]);
  });
});

describe('emulator: unlocked packages (installedEditable)', () => {
  it('Given a package declared editable, Then its components are installedEditable; a managed one\'s are installed', () => {
    const registry = { packages: [{ namespace: 'pkg', version: '1.0' }, { namespace: 'open', version: '2.0', editable: true }], members: new Map<string, string>() };
    expect(manageableState(registry, 'pkg')).to.equal('installed');
    expect(manageableState(registry, 'open')).to.equal('installedEditable');
    expect(manageableState(registry, undefined)).to.equal('unmanaged');
  });

  it('Given a GlobalValueSet of an unlocked package, When a deploy changes it, Then the org takes it; of a managed package, Then "Cannot modify managed object"', async () => {
    const set = (value: string): string => `<?xml version="1.0" encoding="UTF-8"?><GlobalValueSet xmlns="http://soap.sforce.com/2006/04/metadata"><customValue><fullName>${value}</fullName><default>false</default><label>${value}</label></customValue><masterLabel>Regions</masterLabel><sorted>false</sorted></GlobalValueSet>`;
    const deployTo = async (editable: boolean): Promise<string> => {
      const org = new EmulatedOrg('t');
      org.packages = { packages: [{ namespace: 'pkg', version: '1.0', editable }], members: new Map() };
      org.put(stored('GlobalValueSet', 'pkg__Regions', '<customValue><fullName>AMER</fullName><default>false</default><label>AMER</label></customValue><masterLabel>Regions</masterLabel><sorted>false</sorted>'));
      const zip = await buildZip([
        { path: 'package.xml', content: buildManifest([{ name: 'GlobalValueSet', members: ['pkg__Regions'] }], '62.0') },
        { path: 'globalValueSets/pkg__Regions.globalValueSet', content: set('EMEA') },
      ]);
      const outcome = await runDeploy(org, zip, { checkOnly: false, rollbackOnError: true, ignoreWarnings: false, runTests: [], singlePackage: true, purgeOnDelete: false }, () => false);
      return outcome.status === 'Succeeded' ? 'Succeeded' : outcome.componentFailures.map((f) => f.problem).join('; ');
    };
    expect(await deployTo(true)).to.equal('Succeeded');
    expect(await deployTo(false)).to.include('Cannot modify managed object: entity=GlobalValueSet, component=pkg__Regions');
  });
});

describe('emulator: "My" list views', () => {
  it('Given a list view with filterScope Mine on any object, Then the deploy refuses it; Everything passes', () => {
    const view = (scope: string): StoredComponent => stored('ListView', 'Account.My_Accounts', `<fullName>My_Accounts</fullName><filterScope>${scope}</filterScope><label>My Accounts</label>`);
    expect(validateComponent(storeOf(), view('Mine'))).to.deep.equal(['Invalid scope:Mine, not allowed']);
    expect(validateComponent(storeOf(), view('Everything'))).to.deep.equal([]);
  });
});

describe('emulator: deletions of what something still uses', () => {
  const layout = (name: string, action: string): StoredComponent => stored('Layout', name, `<quickActionList><quickActionListItems><quickActionName>${action}</quickActionName></quickActionListItems></quickActionList>`);

  it('Given layouts naming a quick action, Then its deletion is refused once per layout in the words of OmbudsmanCloudCare #23; unused, it may go', () => {
    const org = storeOf(stored('QuickAction', 'Escalate', ''), layout('Case-Sailor Layout', 'Escalate'), layout('Account-Account Layout', 'Escalate'), layout('Lead-Lead Layout', 'NewTask'));
    expect(refusedDeletion(org, 'QuickAction', 'Escalate')).to.equal(
      'Cannot delete action Escalate. The following layout is referencing this. : Account Layout. Cannot delete action Escalate. The following layout is referencing this. : Sailor Layout'
    );
    expect(refusedDeletion(org, 'QuickAction', 'Unused')).to.equal(undefined);
    // an object action is named by its own name on that object's layouts
    const objectAction = storeOf(stored('QuickAction', 'Case.Close', ''), layout('Case-Case Layout', 'Close'), layout('Account-Account Layout', 'Close'));
    expect(refusedDeletion(objectAction, 'QuickAction', 'Case.Close')).to.equal('Cannot delete action Close. The following layout is referencing this. : Case Layout');
  });

  it('Given a global value set a field uses, a page a tab or a utility bar uses, an assigned compact layout, Then each deletion is refused', () => {
    const org = storeOf(
      stored('CustomField', 'Account.Region__c', '<fullName>Region__c</fullName><type>Picklist</type><valueSet><valueSetName>Regions</valueSetName></valueSet>'),
      stored('CustomTab', 'Board', '<flexiPage>Board_Page</flexiPage><label>Board</label>'),
      stored('CustomApplication', 'Sales', '<label>Sales</label><utilityBar>Sales_Utility</utilityBar>'),
      stored('CustomObject', 'Account', '<compactLayoutAssignment>Compact</compactLayoutAssignment>')
    );
    expect(refusedDeletion(org, 'GlobalValueSet', 'Regions')).to.include('Account.Region__c uses it');
    expect(refusedDeletion(org, 'FlexiPage', 'Board_Page')).to.include('the tab Board uses it');
    expect(refusedDeletion(org, 'FlexiPage', 'Sales_Utility')).to.include('the utility bar of the app Sales');
    expect(refusedDeletion(org, 'CompactLayout', 'Account.Compact')).to.include('assigned to Account');
    expect(refusedDeletion(org, 'CompactLayout', 'Account.Other')).to.equal(undefined);
    expect(refusedDeletion(org, 'GlobalValueSet', 'Unused')).to.equal(undefined);
  });
});

describe('emulator: object permission dependencies', () => {
  const object = (name: string, flags: Record<string, boolean>): string =>
    `<objectPermissions>${Object.entries(flags).map(([flag, on]) => `<${flag}>${String(on)}</${flag}>`).join('')}<object>${name}</object></objectPermissions>`;
  const org = storeOf(stored('CustomField', 'Line__c.Order__c', '<fullName>Order__c</fullName><referenceTo>Order__c</referenceTo><type>MasterDetail</type>'));

  it('Given Read on a detail object without Read on its master, Then "Permission Read Line__c depends on permission(s): Read Order__c"; with it, nothing', () => {
    const without = stored('PermissionSet', 'Ops', `<label>Ops</label>${object('Line__c', { allowRead: true })}`);
    expect(permissionRefusals(storeOf(...[...org.values()].flatMap((m) => [...m.values()]), without), without, {}, storeOf())).to.deep.equal(['Permission Read Line__c depends on permission(s): Read Order__c']);
    const withMaster = stored('PermissionSet', 'Ops', `<label>Ops</label>${object('Line__c', { allowRead: true })}${object('Order__c', { allowRead: true })}`);
    expect(permissionRefusals(storeOf(...[...org.values()].flatMap((m) => [...m.values()]), withMaster), withMaster, {}, storeOf())).to.deep.equal([]);
  });

  it('Given Create without Read on the same object, Then "Permission Create X depends on permission(s): Read X"', () => {
    const set = stored('PermissionSet', 'Ops', `<label>Ops</label>${object('Widget__c', { allowCreate: true, allowRead: false })}`);
    expect(permissionRefusals(storeOf(set), set, {}, storeOf())).to.deep.equal(['Permission Create Widget__c depends on permission(s): Read Widget__c']);
  });
});

describe('emulator: list view columns and sharing', () => {
  it('Given a custom column the object lacks, Then "Could not resolve list view column"; a group or role the org lacks in sharedTo is refused; present ones pass', () => {
    const org = storeOf(stored('CustomField', 'Account.Tier__c', '<fullName>Tier__c</fullName><type>Text</type>'), stored('Group', 'Sales_Team', '<name>Sales Team</name>'));
    const view = (inner: string): StoredComponent => stored('ListView', 'Account.Big', `<fullName>Big</fullName>${inner}<filterScope>Everything</filterScope><label>Big</label>`);
    expect(validateComponent(org, view('<columns>ACCOUNT.NAME</columns><columns>Tier__c</columns><columns>Gone__c</columns>'))).to.deep.equal(['Could not resolve list view column: Gone__c']);
    expect(validateComponent(org, view('<columns>Tier__c</columns><sharedTo><group>Sales_Team</group><role>CEO</role></sharedTo>'))).to.deep.equal(['In field: sharedTo - no Role named CEO found']);
  });
});
