/*
 * What real orgs refuse: the emulator refuses it with the org's message in the real
 * result shape, the planner blocks what a target cannot take, and rollback never relies on a
 * deletion the org refuses. In-process, one emulator, small orgs.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { SfHome, useIsolatedSfHome } from '../helpers/sfHome.js';
import { ComponentKey, DeployOutcome, MetadataComponent, deployComponents, resolveOrg } from '../../src/org/index.js';
import { createPlan } from '../../src/plan/planner.js';
import { isWhollyBlocked } from '../../src/plan/blocked.js';
import { sealPlan } from '../../src/state/planFile.js';
import { selectionFromMetadataArgs } from '../../src/plan/selection.js';
import type { PlanBody, PlannedComponent } from '../../src/plan/planTypes.js';
import { applyPlan } from '../../src/apply/applier.js';
import { rollbackApply } from '../../src/apply/rollback.js';
import { StalePlanError } from '../../src/apply/errors.js';

const here = dirname(fileURLToPath(import.meta.url));
const SEED = join(here, '..', '..', 'packages', 'org-emulator', 'orgs', 'source-org');
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const TOOL = { name: 'sf-postdeploy', version: 'test' };

const xml = (root: string, body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>${body}</${root}>\n`;

/** A metadata-format org whose Admin profile names ConvertLeads, and a Salesforce Platform profile. */
function licenseSeed(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sf-postdeploy-license-'));
  mkdirSync(join(dir, 'profiles'));
  writeFileSync(join(dir, 'package.xml'), xml('Package', '<types><members>*</members><name>Profile</name></types><version>62.0</version>'));
  writeFileSync(
    join(dir, 'profiles', 'Admin.profile'),
    xml('Profile', '<custom>false</custom><userLicense>Salesforce</userLicense><userPermissions><enabled>true</enabled><name>ConvertLeads</name></userPermissions>')
  );
  writeFileSync(join(dir, 'profiles', 'Platform.profile'), xml('Profile', '<custom>true</custom><userLicense>Salesforce Platform</userLicense>'));
  return dir;
}

const REQUIRED_TIER = xml(
  'CustomField',
  '<fullName>Tier__c</fullName><label>Tier</label><required>true</required><type>Picklist</type><valueSet><restricted>true</restricted><valueSetDefinition><sorted>false</sorted><value><fullName>Gold</fullName><default>false</default><label>Gold</label></value></valueSetDefinition></valueSet>'
);
const PARTNER_RECORD_TYPE = xml('RecordType', '<fullName>Partner</fullName><active>true</active><label>Partner</label>');
const RECORD_PAGE = xml(
  'FlexiPage',
  '<flexiPageRegions><name>main</name><type>Region</type></flexiPageRegions><masterLabel>Account Record Page</masterLabel><sobjectType>Account</sobjectType><type>RecordPage</type>'
);
const PARTNER_LAYOUT = xml(
  'Layout',
  '<layoutSections><customLabel>false</customLabel><detailHeading>false</detailHeading><editHeading>true</editHeading><label>Information</label><layoutColumns><layoutItems><behavior>Required</behavior><field>Name</field></layoutItems></layoutColumns><style>OneColumn</style></layoutSections>'
);
const SALES_APP_ASSIGNING_PAGE = xml(
  'CustomApplication',
  '<actionOverrides><actionName>View</actionName><content>Account_Record_Page</content><formFactor>Large</formFactor><skipRecordTypeSelect>false</skipRecordTypeSelect><type>Flexipage</type><pageOrSobjectType>Account</pageOrSobjectType></actionOverrides><label>Sales</label><navType>Standard</navType>'
);

function component(type: string, fullName: string, body: string): MetadataComponent {
  return { type, fullName, xml: body };
}

function failure(outcome: DeployOutcome, type: string, fullName: string): DeployOutcome['failures'][number] {
  const found = outcome.failures.find((f) => f.type === type && f.fullName === fullName);
  if (!found) throw new Error(`no failure for ${type} ${fullName}: ${JSON.stringify(outcome.failures)}`);
  return found;
}

function planned(plan: PlanBody, key: string): PlannedComponent {
  const found = plan.targets[0].components.find((c) => `${c.type}:${c.fullName}` === key);
  if (!found) throw new Error(`no ${key} in the plan: ${plan.targets[0].components.map((c) => `${c.type}:${c.fullName}`).join(', ')}`);
  return found;
}

