/*
 * The Metadata API schema check (README "Metadata API schema") and the fidelity rules that came
 * with it: an org's own layout for a new custom object, numeric character references, `module`
 * second, refresh-token grants.
 */
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import JSZip from 'jszip';
import { runDeploy } from '../../src/deploy.js';
import { tokenGrant } from '../../src/oauth.js';
import { EmulatedOrg, storeGet, storeList } from '../../src/org.js';
import { readDeployZip } from '../../src/packageZip.js';
import { buildRetrieve } from '../../src/retrieve.js';
import { SCHEMA_VERSIONS, inSchemaOrder, schemaProblem } from '../../src/schema.js';
import { readSeedFolder, seedOrg } from '../../src/seed.js';
import { applyComponent } from '../../src/semantics.js';
import { EmulatorState } from '../../src/state.js';
import { children, text } from '../../src/xml.js';
import { NS, stored, storeOf } from './helpers.js';

const M = '{http://soap.sforce.com/2006/04/metadata}';
const doc = (root: string, inner: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<${root} ${NS}>\n${inner}</${root}>\n`;
const manifest = (version: string): string => doc('Package', `    <version>${version}</version>\n`);

async function zipOf(files: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(files)) zip.file(name, content, { createFolders: false });
  return zip.generateAsync({ type: 'nodebuffer' });
}

const DEPLOY = { checkOnly: false, rollbackOnError: true, ignoreWarnings: false, runTests: [], singlePackage: true, purgeOnDelete: false };

describe('emulator: the Metadata API schema (from the WSDL, API 47.0-66.0)', () => {
  describe('schemaProblem', () => {
    it('Given a nested entry whose elements are out of the sequence, Then the org\'s parse error names the element, its type, line and column', () => {
      const xml = doc('Profile', '    <fieldPermissions>\n        <field>Account.A__c</field>\n        <editable>true</editable>\n    </fieldPermissions>\n');
      expect(schemaProblem(xml, '62.0')).to.deep.equal({
        problem: `Error parsing file: Element ${M}editable invalid at this location in type ProfileFieldLevelSecurity`,
        lineNumber: 5,
        columnNumber: 19,
      });
    });

    it('Given the same entry in the sequence order, repeated, with optional elements absent, Then there is no problem', () => {
      const entry = (field: string): string => `    <fieldPermissions><editable>true</editable><field>${field}</field><readable>true</readable></fieldPermissions>\n`;
      expect(schemaProblem(doc('Profile', `    <custom>true</custom>\n${entry('Account.A__c')}${entry('Account.B__c')}    <userLicense>Salesforce</userLicense>\n`), '62.0')).to.equal(undefined);
    });

    it('Given required elements missing (label, type of a field), Then it is not refused: real orgs report those later', () => {
      expect(schemaProblem(doc('CustomField', '    <fullName>A__c</fullName>\n'), '62.0')).to.equal(undefined);
    });

    it('Given an element the type does not have, at any depth, Then it is invalid at this location in that type', () => {
      expect(schemaProblem(doc('CustomField', '    <fullName>A__c</fullName>\n    <colour>red</colour>\n'), '62.0')?.problem).to.equal(
        `Error parsing file: Element ${M}colour invalid at this location in type CustomField`
      );
      const layout = doc('Layout', '    <layoutSections><layoutColumns><layoutItems><field>Name</field><colour>red</colour></layoutItems></layoutColumns></layoutSections>\n');
      expect(schemaProblem(layout, '62.0')?.problem).to.equal(`Error parsing file: Element ${M}colour invalid at this location in type LayoutItem`);
    });

    it('Given an element that may occur once, twice, Then the second is invalid at this location', () => {
      expect(schemaProblem(doc('CustomField', '    <label>A</label>\n    <label>B</label>\n'), '62.0')?.problem).to.equal(
        `Error parsing file: Element ${M}label invalid at this location in type CustomField`
      );
    });

    it('Given a value outside its enumeration, at any depth, Then it is not a valid value for the enum', () => {
      expect(schemaProblem(doc('CustomField', '    <fullName>A__c</fullName>\n    <type>Formula</type>\n'), '62.0')?.problem).to.equal(
        "Error parsing file: 'Formula' is not a valid value for the enum 'FieldType'"
      );
      const layout = doc('Layout', '    <layoutSections><layoutColumns><layoutItems><behavior>Sometimes</behavior><field>Name</field></layoutItems></layoutColumns></layoutSections>\n');
      expect(schemaProblem(layout, '62.0')?.problem).to.equal("Error parsing file: 'Sometimes' is not a valid value for the enum 'UiBehavior'");
      expect(schemaProblem(doc('CustomField', '    <fullName>A__c</fullName>\n    <type> Checkbox </type>\n'), '62.0')).to.equal(undefined);
    });

    it('Given an element that exists from API 64.0 (PermissionSet agentAccesses), Then it is refused at 63.0 and accepted at 64.0, in the order of each version', () => {
      const at64 = doc('PermissionSet', '    <agentAccesses><enabled>true</enabled><agentName>Helper</agentName></agentAccesses>\n    <label>Agents</label>\n');
      expect(schemaProblem(at64, '63.0')?.problem).to.equal(`Error parsing file: Element ${M}agentAccesses invalid at this location in type PermissionSet`);
      expect(schemaProblem(at64, '64.0')).to.equal(undefined);
      // from 65.0 the WSDL puts agentName before enabled
      expect(schemaProblem(at64, '65.0')?.problem).to.equal(`Error parsing file: Element ${M}agentName invalid at this location in type PermissionSetAgentAccess`);
      const at65 = at64.replace('<enabled>true</enabled><agentName>Helper</agentName>', '<agentName>Helper</agentName><enabled>true</enabled>');
      expect(schemaProblem(at65, '65.0')).to.equal(undefined);
      expect(schemaProblem(at65, '66.0')).to.equal(undefined);
    });

    it('Given a nested element from API 63.0 (object permissions viewAllFields), Then it is refused at 62.0 and accepted at 63.0', () => {
      const entry =
        '    <objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>true</allowRead>' +
        '<modifyAllRecords>false</modifyAllRecords><object>Account</object><viewAllFields>true</viewAllFields><viewAllRecords>false</viewAllRecords></objectPermissions>\n';
      expect(schemaProblem(doc('PermissionSet', entry), '62.0')?.problem).to.equal(
        `Error parsing file: Element ${M}viewAllFields invalid at this location in type PermissionSetObjectPermissions`
      );
      expect(schemaProblem(doc('PermissionSet', entry), '63.0')).to.equal(undefined);
    });

    it('Given fullName and module, Then they come first and second in every type (the Metadata base type)', () => {
      expect(schemaProblem(doc('Layout', '    <fullName>A-B</fullName>\n    <module>m</module>\n    <showEmailCheckbox>false</showEmailCheckbox>\n'), '62.0')).to.equal(undefined);
      expect(schemaProblem(doc('Layout', '    <module>m</module>\n    <fullName>A-B</fullName>\n'), '62.0')?.problem).to.equal(
        `Error parsing file: Element ${M}fullName invalid at this location in type Layout`
      );
    });

    it('Given xsi:type naming a subtype, Then the subtype\'s elements are the ones allowed', () => {
      const value = (attribute: string): string => doc('GlobalValueSet', `    <customValue ${attribute}><fullName>Won</fullName><default>false</default><label>Won</label><closed>true</closed></customValue>\n    <masterLabel>S</masterLabel>\n    <sorted>false</sorted>\n`);
      expect(schemaProblem(value('xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="StandardValue"'), '62.0')).to.equal(undefined);
      expect(schemaProblem(value(''), '62.0')?.problem).to.equal(`Error parsing file: Element ${M}closed invalid at this location in type CustomValue`);
    });

    it('Given a parent file SDR recomposes (children after the parent\'s own elements), Then its top level may be in any order, its elements still known and checked inside', () => {
      const object = doc('CustomObject', '    <sharingModel>ReadWrite</sharingModel>\n    <fields><fullName>A__c</fullName><type>Text</type><label>A</label></fields>\n');
      expect(schemaProblem(object, '62.0', { rootOrdered: false })?.problem).to.equal(`Error parsing file: Element ${M}label invalid at this location in type CustomField`);
      const ordered = object.replace('<type>Text</type><label>A</label>', '<label>A</label><type>Text</type>');
      expect(schemaProblem(ordered, '62.0', { rootOrdered: false })).to.equal(undefined);
      expect(schemaProblem(ordered, '62.0')?.problem).to.equal(`Error parsing file: Element ${M}fields invalid at this location in type CustomObject`);
      expect(schemaProblem(ordered.replace('<sharingModel>', '<colour>red</colour><sharingModel>'), '62.0', { rootOrdered: false })?.problem).to.equal(
        `Error parsing file: Element ${M}colour invalid at this location in type CustomObject`
      );
    });

    it('Given comments, CDATA and references in text, Then they are read as XML reads them', () => {
      const xml = doc('CustomField', '    <!-- <colour/> -->\n    <fullName>A__c</fullName>\n    <label><![CDATA[<b>]]></label>\n    <type>Check&#98;ox</type>\n');
      expect(schemaProblem(xml, '62.0')).to.equal(undefined);
    });

    it('Given a type the WSDL has from API 66.0 (AiAuthoringBundle), Then its files are checked from 66.0 and not before (the schema cannot settle what an older org answers)', () => {
      const xml = doc('AiAuthoringBundle', '    <colour>red</colour>\n');
      expect(schemaProblem(xml, '65.0')).to.equal(undefined);
      expect(schemaProblem(xml, '66.0')?.problem).to.equal(`Error parsing file: Element ${M}colour invalid at this location in type AiAuthoringBundle`);
    });

    it('Given an API version outside 47.0-66.0, Then the nearest schema applies', () => {
      expect(SCHEMA_VERSIONS[0]).to.equal('47.0');
      expect(SCHEMA_VERSIONS.at(-1)).to.equal('66.0');
      const xml = doc('PermissionSet', '    <agentAccesses><agentName>Helper</agentName><enabled>true</enabled></agentAccesses>\n');
      expect(schemaProblem(xml, '67.0')).to.equal(undefined);
      expect(schemaProblem(xml, '40.0')?.problem).to.include('agentAccesses invalid at this location');
    });
  });

  describe('deploys', () => {
    const AGENTS = doc('PermissionSet', '    <agentAccesses><agentName>Helper</agentName><enabled>true</enabled></agentAccesses>\n    <label>Agents</label>\n');

    it('Given package.xml <version> 63.0, When a file uses an element from 64.0, Then it is a component failure with line and column; at 65.0 it deploys', async () => {
      const at63 = await readDeployZip(await zipOf({ 'package.xml': manifest('63.0'), 'permissionsets/Agents.permissionset': AGENTS }), '66.0');
      expect(at63.components).to.have.length(0);
      expect(at63.failures).to.deep.equal([
        {
          componentType: 'PermissionSet',
          fullName: 'Agents',
          fileName: 'permissionsets/Agents.permissionset',
          problem: `Error parsing file: Element ${M}agentAccesses invalid at this location in type PermissionSet`,
          lineNumber: 3,
          columnNumber: 20,
        },
      ]);
      const at65 = await readDeployZip(await zipOf({ 'package.xml': manifest('65.0'), 'permissionsets/Agents.permissionset': AGENTS }), '62.0');
      expect(at65.failures).to.deep.equal([]);
    });

    it('Given a package.xml without <version>, Then the request\'s API version applies', async () => {
      const bare = doc('Package', '');
      expect((await readDeployZip(await zipOf({ 'package.xml': bare, 'permissionsets/Agents.permissionset': AGENTS }), '63.0')).failures).to.have.length(1);
      expect((await readDeployZip(await zipOf({ 'package.xml': bare, 'permissionsets/Agents.permissionset': AGENTS }), '65.0')).failures).to.have.length(0);
    });
  });

  describe('seed folders', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
    const folders = [
      ...readdirSync(join(root, 'demo', 'orgs'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(root, 'demo', 'orgs', e.name)),
      ...readdirSync(join(root, 'packages', 'org-emulator', 'orgs'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(root, 'packages', 'org-emulator', 'orgs', e.name)),
    ];

    it('Given every org folder of the repository, Then each passes the schema check', async () => {
      expect(folders.length).to.be.greaterThan(4);
      for (const folder of folders) {
        // eslint-disable-next-line no-await-in-loop
        const { pkg } = await readSeedFolder(folder);
        expect(pkg?.failures ?? [], folder).to.deep.equal([]);
      }
    });

    it('Given a seed folder with a file out of schema order, Then the org is refused at start naming the file and the element', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'schema-seed-'));
      try {
        mkdirSync(join(dir, 'objects', 'Widget__c', 'fields'), { recursive: true });
        writeFileSync(join(dir, 'objects', 'Widget__c', 'Widget__c.object-meta.xml'), doc('CustomObject', '    <label>Widget</label>\n'));
        writeFileSync(join(dir, 'objects', 'Widget__c', 'fields', 'Size__c.field-meta.xml'), doc('CustomField', '    <fullName>Size__c</fullName>\n    <type>Text</type>\n    <label>Size</label>\n'));
        let refused: Error | undefined;
        await seedOrg(new EmulatedOrg('broken'), dir).catch((error: Error) => {
          refused = error;
        });
        expect(refused?.message).to.match(/cannot seed org broken from .*\n {2}objects\/Widget__c\.object \(\d+:\d+\): Error parsing file: Element \{http:\/\/soap\.sforce\.com\/2006\/04\/metadata\}label invalid at this location in type CustomField/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('emulator: smaller real-org rules found with the schema', () => {
  it('Given a custom object deployed without a layout, Then the org makes "<Label> Layout"; with a layout, or for an object it had, it makes none', async () => {
    const org = new EmulatedOrg('layouts');
    const object = doc('CustomObject', '    <label>Widget</label>\n    <pluralLabel>Widgets</pluralLabel>\n');
    const outcome = await runDeploy(org, await zipOf({ 'package.xml': manifest('62.0'), 'objects/Widget__c.object': object }), DEPLOY, () => false);
    expect(outcome.status).to.equal('Succeeded');
    expect(storeList(org.store, 'Layout').map((layout) => layout.fullName)).to.deep.equal(['Widget__c-Widget Layout']);
    const made = storeGet(org.store, 'Layout', 'Widget__c-Widget Layout')?.body;
    expect(children(made, 'layoutSections').map((section) => text(section, 'label'))).to.deep.equal(['Information', 'System Information']);

    await runDeploy(org, await zipOf({ 'package.xml': manifest('62.0'), 'objects/Widget__c.object': object }), DEPLOY, () => false);
    expect(storeList(org.store, 'Layout')).to.have.length(1);

    const withLayout = await zipOf({
      'package.xml': manifest('62.0'),
      'objects/Gadget__c.object': doc('CustomObject', '    <label>Gadget</label>\n'),
      'layouts/Gadget__c-Gadget Page.layout': doc('Layout', '    <showEmailCheckbox>false</showEmailCheckbox>\n'),
    });
    await runDeploy(org, withLayout, DEPLOY, () => false);
    expect(storeList(org.store, 'Layout').map((layout) => layout.fullName).sort()).to.deep.equal(['Gadget__c-Gadget Page', 'Widget__c-Widget Layout']);
  });

  it('Given numeric character references, Then they are stored decoded and retrieved escaped once', async () => {
    const org = new EmulatedOrg('refs');
    const layout = doc('Layout', '    <layoutSections><label>Don&#39;t &#x2019;</label></layoutSections>\n');
    await runDeploy(org, await zipOf({ 'package.xml': manifest('62.0'), 'layouts/Account-Account Layout.layout': layout }), DEPLOY, () => false);
    const body = storeGet(org.store, 'Layout', 'Account-Account Layout')?.body;
    expect(text(children(body, 'layoutSections')[0], 'label')).to.equal('Don\u0027t \u2019');
    const retrieved = await buildRetrieve(org.store, [{ name: 'Layout', members: ['Account-Account Layout'] }], { apiVersion: '62.0', singlePackage: true, now: 'x', ids: () => 'id' });
    const xml = await (await JSZip.loadAsync(retrieved.zip)).file('layouts/Account-Account Layout.layout')!.async('string');
    expect(xml).to.include('<label>Don&apos;t \u2019</label>');
    expect(xml).not.to.include('&amp;#39;');
  });

  it('Given a profile deployed over one the org has, Then fullName and module come first and second, the sections after them (the schema\'s order)', () => {
    const store = storeOf(stored('Profile', 'Admin', '<custom>false</custom><userLicense>Salesforce</userLicense>'));
    applyComponent(store, stored('Profile', 'Admin', '<fullName>Admin</fullName><module>m</module><applicationVisibilities><application>A</application><visible>true</visible></applicationVisibilities>'));
    expect(Object.keys(storeGet(store, 'Profile', 'Admin')!.body)).to.deep.equal(['fullName', 'module', 'applicationVisibilities', 'custom', 'userLicense']);
    expect(Object.keys(inSchemaOrder('Profile', { userLicense: ['x'], module: ['m'], custom: ['c'], fullName: ['f'] }))).to.deep.equal(['fullName', 'module', 'custom', 'userLicense']);
  });

  it('Given a retrieved object, Then its file is in the schema\'s order at every depth', async () => {
    const org = new EmulatedOrg('order');
    const object = doc('CustomObject', '    <sharingModel>ReadWrite</sharingModel>\n    <label>Widget</label>\n    <fields><fullName>A__c</fullName><label>A</label><type>Text</type></fields>\n');
    await runDeploy(org, await zipOf({ 'package.xml': manifest('62.0'), 'objects/Widget__c.object': object }), DEPLOY, () => false);
    const retrieved = await buildRetrieve(org.store, [{ name: 'CustomObject', members: ['Widget__c'] }], { apiVersion: '62.0', singlePackage: true, now: 'x', ids: () => 'id' });
    const xml = await (await JSZip.loadAsync(retrieved.zip)).file('objects/Widget__c.object')!.async('string');
    expect(schemaProblem(xml, '62.0')).to.equal(undefined);
    expect(xml.indexOf('<fields>')).to.be.lessThan(xml.indexOf('<label>Widget'));
  });

  it('Given a permission set holding an element from API 63.0, When retrieved at 62.0, Then the file leaves it out; at 63.0 it holds it', async () => {
    const org = new EmulatedOrg('versions');
    const entry =
      '    <objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>true</allowRead>' +
      '<modifyAllRecords>false</modifyAllRecords><object>Account</object><viewAllFields>true</viewAllFields><viewAllRecords>false</viewAllRecords></objectPermissions>\n';
    const outcome = await runDeploy(org, await zipOf({ 'package.xml': manifest('63.0'), 'permissionsets/Reader.permissionset': doc('PermissionSet', `    <label>Reader</label>\n${entry}`) }), DEPLOY, () => false);
    expect(outcome.componentFailures).to.deep.equal([]);
    const fileAt = async (version: string): Promise<string> => {
      const retrieved = await buildRetrieve(org.store, [{ name: 'PermissionSet', members: ['Reader'] }], { apiVersion: version, singlePackage: true, now: 'x', ids: () => 'id' });
      return (await JSZip.loadAsync(retrieved.zip)).file('permissionsets/Reader.permissionset')!.async('string');
    };
    expect(await fileAt('62.0')).not.to.include('viewAllFields');
    expect(await fileAt('63.0')).to.include('<viewAllFields>true</viewAllFields>');
  });

  it('Given a refresh-token grant, Then the new access token works and the previous one still does; expireSession ends both', () => {
    const state = new EmulatorState({ jobMs: 0, latencyMs: 0 });
    const org = new EmulatedOrg('renewing');
    state.addOrg(org);
    const before = org.accessToken;
    const answer = tokenGrant(state, Buffer.from(`grant_type=refresh_token&refresh_token=${encodeURIComponent(org.refreshToken)}`), 'http://x');
    expect(answer.status).to.equal(200);
    const renewed = answer.body.access_token;
    expect(renewed).not.to.equal(before);
    expect(state.orgByToken(renewed)).to.equal(org);
    expect(state.orgByToken(before)).to.equal(org);
    org.expireSession();
    expect(state.orgByToken(renewed)).to.equal(undefined);
    expect(state.orgByToken(before)).to.equal(undefined);
  });
});
