/*
 * Converting a source-format folder must not reach for the network: without an API version SDR
 * asks appexchange.salesforce.com for the latest one (through any HTTPS proxy), which costs 3 s of
 * retries offline and sends traffic nobody asked for. A recording proxy sees every such attempt.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { EmulatedOrg, seedOrg } from '@sf-postdeploy/org-emulator';
import { readLocalFolder } from '../../../src/org/localFolder.js';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

describe('org: source folders are converted offline', () => {
  let proxy: Server;
  const attempts: string[] = [];
  const saved = new Map<string, string | undefined>();

  before(async () => {
    proxy = createServer((request, response) => {
      attempts.push(`${request.method ?? ''} ${request.url ?? ''}`);
      response.writeHead(502).end();
    });
    proxy.on('connect', (request, socket) => {
      attempts.push(`CONNECT ${request.url ?? ''}`);
      socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    for (const name of PROXY_VARIABLES) saved.set(name, process.env[name]);
    for (const name of PROXY_VARIABLES) delete process.env[name];
    process.env.HTTPS_PROXY = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  });

  beforeEach(() => {
    attempts.length = 0;
  });

  it('Given a source-format reference folder, When read, Then its components come back and no request leaves the machine', async () => {
    const folder = await readLocalFolder('demo/orgs/prod');
    expect(folder.format).to.equal('source');
    expect(folder.components.map((c) => `${c.type}:${c.fullName}`)).to.include('Layout:Account-Account Layout');
    expect(attempts).to.deep.equal([]);
  });

  it('Given a source-format org folder, When the emulator seeds it, Then no request leaves the machine', async () => {
    const org = new EmulatedOrg('prod');
    expect(await seedOrg(org, 'demo/orgs/prod')).to.be.greaterThan(0);
    expect(attempts).to.deep.equal([]);
  });
});