describe('what real orgs refuse (emulator rules, blocked plans, rollback)', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let work: string;

  const deployTo = async (alias: string, components: MetadataComponent[], destructive: ComponentKey[] = [], checkOnly = false): Promise<DeployOutcome> =>
    deployComponents(await resolveOrg(alias), { components, destructive, checkOnly }, { requestTimeoutMs: 10_000 });

  const plan = async (target: string, members: string[], extra: { mode?: 'merge' | 'overwrite'; deleteExtra?: boolean } = {}): Promise<PlanBody> =>
    createPlan({
      reference: { org: 'ref' },
      targets: [target],
      selection: selectionFromMetadataArgs(members),
      mode: extra.mode ?? 'merge',
      deleteExtra: extra.deleteExtra ?? false,
      concurrency: 2,
      tool: TOOL,
    });

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { ref: SEED, t3: SEED, rt: SEED, std: SEED, vn: SEED, lic: licenseSeed() } });
    admin = new EmulatorAdmin(emulator.url);
    work = mkdtempSync(join(tmpdir(), 'sf-postdeploy-refusals-'));
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
  });

  describe('required and master-detail fields', () => {
    before(async () => {
      await admin.putComponent('t3', 'CustomField', 'Account.Tier__c', REQUIRED_TIER);
      // a real org returns no field permission for a required field
      const profile = (await admin.component('t3', 'Profile', 'Admin'))!;
      await admin.putComponent('t3', 'Profile', 'Admin', profile.replace(/<fieldPermissions>\s*<editable>true<\/editable>\s*<field>Account.Tier__c<\/field>[\s\S]*?<\/fieldPermissions>/, ''));
    });

    it('Given Tier__c required in t3, When a profile with its field permission is deployed, Then the org refuses it with its message in the per-component shape', async () => {
      const outcome = await deployTo('t3', [component('Profile', 'Admin', xml('Profile', '<fieldPermissions><editable>true</editable><field>Account.Tier__c</field><readable>true</readable></fieldPermissions>'))], [], true);
      expect(outcome.success).to.equal(false);
      const refused = failure(outcome, 'Profile', 'Admin');
      expect(refused.problem).to.equal('You cannot deploy to a required field: Account.Tier__c');
      expect(refused.fileName).to.match(/Admin\.profile$/);
    });

    it('Given Tier__c required in t3, When planned, Then its field permission is blocked with the reason, and a re-plan after apply still shows it blocked, not drift', async () => {
      const first = await plan('t3', ['Profile:Admin']);
      const admin1 = planned(first, 'Profile:Admin');
      expect(admin1.action).to.equal('update');
      expect(isWhollyBlocked(admin1)).to.equal(true);
      expect(admin1.deployXml).to.equal(undefined);
      expect(admin1.blocked[0]).to.include({ kind: 'refused', path: 'fieldPermissions[Account.Tier__c]', whole: true });
      expect(admin1.blocked[0].reason).to.include('Tier__c is required in t3: its field permission cannot be deployed');
      expect(first.targets[0].counts).to.include({ blocked: 1, update: 0, changes: 0 });

      const planFile = join(work, 'required.json');
      const applied = await applyPlan({ plan: sealPlan(first), planFile, dryRun: false, concurrency: 1, skipStale: false, stateDir: join(work, 'state-required') });
      expect(applied.targets[0].status).to.equal('skipped');
      const again = await plan('t3', ['Profile:Admin']);
      expect(isWhollyBlocked(planned(again, 'Profile:Admin'))).to.equal(true);
    });
  });

  describe('reference checks', () => {
    it('Given a permission t3 does not know, When deployed, Then "Unknown user permission"; When planned, Then it is blocked with the reason', async () => {
      const outcome = await deployTo('t3', [component('Profile', 'Admin', xml('Profile', '<userPermissions><enabled>true</enabled><name>ManageWidgets</name></userPermissions>'))], [], true);
      expect(failure(outcome, 'Profile', 'Admin').problem).to.equal('Unknown user permission: ManageWidgets');

      const profile = (await admin.component('ref', 'Profile', 'Admin'))!;
      await admin.putComponent('ref', 'Profile', 'Admin', profile.replace('<userLicense>', '<userPermissions><enabled>true</enabled><name>ManageWidgets</name></userPermissions><userLicense>'));
      try {
        const result = await plan('t3', ['Profile:Admin']);
        const blocked = planned(result, 'Profile:Admin').blocked;
        expect(blocked.map((b) => b.path)).to.include('userPermissions[ManageWidgets]');
        expect(blocked.find((b) => b.path === 'userPermissions[ManageWidgets]')!.reason).to.include('Unknown user permission: ManageWidgets');
      } finally {
        await admin.putComponent('ref', 'Profile', 'Admin', profile);
      }
    });

    it('Given a Salesforce Platform profile, When a CRM permission is deployed to it, Then "The user license doesn\'t allow the permission"', async () => {
      const outcome = await deployTo('lic', [component('Profile', 'Platform', xml('Profile', '<userPermissions><enabled>true</enabled><name>ConvertLeads</name></userPermissions>'))], [], true);
      expect(failure(outcome, 'Profile', 'Platform').problem).to.equal("The user license doesn't allow the permission: ConvertLeads");
    });

    it('Given no tab Widget__c in t3, When tab settings for it are deployed, Then "not a valid tab"', async () => {
      const outcome = await deployTo('t3', [component('Profile', 'Admin', xml('Profile', '<tabVisibilities><tab>Widget__c</tab><visibility>DefaultOn</visibility></tabVisibilities>'))], [], true);
      expect(failure(outcome, 'Profile', 'Admin').problem).to.equal("You can't edit tab settings for Widget__c, as it's not a valid tab");
    });

    it('Given a layout naming a quick action and a related-list field t3 lacks, When deployed, Then the org names each', async () => {
      const layout = xml(
        'Layout',
        '<quickActionList><quickActionListItems><quickActionName>Account.Escalate</quickActionName></quickActionListItems></quickActionList><relatedLists><fields>Widget__c.Size__c</fields><relatedList>Widget__c.Account__c</relatedList></relatedLists>'
      );
      const outcome = await deployTo('t3', [component('Layout', 'Account-Account Layout', layout)], [], true);
      const problems = outcome.failures.map((f) => f.problem);
      expect(problems).to.include('In field: QuickAction - no QuickAction named Account.Escalate found');
      expect(problems).to.include('Invalid field:Widget__c.Size__c in related list:Widget__c.Account__c');
    });

    it('Given Tier__c without Platinum, When a record type offers Platinum, Then "Picklist value: Platinum in picklist: Tier__c not found"', async () => {
      const recordType = xml('RecordType', '<fullName>Business</fullName><active>true</active><label>Business</label><picklistValues><picklist>Tier__c</picklist><values><fullName>Platinum</fullName><default>false</default></values></picklistValues>');
      const outcome = await deployTo('t3', [component('RecordType', 'Account.Business', recordType)], [], true);
      // the record type travels inside its object's file, and the failure names that file
      expect(failure(outcome, 'CustomObject', 'Account')).to.include({ problem: 'Picklist value: Platinum in picklist: Tier__c not found', fileName: 'objects/Account.object' });
    });

    it('Given any object, When a "My" list view of it is deployed, Then "Invalid scope:Mine, not allowed" (Known Issue a028c00000qQ8ldAAC)', async () => {
      const mine = xml('ListView', '<fullName>My_Accounts</fullName><filterScope>Mine</filterScope><label>My Accounts</label>');
      const outcome = await deployTo('t3', [component('ListView', 'Account.My_Accounts', mine)], [], true);
      expect(outcome.failures.map((f) => f.problem)).to.include('Invalid scope:Mine, not allowed');
    });

    it('Given a profile whose elements are out of schema order, When deployed, Then "Element ... invalid at this location" with its line and column', async () => {
      const outOfOrder = `<?xml version="1.0" encoding="UTF-8"?>\n<Profile ${NS}>\n    <userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions>\n    <fieldPermissions><editable>false</editable><field>Account.Region__c</field><readable>true</readable></fieldPermissions>\n</Profile>\n`;
      const outcome = await deployTo('t3', [component('Profile', 'Admin', outOfOrder)], [], true);
      const refused = failure(outcome, 'Profile', 'Admin');
      expect(refused.problem).to.equal('Error parsing file: Element {http://soap.sforce.com/2006/04/metadata}fieldPermissions invalid at this location in type Profile');
      expect(refused.lineNumber).to.equal(4);
    });

    it('Given a profile with a default app, When its only default is taken away, Then "You can\'t remove the only default app from the profile."', async () => {
      await admin.putComponent('lic', 'CustomApplication', 'Sales', xml('CustomApplication', '<label>Sales</label><navType>Standard</navType>'));
      const granted = await deployTo('lic', [component('Profile', 'Platform', xml('Profile', '<applicationVisibilities><application>Sales</application><default>true</default><visible>true</visible></applicationVisibilities>'))]);
      expect(granted.success, JSON.stringify(granted.failures)).to.equal(true);
      const outcome = await deployTo('lic', [component('Profile', 'Platform', xml('Profile', '<applicationVisibilities><application>Sales</application><default>false</default><visible>true</visible></applicationVisibilities>'))], [], true);
      expect(failure(outcome, 'Profile', 'Platform').problem).to.equal("You can't remove the only default app from the profile.");
    });
  });

  describe('standard profiles and View All Data', () => {
    before(async () => {
      const profile = (await admin.component('std', 'Profile', 'Admin'))!;
      const extra =
        '<objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>Contact</object><viewAllRecords>true</viewAllRecords></objectPermissions>' +
        '<userPermissions><enabled>true</enabled><name>ViewAllData</name></userPermissions>';
      await admin.putComponent('std', 'Profile', 'Admin', profile.replace('<userLicense>', `${extra}<userLicense>`));
    });

    it('Given the standard profile Admin, When its user permissions or implied object access are revoked, Then the org leaves them as they are', async () => {
      const revoke = xml(
        'Profile',
        '<objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>false</allowRead><modifyAllRecords>false</modifyAllRecords><object>Contact</object><viewAllRecords>false</viewAllRecords></objectPermissions><userPermissions><enabled>false</enabled><name>ViewAllData</name></userPermissions>'
      );
      const outcome = await deployTo('std', [component('Profile', 'Admin', revoke)]);
      expect(outcome.success, JSON.stringify(outcome.failures)).to.equal(true);
      const after = (await admin.component('std', 'Profile', 'Admin'))!;
      expect(after).to.match(/<enabled>true<\/enabled>\s*<name>ViewAllData<\/name>/);
      expect(after).to.match(/<allowRead>true<\/allowRead>\s*<modifyAllRecords>false<\/modifyAllRecords>\s*<object>Contact<\/object>/);
    });

    it('Given overwrite of a standard profile with View All Data, When planned, Then the revocations are blocked with the reason, never drift to apply', async () => {
      // the reference takes read access to Account away
      const reference = (await admin.component('ref', 'Profile', 'Admin'))!;
      await admin.putComponent('ref', 'Profile', 'Admin', reference.replace(/<objectPermissions>[\s\S]*?<\/objectPermissions>/, '<objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>false</allowRead><modifyAllRecords>false</modifyAllRecords><object>Account</object><viewAllRecords>false</viewAllRecords></objectPermissions>'));
      let result: PlanBody;
      try {
        result = await plan('std', ['Profile:Admin'], { mode: 'overwrite' });
      } finally {
        await admin.putComponent('ref', 'Profile', 'Admin', reference);
      }
      const profile = planned(result, 'Profile:Admin');
      expect(profile.action).to.equal('update');
      expect(isWhollyBlocked(profile)).to.equal(true);
      const reasons: Record<string, string> = Object.fromEntries(profile.blocked.map((b) => [b.path ?? '', b.reason]));
      expect(reasons['userPermissions[ViewAllData]']).to.include('Admin is a standard profile in std: its user permissions cannot be changed');
      expect(reasons['objectPermissions[Account]']).to.include('Admin has View All Data in std: access to Account is implied and cannot be revoked');
      expect(result.targets[0].counts).to.include({ blocked: 1, changes: 0 });
    });
  });

  describe('apply --dry-run (check-only)', () => {
    it('Given a record type offering a value the plan cannot check (its field is not in the plan), When validated, Then the refusal is listed per component with the org\'s message and the action', async () => {
      const recordType = (await admin.component('ref', 'RecordType', 'Account.Business'))!;
      const tier = (await admin.component('ref', 'CustomField', 'Account.Tier__c'))!;
      await admin.putComponent('ref', 'CustomField', 'Account.Tier__c', tier.replace('</valueSetDefinition>', '<value><fullName>Platinum</fullName><default>false</default><label>Platinum</label></value></valueSetDefinition>'));
      await admin.putComponent('ref', 'RecordType', 'Account.Business', recordType.replace('</picklistValues>', '<values><fullName>Platinum</fullName><default>false</default></values></picklistValues>'));
      try {
        // only the record type is selected: the target's Tier__c values are unknown, so nothing is blocked (never a guess)
        const body = await plan('t3', ['RecordType:Account.Business']);
        expect(planned(body, 'RecordType:Account.Business').action).to.equal('update');
        const result = await applyPlan({ plan: sealPlan(body), planFile: join(work, 'dry.json'), dryRun: true, concurrency: 1, skipStale: false, stateDir: join(work, 'state-dry') });
        const target = result.targets[0];
        expect(target.status).to.equal('failed');
        expect(target.failures).to.deep.include({
          type: 'CustomObject',
          fullName: 'Account',
          problem: 'Picklist value: Platinum in picklist: Tier__c not found',
          action: 'Add the value to the picklist (or its global value set) in the target first, then plan again.',
        });
        expect(await admin.component('t3', 'RecordType', 'Account.Business')).not.to.include('Platinum');
      } finally {
        await admin.putComponent('ref', 'RecordType', 'Account.Business', recordType);
        await admin.putComponent('ref', 'CustomField', 'Account.Tier__c', tier);
      }
    });
  });

  describe('deletions the API refuses', () => {
    it('Given a record type, an object\'s only layout and an assigned Lightning page, When deleted, Then each is refused with the org\'s reason, naming the component\'s file', async () => {
      await admin.putComponent('t3', 'FlexiPage', 'Account_Record_Page', RECORD_PAGE);
      await admin.putComponent('t3', 'CustomApplication', 'Sales', SALES_APP_ASSIGNING_PAGE);
      const outcome = await deployTo('t3', [], [
        { type: 'RecordType', fullName: 'Account.Business' },
        { type: 'Layout', fullName: 'Account-Account Layout' },
        { type: 'FlexiPage', fullName: 'Account_Record_Page' },
      ], true);
      expect(outcome.success).to.equal(false);
      expect(failure(outcome, 'RecordType', 'Account.Business').problem).to.equal('Cannot delete record type through API');
      expect(failure(outcome, 'Layout', 'Account-Account Layout').problem).to.equal("You can't delete the only layout of Account.");
      expect(failure(outcome, 'FlexiPage', 'Account_Record_Page').problem).to.equal("You can't delete an active Lightning Page. Open the page in Lightning App Builder and click Activation to deactivate it.");
      expect(failure(outcome, 'FlexiPage', 'Account_Record_Page').fileName).to.equal('flexipages/Account_Record_Page.flexipage');
    });

    it('Given --delete-extra and a record type only the target has, When planned, Then its deletion is blocked with the reason, not planned', async () => {
      await admin.putComponent('t3', 'RecordType', 'Account.Extra', xml('RecordType', '<fullName>Extra</fullName><active>true</active><label>Extra</label>'));
      const result = await plan('t3', ['CustomObject:Account'], { mode: 'overwrite', deleteExtra: true });
      const account = planned(result, 'CustomObject:Account');
      expect(account.destructiveChildren.map((c) => c.fullName)).not.to.include('Account.Extra');
      const block = account.blocked.find((b) => b.path === 'Account.Extra');
      expect(block?.reason).to.include('cannot be deleted in t3');
    });
  });

  describe('components that vanished from the target since the plan', () => {
    const view = (name: string): string => xml('ListView', `<fullName>${name}</fullName><columns>ACCOUNT.NAME</columns><filterScope>Everything</filterScope><label>${name}</label>`);
    const remove = async (alias: string, type: string, fullName: string): Promise<void> => {
      const response = await fetch(`${emulator.url}/__emulator/orgs/${alias}/component?${new URLSearchParams({ type, fullName }).toString()}`, { method: 'DELETE' });
      expect(response.status).to.equal(200);
    };

    it('Given a list view the apply created and an admin deleted since, When rolled back, Then the rollback completes without a deploy: nothing is left to delete', async () => {
      await admin.putComponent('ref', 'ListView', 'Account.Extra_View', view('Extra_View'));
      const body = await plan('vn', ['ListView:Account.Extra_View']);
      expect(planned(body, 'ListView:Account.Extra_View').action).to.equal('create');
      const stateDir = join(work, 'state-vanished');
      const applied = await applyPlan({ plan: sealPlan(body), planFile: join(work, 'vanished.json'), dryRun: false, concurrency: 1, skipStale: false, stateDir });
      expect(applied.targets[0].status, applied.targets[0].error).to.equal('deployed');
      await remove('vn', 'ListView', 'Account.Extra_View');

      // the org already holds what it held before the apply: nothing to delete, nothing refused
      const rolled = await rollbackApply({ stateDir, applyId: applied.applyId, dryRun: false, force: false, concurrency: 1 });
      expect(rolled.targets[0].status, rolled.targets[0].error).to.equal('rolled-back');
      expect(rolled.targets[0].notRestored).to.deep.equal([]);
    });

    it('Given overwrite --delete-extra deleting a list view an admin deleted since, When applied, Then the plan is stale and nothing is deployed (the org would answer "No ListView named: ... found")', async () => {
      await admin.putComponent('vn', 'ListView', 'Account.Gone_View', view('Gone_View'));
      const body = await plan('vn', ['CustomObject:Account'], { mode: 'overwrite', deleteExtra: true });
      expect(planned(body, 'CustomObject:Account').destructiveChildren.map((c) => c.fullName)).to.include('Account.Gone_View');
      await remove('vn', 'ListView', 'Account.Gone_View');
      const error = await applyPlan({ plan: sealPlan(body), planFile: join(work, 'gone.json'), dryRun: false, concurrency: 1, skipStale: false, stateDir: join(work, 'state-gone') }).then(
        () => undefined,
        (thrown: unknown) => thrown
      );
      expect(error).to.be.instanceOf(StalePlanError);
      expect((error as Error).message).to.include('CustomObject:Account');
    });
  });

  describe('rollback of an apply that created a record type, a Lightning page and a layout', () => {
    it('Given the page assigned after the apply, When rolled back, Then the record type is deactivated, the page stays with the org\'s reason, the layout is deleted', async () => {
      await admin.putComponent('ref', 'RecordType', 'Account.Partner', PARTNER_RECORD_TYPE);
      await admin.putComponent('ref', 'FlexiPage', 'Account_Record_Page', RECORD_PAGE);
      await admin.putComponent('ref', 'Layout', 'Account-Partner Layout', PARTNER_LAYOUT);
      const body = await plan('rt', ['RecordType:Account.Partner', 'FlexiPage:Account_Record_Page', 'Layout:Account-Partner Layout']);
      expect(body.targets[0].components.map((c) => c.action)).to.deep.equal(['create', 'create', 'create']);
      expect(planned(body, 'RecordType:Account.Partner').irreversible.join(' ')).to.include('deactivates it instead of deleting it');
      expect(planned(body, 'FlexiPage:Account_Record_Page').irreversible.join(' ')).to.include('only if it is not active');

      const stateDir = join(work, 'state-rollback');
      const applied = await applyPlan({ plan: sealPlan(body), planFile: join(work, 'created.json'), dryRun: false, concurrency: 1, skipStale: false, stateDir });
      expect(applied.targets[0].status, applied.targets[0].error).to.equal('deployed');
      await admin.putComponent('rt', 'CustomApplication', 'Sales', SALES_APP_ASSIGNING_PAGE);

      const rolled = await rollbackApply({ stateDir, applyId: applied.applyId, dryRun: false, force: false, concurrency: 1 });
      const target = rolled.targets[0];
      expect(target.status, target.error).to.equal('rolled-back');
      expect(await admin.component('rt', 'Layout', 'Account-Partner Layout')).to.equal(undefined);
      expect(await admin.component('rt', 'RecordType', 'Account.Partner')).to.include('<active>false</active>');
      const left = Object.fromEntries(target.notRestored.map((n) => [`${n.type}:${n.fullName}`, n.detail]));
      expect(left['RecordType:Account.Partner']).to.include('deactivated, not deleted');
      expect(left['FlexiPage:Account_Record_Page']).to.include("the org refused to delete it: You can't delete an active Lightning Page");
      expect(Object.keys(left)).to.have.length(2);
    });
  });
});
