/*
 * The emulator's scripted contract, driven as a process with the real sf CLI as its client:
 * the JSON line, the auth store, the admin API, bad requests, HTTPS, and a clean stop.
 */
import { expect } from 'chai';
import { EmulatorAdmin, EmulatorProcess, childEnv, startEmulatorProcess } from '../../src/index.js';
import { orgsDir, runSf, tempDir } from '../helpers.js';

describe('emulator as a process (the org-emulator bin)', () => {
  let home: string;
  let emulator: EmulatorProcess;
  let admin: EmulatorAdmin;

  before(async () => {
    home = tempDir('home');
    emulator = await startEmulatorProcess(['--orgs-dir', orgsDir(['ref', 'sandbox']), '--job-ms', '10'], childEnv(home));
    admin = new EmulatorAdmin(emulator.info.url);
  });

  after(async () => {
    if (emulator) await emulator.stop();
  });

  it('Given an orgs dir, When started, Then it prints one JSON line with every org', () => {
    expect(Object.keys(emulator.info.orgs).sort()).to.deep.equal(['empty', 'ref', 'sandbox']);
    expect(emulator.info.orgs.ref.username).to.equal('ref@emulator.test');
    expect(emulator.info.orgs.ref.orgId).to.match(/^00D\w{15}$/);
    expect(emulator.info.orgs.ref.instanceUrl).to.equal(emulator.info.url);
    expect(emulator.info.orgs.ref.orgId).not.to.equal(emulator.info.orgs.sandbox.orgId);
  });

  it('Given the orgs logged in by the emulator, When sf org display runs, Then the org is connected', async () => {
    const result = await runSf(['org', 'display', '--target-org', 'sandbox', '--json'], childEnv(home));
    expect(result.code, result.stderr).to.equal(0);
    const json = JSON.parse(result.stdout) as { result: { connectedStatus: string; id: string; username: string } };
    expect(json.result).to.include({ connectedStatus: 'Connected', id: emulator.info.orgs.sandbox.orgId, username: 'sandbox@emulator.test' });
  });

  it('Given the admin API, When a component is read, edited and deleted, Then the org reflects it', async () => {
    expect(await admin.components('ref', 'Layout')).to.deep.equal(['Account-Account Layout']);
    const xml = (await admin.component('ref', 'GlobalValueSet', 'Regions'))!;
    expect(xml).to.include('<fullName>EMEA</fullName>');
    const edited = xml.replace('<label>EMEA</label>', '<label>Europe</label>');
    expect((await admin.putComponent('ref', 'GlobalValueSet', 'Regions', edited)).status).to.equal(200);
    expect(await admin.component('ref', 'GlobalValueSet', 'Regions')).to.include('<label>Europe</label>');
    const deleted = await fetch(`${emulator.info.url}/__emulator/orgs/ref/component?type=GlobalValueSet&fullName=Regions`, { method: 'DELETE' });
    expect(deleted.status).to.equal(200);
    expect(await admin.component('ref', 'GlobalValueSet', 'Regions')).to.equal(undefined);
    // the other org is untouched
    expect(await admin.component('sandbox', 'GlobalValueSet', 'Regions')).to.include('<label>EMEA</label>');
  });

  it('Given bad admin requests, Then each gets a clear error and the server keeps serving', async () => {
    const unknownOrg = await fetch(`${emulator.info.url}/__emulator/orgs/nope/components?type=Layout`);
    expect(unknownOrg.status).to.equal(404);
    expect(await unknownOrg.text()).to.include('unknown org nope');
    const badFault = await fetch(`${emulator.info.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ org: 'ref', fault: 'meteor' }) });
    expect(badFault.status).to.equal(400);
    expect(await badFault.text()).to.include('unknown fault meteor');
    const notJson = await fetch(`${emulator.info.url}/__emulator/faults`, { method: 'POST', body: '{' });
    expect(notJson.status).to.equal(400);
    const badXml = await admin.putComponent('ref', 'Layout', 'Account-X', '<Layout><oops></Layout>');
    expect(badXml.status).to.equal(400);
    const missing = await fetch(`${emulator.info.url}/__emulator/orgs/ref/component?type=Layout&fullName=Nope`);
    expect(missing.status).to.equal(404);
    expect((await fetch(`${emulator.info.url}/__emulator/stats`)).status).to.equal(200);
  });

  it('Given malformed or unauthenticated API requests, Then SOAP faults and REST errors come back, not a crash', async () => {
    const soap = `${emulator.info.url}/services/Soap/m/62.0`;
    const garbage = await fetch(soap, { method: 'POST', body: 'not xml at all <', headers: { 'content-type': 'text/xml' } });
    expect(garbage.status).to.equal(500);
    expect(await garbage.text()).to.include('<faultcode>soapenv:Client</faultcode>');
    const envelope = (session: string): string =>
      `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><SessionHeader><sessionId>${session}</sessionId></SessionHeader></soapenv:Header><soapenv:Body><describeMetadata><asOfVersion>62.0</asOfVersion></describeMetadata></soapenv:Body></soapenv:Envelope>`;
    const wrongSession = await fetch(soap, { method: 'POST', body: envelope('00Dbogus!token'), headers: { 'content-type': 'text/xml' } });
    expect(wrongSession.status).to.equal(500);
    expect(await wrongSession.text()).to.include('<faultcode>sf:INVALID_SESSION_ID</faultcode>');
    const rest = await fetch(`${emulator.info.url}/services/data/v62.0/sobjects/User/005`, { headers: { authorization: 'Bearer nope' } });
    expect(rest.status).to.equal(401);
    expect(await rest.json()).to.deep.equal([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    expect((await fetch(`${emulator.info.url}/__emulator/stats`)).status).to.equal(200);
  });

  it('Given SIGTERM, When the emulator stops, Then the server is gone (no orphan keeps the port)', async () => {
    const other = await startEmulatorProcess(['--orgs-dir', orgsDir(['solo'])], childEnv(tempDir('home')));
    expect((await fetch(`${other.info.url}/__emulator/stats`)).status).to.equal(200);
    expect([0, null]).to.include(await other.stop());
    await new Promise((resolve) => setTimeout(resolve, 300));
    let refused = false;
    await fetch(`${other.info.url}/__emulator/stats`).catch(() => (refused = true));
    expect(refused).to.equal(true);
  });

  it('Given a missing --orgs-dir, Then the emulator says what to pass and exits non-zero', async () => {
    try {
      await startEmulatorProcess(['--job-ms', '5'], childEnv(home));
      expect.fail('the emulator should not start');
    } catch (error) {
      expect(String(error)).to.include('--orgs-dir is required');
    }
  });
});

describe('emulator over HTTPS (--https)', () => {
  it('Given --https, When sf runs with the printed CA file, Then the org is connected without an insecure-protocol warning', async () => {
    const home = tempDir('home');
    const emulator = await startEmulatorProcess(['--orgs-dir', orgsDir(['secure']), '--https'], childEnv(home));
    try {
      expect(emulator.info.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.info.caFile).to.be.a('string');
      const result = await runSf(['org', 'display', '--target-org', 'secure', '--json'], childEnv(home, { NODE_EXTRA_CA_CERTS: emulator.info.caFile! }));
      expect(result.code, result.stderr).to.equal(0);
      const json = JSON.parse(result.stdout) as { result: { connectedStatus: string }; warnings: string[] };
      expect(json.result.connectedStatus).to.equal('Connected');
      expect(JSON.stringify(json.warnings ?? [])).not.to.include('insecure');
    } finally {
      await emulator.stop();
    }
  });
});
