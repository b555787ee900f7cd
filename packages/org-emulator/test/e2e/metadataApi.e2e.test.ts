/*
 * The emulator's Metadata API beyond retrieve and deploy, spoken to by the real @salesforce/core
 * connection (jsforce) and SDR: listMetadata, describeMetadata, readMetadata, cancelDeploy, the REST
 * deploy, the per-org deploy queue, seeding from a metadata-format folder, latency, stats and reset.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import JSZip from 'jszip';
import { Connection, Org } from '@salesforce/core';
import { ComponentSet, MetadataApiDeploy, MetadataApiRetrieve } from '@salesforce/source-deploy-retrieve';
import { EmulatorAdmin, RunningEmulator, SfHome, detectFormat, startEmulator, useIsolatedSfHome } from '../../src/index.js';
import { buildManifest, buildZip } from '../../src/packageZip.js';
import { MDAPI_ORG as MDAPI_SEED, SOURCE_ORG as SOURCE_SEED, rejection } from '../helpers.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

type DeployStatus = { id: string; done: boolean | string; status: string; success: boolean | string; createdDate?: string; startDate?: string; completedDate?: string };

const layout = (name: string, label: string): Record<string, string> => ({
  [`layouts/${name}.layout`]: `<?xml version="1.0" encoding="UTF-8"?>\n<Layout ${NS}><layoutSections><label>${label}</label><layoutColumns><layoutItems><behavior>Required</behavior><field>Name</field></layoutItems></layoutColumns><style>OneColumn</style></layoutSections></Layout>`,
});

/** A deploy zip in metadata format: the files, and a package.xml naming each by its folder's type. */
async function deployZip(files: Record<string, string>): Promise<Buffer> {
  const typeOf: Record<string, string> = { layouts: 'Layout', objects: 'CustomObject' };
  const types = new Map<string, string[]>();
  for (const path of Object.keys(files)) {
    const [folder, file] = path.split('/');
    types.set(typeOf[folder], [...(types.get(typeOf[folder]) ?? []), file.replace(/\.[^.]+$/, '')]);
  }
  const manifest = buildManifest([...types].map(([name, members]) => ({ name, members })), '62.0');
  return buildZip([{ path: 'package.xml', content: manifest }, ...Object.entries(files).map(([path, content]) => ({ path, content }))]);
}

