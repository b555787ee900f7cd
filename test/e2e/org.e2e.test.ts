/*
 * The org seam against the emulator: the real @salesforce/core auth store and the real SDR
 * retrieve from and deploy to emulated orgs, with nothing stubbed.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Config, SfError } from '@salesforce/core';
import { EmulatorAdmin, RunningEmulator, startEmulator } from '@sf-postdeploy/org-emulator';
import { SfHome, useIsolatedSfHome } from '../helpers/sfHome.js';
import { MetadataComponent, defaultTargetOrg, deployComponents, resolveOrg, retrieveComponents } from '../../src/org/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const SEED = join(here, '..', '..', 'packages', 'org-emulator', 'orgs', 'source-org');
const FAST = { requestTimeoutMs: 2000 };

function find(components: MetadataComponent[], type: string, fullName: string): MetadataComponent {
  const found = components.find((c) => c.type === type && c.fullName === fullName);
  if (!found) throw new Error(`no ${type} ${fullName} in ${components.map((c) => `${c.type}:${c.fullName}`).join(', ')}`);
  return found;
}

async function expectSfError(work: Promise<unknown>, name: string): Promise<SfError> {
  try {
    await work;
  } catch (error) {
    expect(error).to.be.instanceOf(SfError);
    expect((error as SfError).name).to.equal(name);
    return error as SfError;
  }
  throw new Error(`expected ${name}`);
}

describe('org seam against emulated orgs (real core + SDR)', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { ref: SEED, tgt: SEED, other: SEED }, jobMs: 20 });
    admin = new EmulatorAdmin(emulator.url);
  });

  after(async () => {
    await emulator.stop();
    sfHome.restore();
  });

  beforeEach(() => admin.reset());

  describe('resolving orgs from the sf auth store', () => {
    it('Given an alias, When resolved, Then it names the emulated org and holds no token', async () => {
      const handle = await resolveOrg('tgt');
      expect(handle.identity).to.include({ alias: 'tgt', username: 'tgt@emulator.test', orgId: emulator.orgs.tgt.orgId });
      expect(JSON.stringify(handle.identity)).not.to.include(emulator.accessToken('tgt'));
    });

    it('Given a username, When resolved, Then the alias is found too', async () => {
      const handle = await resolveOrg('ref@emulator.test');
      expect(handle.identity.alias).to.equal('ref');
      expect(handle.identity.orgId).to.equal(emulator.orgs.ref.orgId);
    });

    it('Given an unknown alias, When resolved, Then UnknownOrg says how to log in', async () => {
      const error = await expectSfError(resolveOrg('nope'), 'UnknownOrgError');
      expect(error.message).to.include('"nope"');
      expect(error.actions?.join('\n')).to.include('sf org login web --alias nope');
    });

    it('Given config target-org, When asked for the default target, Then it is returned', async () => {
      const config = await Config.create({ isGlobal: true });
      config.set('target-org', 'tgt');
      await config.write();
      const { ConfigAggregator } = await import('@salesforce/core');
      await ConfigAggregator.clearInstance();
      expect(await defaultTargetOrg()).to.equal('tgt');
      config.unset('target-org');
      await config.write();
      await ConfigAggregator.clearInstance();
      expect(await defaultTargetOrg()).to.equal(undefined);
    });
  });

  describe('retrieve', () => {
    it('Given a profile retrieved alone, Then it holds only userPermissions and its own settings', async () => {
      const outcome = await retrieveComponents(await resolveOrg('ref'), [{ type: 'Profile', fullName: 'Admin' }], FAST);
      const xml = find(outcome.components, 'Profile', 'Admin').xml;
      expect(xml).to.include('<name>ApiEnabled</name>');
      expect(xml).to.include('<userLicense>Salesforce</userLicense>');
      expect(xml).not.to.include('fieldPermissions');
      expect(xml).not.to.include('objectPermissions');
      expect(xml).not.to.include('classAccesses');
    });

    it('Given a profile retrieved with its object and layout, Then their entries come back, and no others', async () => {
      const outcome = await retrieveComponents(
        await resolveOrg('ref'),
        [
          { type: 'Profile', fullName: 'Admin' },
          { type: 'CustomObject', fullName: 'Account' },
          { type: 'Layout', fullName: 'Account-Account Layout' },
        ],
        FAST
      );
      const xml = find(outcome.components, 'Profile', 'Admin').xml;
      expect(xml).to.include('<field>Account.Tier__c</field>');
      expect(xml).to.include('<object>Account</object>');
      expect(xml).to.include('<layout>Account-Account Layout</layout>');
      expect(xml).to.include('<recordType>Account.Business</recordType>');
      expect(xml).not.to.include('classAccesses');
      expect(find(outcome.components, 'CustomObject', 'Account').xml).to.include('<listViews>');
    });

    it('Given child types and a wildcard, Then each child is its own document and the wildcard expands', async () => {
      const outcome = await retrieveComponents(
        await resolveOrg('ref'),
        [
          { type: 'ListView', fullName: 'Account.AllAccounts' },
          { type: 'RecordType', fullName: 'Account.Business' },
          { type: 'Layout', fullName: '*' },
          { type: 'GlobalValueSet', fullName: 'Regions' },
        ],
        FAST
      );
      const listView = find(outcome.components, 'ListView', 'Account.AllAccounts').xml;
      expect(listView).to.match(/^<\?xml[^>]*>\s*<ListView xmlns="http:\/\/soap.sforce.com\/2006\/04\/metadata">/);
      expect(listView).to.include('<columns>ACCOUNT.NAME</columns>');
      expect(find(outcome.components, 'RecordType', 'Account.Business').xml).to.include('<picklist>Tier__c</picklist>');
      find(outcome.components, 'Layout', 'Account-Account Layout');
      find(outcome.components, 'GlobalValueSet', 'Regions');
    });

    it('Given a member the org lacks, Then it is reported missing with the org words', async () => {
      const outcome = await retrieveComponents(await resolveOrg('ref'), [{ type: 'Layout', fullName: 'Account-Nope' }, { type: 'Profile', fullName: 'Admin' }], FAST);
      expect(outcome.missing).to.deep.equal([
        { type: 'Layout', fullName: 'Account-Nope', problem: "Entity of type 'Layout' named 'Account-Nope' cannot be found" },
      ]);
    });

    // when the checks go out (no fixed 1 s wait) is held on pollUntilDone itself, on fake timers (test/unit/org/polling.test.ts)
    it('Given a job done in 20 ms, When retrieved, Then a few status checks suffice, each one the org counts', async () => {
      const outcome = await retrieveComponents(await resolveOrg('ref'), [{ type: 'Profile', fullName: 'Admin' }], FAST);
      expect(outcome.statusChecks).to.be.at.most(4);
      const stats = await admin.stats();
      expect(stats.ref.retrieve).to.equal(1);
      expect(stats.ref.checkRetrieveStatus).to.equal(outcome.statusChecks);
    });
  });

  describe('deploy', () => {
    const profileEntry = `<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata">
    <fieldPermissions>
        <editable>true</editable>
        <field>Account.Region__c</field>
        <readable>true</readable>
    </fieldPermissions>
</Profile>`;

    it('Given a profile with one entry, When deployed, Then only that entry changes (overlay)', async () => {
      const outcome = await deployComponents(await resolveOrg('tgt'), { components: [{ type: 'Profile', fullName: 'Admin', xml: profileEntry }] }, FAST);
      expect(outcome.status).to.equal('Succeeded');
      const xml = (await admin.component('tgt', 'Profile', 'Admin'))!;
      expect(xml).to.match(/<editable>true<\/editable>\s*<field>Account.Region__c<\/field>/);
      expect(xml).to.include('<field>Account.Tier__c</field>');
      expect(xml).to.include('<apexClass>Hello</apexClass>');
    });

    it('Given a layout without an item, When deployed, Then the item is gone (replace)', async () => {
      const handle = await resolveOrg('tgt');
      const { components } = await retrieveComponents(handle, [{ type: 'Layout', fullName: 'Account-Account Layout' }], FAST);
      const layout = find(components, 'Layout', 'Account-Account Layout');
      const trimmed = layout.xml.replace(/<layoutItems>\s*<behavior>Edit<\/behavior>\s*<field>Tier__c<\/field>\s*<\/layoutItems>/, '');
      expect(trimmed).not.to.equal(layout.xml);
      const outcome = await deployComponents(handle, { components: [{ ...layout, xml: trimmed }] }, FAST);
      expect(outcome.success).to.equal(true);
      expect(outcome.deployed.map((d) => `${d.type}:${d.fullName}`)).to.include('Layout:Account-Account Layout');
      expect(await admin.component('tgt', 'Layout', 'Account-Account Layout')).not.to.include('Tier__c');
    });

    it('Given a list view as a child component, When deployed, Then only it changes inside the object', async () => {
      const handle = await resolveOrg('tgt');
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ListView xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>Hot</fullName>
    <columns>ACCOUNT.NAME</columns>
    <filterScope>Everything</filterScope>
    <label>Hot Accounts</label>
</ListView>`;
      const outcome = await deployComponents(handle, { components: [{ type: 'ListView', fullName: 'Account.Hot', xml }] }, FAST);
      expect(outcome.success, JSON.stringify(outcome.failures)).to.equal(true);
      expect(await admin.components('tgt', 'ListView')).to.deep.equal(['Account.AllAccounts', 'Account.Hot']);
      expect(await admin.components('tgt', 'CustomField')).to.include('Account.Tier__c');
    });

    it('Given destructive changes, When deployed, Then the component is deleted', async () => {
      const handle = await resolveOrg('tgt');
      const outcome = await deployComponents(handle, { components: [], destructive: [{ type: 'ListView', fullName: 'Account.Hot' }] }, FAST);
      expect(outcome.success).to.equal(true);
      expect(await admin.components('tgt', 'ListView')).to.deep.equal(['Account.AllAccounts']);
    });

    it('Given a value set without a value, When deployed, Then the value is deactivated, not deleted', async () => {
      const handle = await resolveOrg('tgt');
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
<GlobalValueSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <customValue><fullName>EMEA</fullName><default>false</default><label>EMEA</label></customValue>
    <masterLabel>Regions</masterLabel>
    <sorted>false</sorted>
</GlobalValueSet>`;
      const outcome = await deployComponents(handle, { components: [{ type: 'GlobalValueSet', fullName: 'Regions', xml }] }, FAST);
      expect(outcome.success).to.equal(true);
      const stored = (await admin.component('tgt', 'GlobalValueSet', 'Regions'))!;
      expect(stored).to.match(/<fullName>AMER<\/fullName>[\s\S]*<isActive>false<\/isActive>/);
    });

    it('Given check-only, When deployed, Then it validates and changes nothing', async () => {
      const before = await admin.component('other', 'Profile', 'Admin');
      const outcome = await deployComponents(
        await resolveOrg('other'),
        { components: [{ type: 'Profile', fullName: 'Admin', xml: profileEntry }], checkOnly: true },
        FAST
      );
      expect(outcome).to.include({ success: true, checkOnly: true });
      expect(await admin.component('other', 'Profile', 'Admin')).to.equal(before);
    });

    it('Given a layout naming a missing field, When deployed with another component, Then nothing is applied', async () => {
      const handle = await resolveOrg('other');
      const permissionSetBefore = await admin.component('other', 'PermissionSet', 'Sales_Ops');
      const layout = `<?xml version="1.0" encoding="UTF-8"?>
<Layout xmlns="http://soap.sforce.com/2006/04/metadata">
    <layoutSections><label>Info</label><layoutColumns><layoutItems><field>Ghost__c</field></layoutItems></layoutColumns><style>OneColumn</style></layoutSections>
</Layout>`;
      const permissionSet = `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata"><label>Sales Ops</label></PermissionSet>`;
      const outcome = await deployComponents(
        handle,
        {
          components: [
            { type: 'Layout', fullName: 'Account-Account Layout', xml: layout },
            { type: 'PermissionSet', fullName: 'Sales_Ops', xml: permissionSet },
          ],
        },
        FAST
      );
      expect(outcome.status).to.equal('Failed');
      expect(outcome.failures).to.have.length(1);
      expect(outcome.failures[0]).to.include({ type: 'Layout', fullName: 'Account-Account Layout' });
      expect(outcome.failures[0].problem).to.include('Account.Ghost__c');
      expect(await admin.component('other', 'PermissionSet', 'Sales_Ops')).to.equal(permissionSetBefore);
      expect(await admin.component('other', 'Layout', 'Account-Account Layout')).to.include('Tier__c');
    });
  });

  describe('faults', () => {
    it('Given HTTP 500 and 503 on status checks, When retrieving, Then the checks are retried and the retrieve succeeds', async () => {
      await admin.fault({ org: 'ref', fault: 'http500', count: 1, operation: 'checkRetrieveStatus' });
      await admin.fault({ org: 'ref', fault: 'http503', count: 1, operation: 'checkRetrieveStatus' });
      const outcome = await retrieveComponents(await resolveOrg('ref'), [{ type: 'Profile', fullName: 'Admin' }], FAST);
      expect(outcome.components).to.have.length(1);
      expect((await admin.stats()).ref.retrieve).to.equal(1);
    });

    it('Given a connection reset on the retrieve request, Then the retrieve is sent again and succeeds', async () => {
      await admin.fault({ org: 'ref', fault: 'reset', count: 1, operation: 'retrieve' });
      const outcome = await retrieveComponents(await resolveOrg('ref'), [{ type: 'Profile', fullName: 'Admin' }], FAST);
      expect(outcome.components).to.have.length(1);
    });

    it('Given a hung status check, When the request timeout passes, Then the check is retried', async () => {
      await admin.fault({ org: 'ref', fault: 'hang', count: 1, operation: 'checkRetrieveStatus' });
      const outcome = await retrieveComponents(await resolveOrg('ref'), [{ type: 'Profile', fullName: 'Admin' }], { requestTimeoutMs: 300 });
      expect(outcome.components).to.have.length(1);
    });

    it('Given a 503 on the deploy request, Then it is resent (the org refused it) and deployed once', async () => {
      await admin.fault({ org: 'tgt', fault: 'http503', count: 1, operation: 'deploy' });
      const outcome = await deployComponents(await resolveOrg('tgt'), { components: [], destructive: [{ type: 'Layout', fullName: 'Account-Nope' }] }, FAST);
      // the org ran it once: deleting what it lacks is its warning, which fails a deploy that does not ignore warnings
      expect(outcome.failures.map((f) => f.problem)).to.deep.equal(['No Layout named: Account-Nope found']);
      expect((await admin.stats()).tgt.deploy).to.equal(2);
    });

    it('Given a 500 on the deploy request, Then it is not resent and the error says to check the org', async () => {
      await admin.fault({ org: 'tgt', fault: 'http500', count: 1, operation: 'deploy' });
      const error = await expectSfError(
        deployComponents(await resolveOrg('tgt'), { components: [], destructive: [{ type: 'Layout', fullName: 'Account-Nope' }] }, FAST),
        'DeployOutcomeUnknownError'
      );
      expect(error.actions?.join(' ')).to.include('Deployment Status');
      expect((await admin.stats()).tgt.deploy).to.equal(1);
    });

    it('Given INVALID_SESSION_ID, Then the error names the org and the login command', async () => {
      await admin.fault({ org: 'ref', fault: 'invalidSession', count: 1, operation: 'retrieve' });
      const error = await expectSfError(retrieveComponents(await resolveOrg('ref'), [{ type: 'Profile', fullName: 'Admin' }], FAST), 'InvalidSessionError');
      expect(error.message).to.include('"ref"');
      expect(error.actions?.join(' ')).to.include('sf org login web --alias ref');
    });

    it('Given REQUEST_LIMIT_EXCEEDED twice, Then the request is retried with backoff and succeeds', async () => {
      await admin.fault({ org: 'ref', fault: 'requestLimit', count: 2, operation: 'retrieve' });
      const outcome = await retrieveComponents(await resolveOrg('ref'), [{ type: 'Profile', fullName: 'Admin' }], FAST);
      expect(outcome.components).to.have.length(1);
      expect((await admin.stats()).ref.retrieve).to.equal(3);
    });

    it('Given REQUEST_LIMIT_EXCEEDED on every attempt, Then a clear RequestLimit error follows', async () => {
      await admin.fault({ org: 'ref', fault: 'requestLimit', count: 50, operation: 'retrieve' });
      const error = await expectSfError(retrieveComponents(await resolveOrg('ref'), [{ type: 'Profile', fullName: 'Admin' }], FAST), 'RequestLimitError');
      expect(error.actions?.join(' ')).to.include('concurrency');
    });

    it('Given a failComponent fault, When deployed, Then that component fails and nothing is applied', async () => {
      await admin.fault({ org: 'tgt', fault: 'failComponent', component: 'GlobalValueSet:Regions' });
      const before = await admin.component('tgt', 'Profile', 'Admin');
      const gvs = `<?xml version="1.0" encoding="UTF-8"?>
<GlobalValueSet xmlns="http://soap.sforce.com/2006/04/metadata"><customValue><fullName>APAC</fullName><default>false</default><label>APAC</label></customValue><masterLabel>Regions</masterLabel></GlobalValueSet>`;
      const profile = `<?xml version="1.0" encoding="UTF-8"?>
<Profile xmlns="http://soap.sforce.com/2006/04/metadata"><userPermissions><enabled>true</enabled><name>ViewSetup</name></userPermissions></Profile>`;
      const outcome = await deployComponents(
        await resolveOrg('tgt'),
        { components: [{ type: 'GlobalValueSet', fullName: 'Regions', xml: gvs }, { type: 'Profile', fullName: 'Admin', xml: profile }] },
        FAST
      );
      expect(outcome.status).to.equal('Failed');
      expect(outcome.failures.map((f) => `${f.type}:${f.fullName}`)).to.deep.equal(['GlobalValueSet:Regions']);
      expect(await admin.component('tgt', 'Profile', 'Admin')).to.equal(before);
    });
  });
});
