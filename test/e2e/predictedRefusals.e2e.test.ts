/*
 * Refusals the planner predicts from what components name: a layout's quick actions and
 * related-list fields, record-type picklist values, "My" list views of ownerless objects, a
 * profile's only default app. Each is blocked drift with its reason in the plan and its reports,
 * apply deploys the rest, and a re-plan shows it blocked, not drift. In-process, one emulator.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { SfHome, useIsolatedSfHome } from '../helpers/sfHome.js';
import { createPlan } from '../../src/plan/planner.js';
import { isWhollyBlocked } from '../../src/plan/blocked.js';
import { sealPlan } from '../../src/state/planFile.js';
import { selectionFromMetadataArgs } from '../../src/plan/selection.js';
import type { PlanBody, PlannedComponent } from '../../src/plan/planTypes.js';
import { applyPlan } from '../../src/apply/applier.js';
import { renderMarkdownReport } from '../../src/output/markdownReport.js';

const here = dirname(fileURLToPath(import.meta.url));
const SEED = join(here, '..', '..', 'packages', 'org-emulator', 'orgs', 'source-org');
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const TOOL = { name: 'sf-postdeploy', version: 'test' };

const xml = (root: string, body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>${body}</${root}>\n`;

function planned(plan: PlanBody, key: string): PlannedComponent {
  const found = plan.targets[0].components.find((c) => `${c.type}:${c.fullName}` === key);
  if (!found) throw new Error(`no ${key} in the plan: ${plan.targets[0].components.map((c) => `${c.type}:${c.fullName}`).join(', ')}`);
  return found;
}

const WIDGET = xml('CustomObject', '<deploymentStatus>Deployed</deploymentStatus><label>Widget</label><pluralLabel>Widgets</pluralLabel><sharingModel>ReadWrite</sharingModel>');
const WIDGET_ACCOUNT = xml('CustomField', '<fullName>Account__c</fullName><label>Account</label><referenceTo>Account</referenceTo><relationshipName>Widgets</relationshipName><type>Lookup</type>');
const WIDGET_SIZE = xml('CustomField', '<fullName>Size__c</fullName><label>Size</label><length>10</length><type>Text</type>');
const LINE = xml('CustomObject', '<deploymentStatus>Deployed</deploymentStatus><label>Line</label><pluralLabel>Lines</pluralLabel><sharingModel>ControlledByParent</sharingModel>');
const LINE_ORDER = xml('CustomField', '<fullName>Order__c</fullName><label>Order</label><referenceTo>Account</referenceTo><relationshipName>Lines</relationshipName><type>MasterDetail</type>');
const listView = (name: string, scope: string): string => xml('ListView', `<fullName>${name}</fullName><filterScope>${scope}</filterScope><label>${name}</label>`);
const SALES_APP = xml('CustomApplication', '<label>Sales</label><navType>Standard</navType>');

describe('refusals the planner predicts (blocked, never planned)', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;

  const plan = async (target: string, members: string[], mode: 'merge' | 'overwrite' = 'merge'): Promise<PlanBody> =>
    createPlan({ reference: { org: 'ref' }, targets: [target], selection: selectionFromMetadataArgs(members), mode, deleteExtra: false, concurrency: 2, tool: TOOL });

  const apply = async (body: PlanBody, name: string): Promise<void> => {
    const result = await applyPlan({ plan: sealPlan(body), planFile: join(work, `${name}.json`), dryRun: false, concurrency: 1, skipStale: false, stateDir: join(work, `state-${name}`) });
    const target = result.targets[0];
    expect(target.status, JSON.stringify(target.failures ?? target.error)).to.equal('deployed');
  };

  /** Puts the components in order (an object before its fields). */
  const putAll = async (org: string, components: Array<[string, string, string]>): Promise<void> => {
    for (const [type, fullName, body] of components) {
      // eslint-disable-next-line no-await-in-loop
      await admin.putComponent(org, type, fullName, body);
    }
  };

  /** The component is blocked at `path` with a reason holding `reason`, and the reports show it. */
  const expectBlocked = (body: PlanBody, key: string, path: string | undefined, reason: string): PlannedComponent => {
    const component = planned(body, key);
    const block = component.blocked.find((b) => b.path === path);
    expect(block, JSON.stringify(component.blocked)).to.include({ kind: 'refused' });
    expect(block!.reason).to.include(reason);
    expect(renderMarkdownReport(body)).to.include(path ?? key.split(':')[1]);
    return component;
  };

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { ref: SEED, qa: SEED, pv: SEED, rl: SEED, mv: SEED, da: SEED, pc: SEED, md: SEED } });
    admin = new EmulatorAdmin(emulator.url);
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-predicted-'));
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
  });

  it('Given a layout naming a quick action the target lacks, When planned and applied, Then the item is blocked, the rest deployed, and a re-plan shows it blocked', async () => {
    await admin.putComponent('ref', 'QuickAction', 'Account.Escalate', xml('QuickAction', '<label>Escalate</label><optionsCreateFeedItem>false</optionsCreateFeedItem><type>Update</type>'));
    const layout = (await admin.component('ref', 'Layout', 'Account-Account Layout'))!;
    await admin.putComponent(
      'ref',
      'Layout',
      'Account-Account Layout',
      layout.replace('</Layout>', '<quickActionList><quickActionListItems><quickActionName>Account.Escalate</quickActionName></quickActionListItems><quickActionListItems><quickActionName>LogACall</quickActionName></quickActionListItems></quickActionList></Layout>')
    );

    const first = await plan('qa', ['Layout:Account-Account Layout']);
    const component = expectBlocked(first, 'Layout:Account-Account Layout', 'quickActionList.quickActionListItems[Account.Escalate]', 'qa has no quick action Account.Escalate');
    expect(component.action).to.equal('update');
    expect(component.deployXml).to.include('LogACall').and.not.include('Account.Escalate');

    await apply(first, 'quick-action');
    expect(await admin.component('qa', 'Layout', 'Account-Account Layout')).to.include('LogACall');
    const again = await plan('qa', ['Layout:Account-Account Layout']);
    expect(isWhollyBlocked(expectBlocked(again, 'Layout:Account-Account Layout', 'quickActionList.quickActionListItems[Account.Escalate]', 'no QuickAction named Account.Escalate found'))).to.equal(true);
    expect(again.targets[0].counts).to.include({ blocked: 1, update: 0, changes: 0 });
  });

  it('Given a record type offering a value the target field lacks, When planned and applied, Then the value is blocked, the rest deployed, and a re-plan shows it blocked', async () => {
    const tier = (await admin.component('ref', 'CustomField', 'Account.Tier__c'))!;
    await admin.putComponent('ref', 'CustomField', 'Account.Tier__c', tier.replace('</valueSetDefinition>', '<value><fullName>Platinum</fullName><default>false</default><label>Platinum</label></value></valueSetDefinition>'));
    const recordType = (await admin.component('ref', 'RecordType', 'Account.Business'))!;
    await admin.putComponent(
      'ref',
      'RecordType',
      'Account.Business',
      recordType.replace('</picklistValues>', '').replace(/(<\/values>)(?![\s\S]*<\/values>)/, '$1<values><fullName>Silver</fullName><default>false</default></values><values><fullName>Platinum</fullName><default>false</default></values></picklistValues>')
    );

    // the profile's scope brings the target's Account object, and with it Tier__c's values
    const first = await plan('pv', ['RecordType:Account.Business', 'Profile:Admin']);
    const component = expectBlocked(first, 'RecordType:Account.Business', 'picklistValues[Tier__c].values[Platinum]', 'the picklist Account.Tier__c in pv has no value Platinum');
    expect(component.action).to.equal('update');
    expect(component.deployXml).to.include('Silver').and.not.include('Platinum');

    await apply(first, 'picklist');
    expect(await admin.component('pv', 'RecordType', 'Account.Business')).to.include('Silver');
    const again = await plan('pv', ['RecordType:Account.Business', 'Profile:Admin']);
    expect(isWhollyBlocked(expectBlocked(again, 'RecordType:Account.Business', 'picklistValues[Tier__c].values[Platinum]', 'Picklist value: Platinum in picklist: Tier__c not found'))).to.equal(true);
    await admin.putComponent('ref', 'CustomField', 'Account.Tier__c', tier);
    await admin.putComponent('ref', 'RecordType', 'Account.Business', recordType);
  });

  it('Given a related list naming a custom field the target lacks, When planned and applied, Then the field is blocked, the list deployed, and a re-plan shows it blocked', async () => {
    await Promise.all(['ref', 'rl'].map((org) => putAll(org, [['CustomObject', 'Widget__c', WIDGET], ['CustomField', 'Widget__c.Account__c', WIDGET_ACCOUNT]])));
    await admin.putComponent('ref', 'CustomField', 'Widget__c.Size__c', WIDGET_SIZE);
    const layout = (await admin.component('ref', 'Layout', 'Account-Account Layout'))!;
    await admin.putComponent('ref', 'Layout', 'Account-Account Layout', layout.replace('</Layout>', '<relatedLists><fields>NAME</fields><fields>Widget__c.Size__c</fields><relatedList>Widget__c.Account__c</relatedList></relatedLists></Layout>'));

    const path = 'relatedLists[Widget__c.Account__c].fields[Widget__c.Size__c]';
    const first = await plan('rl', ['Layout:Account-Account Layout']);
    const component = expectBlocked(first, 'Layout:Account-Account Layout', path, 'rl has no field Widget__c.Size__c');
    expect(component.action).to.equal('update');
    expect(component.deployXml).to.include('Widget__c.Account__c').and.not.include('Widget__c.Size__c');

    await apply(first, 'related-list');
    expect(await admin.component('rl', 'Layout', 'Account-Account Layout')).to.include('Widget__c.Account__c');
    const again = await plan('rl', ['Layout:Account-Account Layout']);
    expect(isWhollyBlocked(expectBlocked(again, 'Layout:Account-Account Layout', path, 'Invalid field:Widget__c.Size__c in related list:Widget__c.Account__c'))).to.equal(true);
    await admin.putComponent('ref', 'Layout', 'Account-Account Layout', layout);
  });

  it('Given a "My" list view the target lacks, When planned and applied, Then it is blocked whole, the other views deployed (one both orgs hold unchanged too), and a re-plan shows it blocked', async () => {
    await Promise.all(['ref', 'mv'].map((org) => putAll(org, [['CustomObject', 'Line__c', LINE], ['CustomField', 'Line__c.Order__c', LINE_ORDER], ['ListView', 'Line__c.Mine_Too', listView('Mine_Too', 'Mine')]])));
    await admin.putComponent('ref', 'ListView', 'Line__c.My_Lines', listView('My_Lines', 'Mine'));
    await admin.putComponent('ref', 'ListView', 'Line__c.All_Lines', listView('All_Lines', 'Everything'));

    const first = await plan('mv', ['CustomObject:Line__c']);
    const component = expectBlocked(first, 'CustomObject:Line__c', 'listViews[My_Lines]', 'a "My" list view of Line__c cannot be deployed to mv');
    expect(component.action).to.equal('update');
    expect(component.deployXml).to.include('All_Lines').and.not.include('My_Lines');

    await apply(first, 'mine');
    expect(await admin.component('mv', 'ListView', 'Line__c.All_Lines')).to.include('Everything');
    const again = await plan('mv', ['CustomObject:Line__c']);
    expect(isWhollyBlocked(expectBlocked(again, 'CustomObject:Line__c', 'listViews[My_Lines]', 'Invalid scope:Mine, not allowed'))).to.equal(true);
  });

  it('Given a permission set granting a custom permission the target lacks, When planned and applied, Then that entry is left out with the reason, the rest deployed, and a re-plan shows it blocked', async () => {
    const reference = (await admin.component('ref', 'PermissionSet', 'Sales_Ops'))!;
    await admin.putComponent('ref', 'CustomPermission', 'Approve_Refunds', xml('CustomPermission', '<isLicensed>false</isLicensed><label>Approve Refunds</label>'));
    await admin.putComponent(
      'ref',
      'PermissionSet',
      'Sales_Ops',
      reference.replace('<fieldPermissions>', '<customPermissions><enabled>true</enabled><name>Approve_Refunds</name></customPermissions><fieldPermissions>').replace('<userPermissions>', '<userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions><userPermissions>')
    );

    const first = await plan('pc', ['PermissionSet:Sales_Ops']);
    const component = expectBlocked(first, 'PermissionSet:Sales_Ops', 'customPermissions[Approve_Refunds]', 'pc has no custom permission Approve_Refunds: the entry is left out');
    expect(component.action, JSON.stringify(component)).to.equal('update');
    expect(component.deployXml).to.include('ApiEnabled').and.not.include('Approve_Refunds');

    await apply(first, 'custom-permission');
    expect(await admin.component('pc', 'PermissionSet', 'Sales_Ops')).to.include('ApiEnabled');
    const again = await plan('pc', ['PermissionSet:Sales_Ops']);
    expect(isWhollyBlocked(expectBlocked(again, 'PermissionSet:Sales_Ops', 'customPermissions[Approve_Refunds]', 'deploy the custom permission to pc first'))).to.equal(true);
    await admin.putComponent('ref', 'PermissionSet', 'Sales_Ops', reference);
  });

  it('Given overwrite revoking Read on a master while the detail stays granted, When planned and applied, Then the master keeps its Read (blocked, with the reason), the rest is deployed, and the org takes it', async () => {
    await Promise.all(['ref', 'md'].map((org) => putAll(org, [['CustomObject', 'Line__c', LINE], ['CustomField', 'Line__c.Order__c', LINE_ORDER]])));
    const reference = (await admin.component('ref', 'Profile', 'Admin'))!;
    const lineRead = '<objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>Line__c</object><viewAllRecords>false</viewAllRecords></objectPermissions>';
    const accountNone = '<objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>false</allowRead><modifyAllRecords>false</modifyAllRecords><object>Account</object><viewAllRecords>false</viewAllRecords></objectPermissions>';
    const withLine = reference
      .replace(/<objectPermissions>[\s\S]*?<object>Account<\/object>[\s\S]*?<\/objectPermissions>/, `${accountNone}${lineRead}`)
      .replace(/(<editable>)false(<\/editable>\s*<field>Account\.Region__c<\/field>)/, '$1true$2');
    expect(withLine).to.include('<object>Line__c</object>');
    await admin.putComponent('ref', 'Profile', 'Admin', withLine);
    const target = (await admin.component('md', 'Profile', 'Admin'))!;
    await admin.putComponent('md', 'Profile', 'Admin', target.replace('<objectPermissions>', `${lineRead}<objectPermissions>`));

    const first = await plan('md', ['Profile:Admin'], 'overwrite');
    const component = expectBlocked(first, 'Profile:Admin', 'objectPermissions[Account]', 'Permission Read Line__c depends on permission(s): Read Account');
    expect(component.changes.map((c) => c.path)).to.deep.equal(['fieldPermissions[Account.Region__c].editable']);
    await apply(first, 'master-read');
    expect(await admin.component('md', 'Profile', 'Admin')).to.match(/<editable>true<\/editable>\s*<field>Account\.Region__c<\/field>/);
    expect(await admin.component('md', 'Profile', 'Admin')).to.match(/<allowRead>true<\/allowRead>[\s\S]*?<object>Account<\/object>/);
    await admin.putComponent('ref', 'Profile', 'Admin', reference);
  });

  it('Given overwrite taking away the only default app of the target profile, When planned and applied, Then that entry is blocked, the rest deployed, and a re-plan shows it blocked', async () => {
    const app = (isDefault: boolean): string => `<applicationVisibilities><application>Sales</application><default>${isDefault}</default><visible>true</visible></applicationVisibilities>`;
    const withApp = async (org: string, isDefault: boolean, region?: string): Promise<void> => {
      await admin.putComponent(org, 'CustomApplication', 'Sales', SALES_APP);
      let profile = (await admin.component(org, 'Profile', 'Admin'))!.replace('<classAccesses>', `${app(isDefault)}<classAccesses>`);
      if (region) profile = profile.replace(/(<editable>)false(<\/editable>\s*<field>Account\.Region__c<\/field>)/, `$1${region}$2`);
      await admin.putComponent(org, 'Profile', 'Admin', profile);
    };
    const reference = (await admin.component('ref', 'Profile', 'Admin'))!;
    await withApp('ref', false, 'true');
    await withApp('da', true);

    const first = await plan('da', ['Profile:Admin'], 'overwrite');
    const component = expectBlocked(first, 'Profile:Admin', 'applicationVisibilities[Sales]', 'Sales is the only default app of Admin in da');
    expect(component.action).to.equal('update');
    expect(component.changes.map((c) => c.path)).to.deep.equal(['fieldPermissions[Account.Region__c].editable']);

    await apply(first, 'default-app');
    const after = (await admin.component('da', 'Profile', 'Admin'))!;
    expect(after).to.match(/<default>true<\/default>/);
    expect(after).to.match(/<editable>true<\/editable>\s*<field>Account\.Region__c<\/field>/);
    const again = await plan('da', ['Profile:Admin'], 'overwrite');
    expect(isWhollyBlocked(expectBlocked(again, 'Profile:Admin', 'applicationVisibilities[Sales]', "You can't remove the only default app from the profile."))).to.equal(true);
    await admin.putComponent('ref', 'Profile', 'Admin', reference);
  });
});