async function untilDone(conn: Connection, id: string, rest = false): Promise<DeployStatus> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    // eslint-disable-next-line no-await-in-loop
    const status = (await conn.metadata.checkDeployStatus(id, true, rest)) as unknown as DeployStatus;
    if (String(status.done) === 'true') return status;
    if (Date.now() > deadline) throw new Error(`deploy ${id} not done: ${JSON.stringify(status)}`);
    // eslint-disable-next-line no-await-in-loop
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('emulator Metadata API with the real core connection', () => {
  let sfHome: SfHome;
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let conn: Connection;
  let mdapi: Connection;

  before(async () => {
    sfHome = useIsolatedSfHome();
    emulator = await startEmulator({ orgs: { src: SOURCE_SEED, mdapi: MDAPI_SEED, empty: undefined }, jobMs: 0 });
    admin = new EmulatorAdmin(emulator.url);
    conn = (await Org.create({ aliasOrUsername: 'src' })).getConnection();
    mdapi = (await Org.create({ aliasOrUsername: 'mdapi' })).getConnection();
  });

  after(async () => {
    await emulator?.stop();
    sfHome.restore();
  });

  beforeEach(async () => {
    emulator.state.options.jobMs = 0;
    emulator.state.options.latencyMs = 0;
    await admin.reset();
  });

  describe('seeding from a metadata-format folder', () => {
    it('Given a folder with package.xml, Then it is detected as metadata format', () => {
      expect(detectFormat(MDAPI_SEED)).to.equal('metadata');
      expect(detectFormat(SOURCE_SEED)).to.equal('source');
    });

    it('Given the seeded org, Then each component and child is addressable on its own', async () => {
      expect(await admin.components('mdapi', 'CustomObject')).to.deep.equal(['Widget__c']);
      expect(await admin.components('mdapi', 'CustomField')).to.deep.equal(['Widget__c.Size__c']);
      expect(await admin.components('mdapi', 'ListView')).to.deep.equal(['Widget__c.AllWidgets']);
      expect(await admin.components('mdapi', 'Layout')).to.deep.equal(['Widget__c-Widget Layout']);
      expect(await admin.components('mdapi', 'Profile')).to.deep.equal(['Support']);
    });

    it('Given the seeded org, When retrieved through SDR, Then the components come back', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'org-emulator-retrieve-'));
      try {
        const components = new ComponentSet([
          { type: 'CustomObject', fullName: 'Widget__c' },
          { type: 'ListView', fullName: 'Widget__c.AllWidgets' },
          { type: 'Layout', fullName: 'Widget__c-Widget Layout' },
          { type: 'Profile', fullName: 'Support' },
        ]);
        components.apiVersion = '62.0';
        const operation = new MetadataApiRetrieve({ usernameOrConnection: mdapi, components, output: dir, format: 'metadata', singlePackage: true });
        await operation.start();
        const result = await operation.pollStatus(50, 60);
        expect(result.response.status).to.equal('Succeeded');
        const zip = await JSZip.loadAsync(Buffer.from(result.response.zipFile, 'base64'));
        const files = Object.values(zip.files).filter((entry) => !entry.dir);
        const byKey = new Map(await Promise.all(files.map(async (entry) => [entry.name, await entry.async('string')] as const)));
        expect(byKey.get('objects/Widget__c.object')).to.include('<fullName>Size__c</fullName>').and.include('<fullName>AllWidgets</fullName>').and.include('<label>All Widgets</label>');
        expect(byKey.get('layouts/Widget__c-Widget Layout.layout')).to.include('<field>Size__c</field>');
        expect(byKey.get('profiles/Support.profile')).to.include('Widget__c.Size__c').and.include('Widget__c-Widget Layout').and.include('ApiEnabled');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });

  describe('listMetadata', () => {
    it('Given queries for a top-level and a child type, Then their components come back with file names', async () => {
      const result = await mdapi.metadata.list([{ type: 'Layout' }, { type: 'CustomField' }, { type: 'ListView' }]);
      const rows = (Array.isArray(result) ? result : [result]).map((p) => `${p.type}|${p.fullName}|${p.fileName}`);
      expect(rows).to.have.members([
        'Layout|Widget__c-Widget Layout|layouts/Widget__c-Widget Layout.layout',
        'CustomField|Widget__c.Size__c|objects/Widget__c.object',
        'ListView|Widget__c.AllWidgets|objects/Widget__c.object',
      ]);
    });

    it('Given a type the org has none of, Then the answer is empty', async () => {
      const result = await conn.metadata.list([{ type: 'FlexiPage' }]);
      expect(result ?? []).to.deep.equal([]);
    });
  });

  describe('describeMetadata', () => {
    it('Given a describe, Then the types with their directories and child types come back', async () => {
      const result = await conn.metadata.describe('62.0');
      const customObject = result.metadataObjects.find((o) => o.xmlName === 'CustomObject');
      expect(customObject).to.include({ directoryName: 'objects', suffix: 'object' });
      expect(customObject!.childXmlNames).to.include.members(['CustomField', 'ListView', 'RecordType', 'CompactLayout']);
      const layoutType = result.metadataObjects.find((o) => o.xmlName === 'Layout');
      expect(layoutType).to.include({ directoryName: 'layouts', suffix: 'layout' });
      expect(String(result.partialSaveAllowed)).to.equal('true');
    });
  });

  describe('readMetadata', () => {
    it('Given a profile, Then its record comes back with its full name', async () => {
      const record = (await mdapi.metadata.read('Profile', 'Support')) as unknown as Record<string, unknown>;
      expect(record.fullName).to.equal('Support');
      expect(JSON.stringify(record.userPermissions)).to.include('ApiEnabled');
    });

    it('Given a child type (ListView), Then the list view is read by Object.Name', async () => {
      const record = (await mdapi.metadata.read('ListView', 'Widget__c.AllWidgets')) as unknown as Record<string, unknown>;
      expect(record.fullName).to.equal('Widget__c.AllWidgets');
      expect(record.label).to.equal('All Widgets');
    });

    it('Given several names, one missing, Then a record per name comes back, the missing one empty', async () => {
      const records = (await mdapi.metadata.read('Layout', ['Widget__c-Widget Layout', 'Nope-Nope'])) as unknown as Array<Record<string, unknown>>;
      expect(records).to.have.length(2);
      expect(records[0].fullName).to.equal('Widget__c-Widget Layout');
      expect(records[1].fullName).to.equal(undefined);
    });

    it('Given more than 10 names, Then the org refuses with EXCEEDED_ID_LIMIT', async () => {
      const names = Array.from({ length: 11 }, (_, i) => `Layout${i}`);
      const error = await rejection(mdapi.metadata.read('Layout', names));
      expect(`${error.name} ${error.message}`).to.include('EXCEEDED_ID_LIMIT');
    });
  });

  describe('cancelDeploy', () => {
    it('Given a deploy still running, When canceled, Then it ends Canceled and changes nothing', async () => {
      emulator.state.options.jobMs = 2000;
      const zip = await deployZip(layout('Account-Canceled Layout', 'Canceled'));
      const started = await conn.metadata.deploy(zip, { singlePackage: true, rollbackOnError: true });
      const canceled = (await conn.metadata.cancelDeploy(started.id)) as unknown as { done: string | boolean; id: string };
      expect(canceled.id).to.equal(started.id);
      expect(String(canceled.done)).to.equal('true');
      const status = await untilDone(conn, started.id);
      expect(status.status).to.equal('Canceled');
      expect(String(status.success)).to.equal('false');
      // past the time the job would have taken, it still has not run
      await new Promise((resolve) => setTimeout(resolve, 2200));
      expect(await admin.component('src', 'Layout', 'Account-Canceled Layout')).to.equal(undefined);
      expect((await admin.stats()).src).to.include({ deploy: 1, cancelDeploy: 1 });
    });

    it('Given an id of another org, Then cancelDeploy is refused', async () => {
      const zip = await deployZip(layout('Account-Other Layout', 'Other'));
      const started = await conn.metadata.deploy(zip, { singlePackage: true });
      const error = await rejection(mdapi.metadata.cancelDeploy(started.id));
      expect(`${error.name} ${error.message}`).to.include('INVALID_ID_FIELD');
      await untilDone(conn, started.id);
    });
  });

  describe('REST deploy', () => {
    it('Given SDR with apiOptions rest, When deployed, Then deployRequest is used and the component is applied', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'emulator-rest-'));
      try {
        const zipPath = join(dir, 'deploy.zip');
        await writeFile(zipPath, await deployZip(layout('Account-Rest Layout', 'Via REST')));
        const operation = new MetadataApiDeploy({ usernameOrConnection: conn, zipPath, apiOptions: { rest: true, singlePackage: true, rollbackOnError: true } });
        await operation.start();
        const result = await operation.pollStatus(50, 60);
        expect(result.response.status).to.equal('Succeeded');
        expect(result.response.success).to.equal(true);
        expect(await admin.component('src', 'Layout', 'Account-Rest Layout')).to.include('Via REST');
        const stats = (await admin.stats()).src;
        expect(stats.deployRequest).to.equal(1);
        expect(stats.deployRequestStatus).to.be.at.least(1);
        expect(stats).not.to.have.property('deploy');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('Given a REST deploy with a failing layout, Then the JSON result says Failed with componentFailures', async () => {
      const bad = {
        'layouts/Account-Bad Layout.layout': `<?xml version="1.0" encoding="UTF-8"?>\n<Layout ${NS}><layoutSections><layoutColumns><layoutItems><field>Missing__c</field></layoutItems></layoutColumns></layoutSections></Layout>`,
      };
      const started = await conn.metadata.deployRest(await deployZip(bad), { singlePackage: true, rollbackOnError: true });
      const status = (await untilDone(conn, started.id, true)) as DeployStatus & { details: { componentFailures: Array<Record<string, unknown>> } };
      expect(status.status).to.equal('Failed');
      expect(status.success).to.equal(false);
      expect(status.details.componentFailures[0]).to.include({ componentType: 'Layout', fullName: 'Account-Bad Layout' });
      expect(await admin.component('src', 'Layout', 'Account-Bad Layout')).to.equal(undefined);
    });

    it('Given an http500 fault on deployRequest, Then no deploy is started', async () => {
      await admin.fault({ org: 'src', fault: 'http500', operation: 'deployRequest' });
      const zip = await deployZip(layout('Account-Refused Layout', 'Refused'));
      const error = await rejection(Promise.resolve(conn.metadata.deployRest(zip, { singlePackage: true })));
      expect(error.name).to.equal('ERROR_HTTP_500');
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await admin.component('src', 'Layout', 'Account-Refused Layout')).to.equal(undefined);
    });
  });

  describe('validation of children deployed inside their object file', () => {
    it('Given a record type naming a picklist the org lacks, When deployed through SDR, Then it fails and nothing is applied', async () => {
      const object = {
        'objects/Widget__c.object': `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject ${NS}><recordTypes><fullName>Broken</fullName><active>true</active><label>Broken</label><picklistValues><picklist>Missing__c</picklist><values><fullName>A</fullName><default>false</default></values></picklistValues></recordTypes></CustomObject>`,
      };
      const dir = await mkdtemp(join(tmpdir(), 'org-emulator-deploy-'));
      try {
        const zipPath = join(dir, 'deploy.zip');
        await writeFile(zipPath, await deployZip(object));
        const operation = new MetadataApiDeploy({ usernameOrConnection: mdapi, zipPath, apiOptions: { singlePackage: true, rollbackOnError: true } });
        await operation.start();
        const result = await operation.pollStatus(50, 60);
        expect(result.response.success).to.equal(false);
        expect(JSON.stringify(result.response.details.componentFailures)).to.include('Widget__c.Missing__c');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
      expect(await admin.components('mdapi', 'RecordType')).to.deep.equal([]);
    });
  });

  describe('deploy queue', () => {
    it('Given two deploys submitted together to one org, Then the second runs after the first', async () => {
      emulator.state.options.jobMs = 200;
      const [first, second] = await Promise.all([
        conn.metadata.deploy(await deployZip(layout('Account-Queue One', 'One')), { singlePackage: true }),
        conn.metadata.deploy(await deployZip(layout('Account-Queue Two', 'Two')), { singlePackage: true }),
      ]);
      const [a, b] = await Promise.all([untilDone(conn, first.id), untilDone(conn, second.id)]);
      const [earlier, later] = Date.parse(a.completedDate!) <= Date.parse(b.completedDate!) ? [a, b] : [b, a];
      expect(earlier.status).to.equal('Succeeded');
      expect(later.status).to.equal('Succeeded');
      // the later job starts when the earlier one completes and takes its own 200 ms
      expect(Date.parse(later.startDate!)).to.be.at.least(Date.parse(earlier.completedDate!) - 20);
      expect(Date.parse(later.completedDate!) - Date.parse(earlier.completedDate!)).to.be.at.least(150);
    });

    it('Given deploys to two different orgs at once, Then they do not wait for each other', async () => {
      emulator.state.options.jobMs = 300;
      const [one, two] = await Promise.all([
        conn.metadata.deploy(await deployZip(layout('Account-Par One', 'One')), { singlePackage: true }),
        mdapi.metadata.deploy(await deployZip(layout('Account-Par Two', 'Two')), { singlePackage: true }),
      ]);
      const [a, b] = await Promise.all([untilDone(conn, one.id), untilDone(mdapi, two.id)]);
      // neither queued: each started when it was submitted (one org's queue would start the second at the first's end, after its submission)
      for (const status of [a, b]) expect(Date.parse(status.startDate!), JSON.stringify(status)).to.be.at.most(Date.parse(status.createdDate!));
    });
  });

  describe('latency', () => {
    it('Given latencyMs, Then every API request takes at least that long', async () => {
      emulator.state.options.latencyMs = 250;
      const started = Date.now();
      await conn.metadata.list([{ type: 'Layout' }]);
      await conn.metadata.describe('62.0');
      await conn.request('/services/data/v62.0/limits');
      expect(Date.now() - started).to.be.at.least(3 * 250 - 10);
    });

    it('Given latencyMs at the start, Then the logins of the start-up are not delayed and the first client request is', async () => {
      const started = Date.now();
      // each org's login makes at least one request: delayed, two orgs would take at least 6 s to start
      const slow = await startEmulator({ orgs: { slow1: MDAPI_SEED, slow2: MDAPI_SEED }, latencyMs: 3000 });
      try {
        expect(Date.now() - started).to.be.below(5000);
        expect(slow.state.options.latencyMs).to.equal(3000);
        const slowConn = (await Org.create({ aliasOrUsername: 'slow1' })).getConnection();
        const asked = Date.now();
        await slowConn.request('/services/data/v62.0/limits');
        expect(Date.now() - asked).to.be.at.least(3000 - 10);
      } finally {
        await slow.stop();
      }
    });
  });

  describe('stats and reset', () => {
    it('Given requests to two orgs, Then stats count them per org and operation', async () => {
      await conn.metadata.list([{ type: 'Layout' }]);
      await conn.metadata.list([{ type: 'Profile' }]);
      await mdapi.metadata.describe('62.0');
      const stats = await admin.stats();
      expect(stats.src).to.deep.equal({ listMetadata: 2 });
      expect(stats.mdapi).to.deep.equal({ describeMetadata: 1 });
      expect(stats).not.to.have.property('empty');
    });

    it('Given armed faults and counts, When reset, Then both are cleared', async () => {
      await admin.fault({ org: 'src', fault: 'http503', count: 5 });
      await rejection(conn.metadata.list([{ type: 'Layout' }]));
      expect((await admin.stats()).src).to.deep.equal({ listMetadata: 1 });
      await admin.reset();
      expect(await admin.stats()).to.deep.equal({});
      const result = await conn.metadata.list([{ type: 'Layout' }]);
      expect((Array.isArray(result) ? result : [result]).map((p) => p.fullName)).to.include('Account-Account Layout');
    });

    it('Given a fault for an unknown org or kind, Then the admin API refuses it with a clear error', async () => {
      const unknownOrg = await fetch(`${emulator.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ org: 'nope', fault: 'http500' }) });
      expect(unknownOrg.status).to.equal(404);
      expect(await unknownOrg.text()).to.include('unknown org nope');
      const unknownFault = await fetch(`${emulator.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ org: 'src', fault: 'meteor' }) });
      expect(unknownFault.status).to.equal(400);
    });
  });
});
