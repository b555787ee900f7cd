/*
 * The emulator's HTTP(S) front: routes REST, SOAP and admin requests, adds latency, injects faults,
 * counts requests. A bad request gets a clear error answer; nothing a client sends stops the server.
 */
import { createServer as createHttpServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin } from './adminApi.js';
import { apexSoapAnswer } from './apex.js';
import { METADATA_OPERATIONS, SoapFaultError } from './metadataApi.js';
import { EmulatedOrg } from './org.js';
import { tokenGrant } from './oauth.js';
import { handleRest } from './restApi.js';
import { SoapRequestError, parseSoapRequest, soapFault, soapResponse } from './soap.js';
import { EmulatorState, Fault } from './state.js';

export type Tls = { key: string; cert: string };

const MAX_BODY_BYTES = 200 * 1024 * 1024;

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export class EmulatorServer {
  public readonly state: EmulatorState;
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private baseUrl = '';

  public constructor(state: EmulatorState, private readonly tls?: Tls) {
    this.state = state;
  }

  public get url(): string {
    return this.baseUrl;
  }

  public async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) send(res, 500, 'application/json', JSON.stringify([{ errorCode: 'EMULATOR_ERROR', message: String(error) }]));
        else res.end();
      });
    };
    this.server = this.tls ? createHttpsServer(this.tls, handler) : createHttpServer(handler);
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    this.baseUrl = `${this.tls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
    return this.baseUrl;
  }

  public async close(): Promise<void> {
    this.state.stop();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // the CLI stores instance URLs with a trailing slash, so paths arrive as //services/...
    const url = new URL((req.url ?? '/').replace(/^\/+/, '/'), 'http://emulator.local');
    const body = await readBody(req);
    const method = req.method ?? 'GET';

    if (url.pathname.startsWith('/__emulator/')) {
      const answer = handleAdmin(this.state, method, url, body);
      send(res, answer.status, answer.contentType, answer.body);
      return;
    }
    this.state.firstRequestAt ??= Date.now();
    if (this.state.options.latencyMs > 0) await sleep(this.state.options.latencyMs);

    if (url.pathname.startsWith('/services/Soap/m/')) {
      this.handleSoap(req, res, body);
      return;
    }
    if (url.pathname.startsWith('/services/Soap/s/')) {
      this.handleSoap(req, res, body, 'apex');
      return;
    }
    if (url.pathname === '/services/oauth2/token' && method === 'POST') {
      const answer = tokenGrant(this.state, body, this.baseUrl ?? '');
      send(res, answer.status, 'application/json', JSON.stringify(answer.body));
      return;
    }
    if (url.pathname.startsWith('/services/')) {
      this.handleRestRequest(req, res, method, url, body);
      return;
    }
    send(res, 404, 'application/json', JSON.stringify([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]));
  }

  private handleSoap(req: IncomingMessage, res: ServerResponse, body: Buffer, api: 'metadata' | 'apex' = 'metadata'): void {
    let request;
    try {
      request = parseSoapRequest(body.toString('utf8'));
    } catch (error) {
      const message = error instanceof SoapRequestError ? error.message : String(error);
      send(res, 500, 'text/xml', soapFault('soapenv:Client', message));
      return;
    }
    const org = this.state.orgByToken(request.sessionId);
    if (!org) {
      send(res, 500, 'text/xml', soapFault('sf:INVALID_SESSION_ID', 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session'));
      return;
    }
    const handler = METADATA_OPERATIONS[request.operation];
    this.state.count(org, request.operation);
    if (this.injectFault(req, res, org, request.operation, 'soap')) return;
    if (api === 'apex') {
      const answer = apexSoapAnswer(this.state, org, request.operation, request.args, body.toString('utf8'));
      if ('fault' in answer) send(res, 500, 'text/xml', soapFault(answer.fault, answer.message));
      else send(res, answer.status, 'text/xml', answer.body);
      return;
    }
    if (!handler) {
      send(res, 500, 'text/xml', soapFault('soapenv:Client', `The emulator does not implement the Metadata API operation ${request.operation}`));
      return;
    }
    try {
      const result = handler(this.state, org, request.args, /\/services\/Soap\/m\/(\d+\.\d+)/.exec(req.url ?? '')?.[1]);
      send(res, 200, 'text/xml', soapResponse(request.operation, result));
    } catch (error) {
      if (error instanceof SoapFaultError) send(res, 500, 'text/xml', soapFault(error.faultCode, error.message));
      else throw error;
    }
  }

  private handleRestRequest(req: IncomingMessage, res: ServerResponse, method: string, url: URL, body: Buffer): void {
    const authorization = req.headers.authorization ?? '';
    const token = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(authorization)?.[1];
    const org = this.state.orgByToken(token);
    if (!org) {
      send(res, 401, 'application/json', JSON.stringify([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]));
      return;
    }
    // a deploy request changes the org: an injected fault must answer before it starts, as on SOAP
    if (method === 'POST' && /\/metadata\/deployRequest\/?$/.test(url.pathname)) {
      this.state.count(org, 'deployRequest');
      if (this.injectFault(req, res, org, 'deployRequest', 'rest')) return;
      const started = handleRest(this.state, org, method, url, body, req.headers['content-type'] ?? '');
      send(res, started.status, 'application/json', JSON.stringify(started.body));
      return;
    }
    const answer = handleRest(this.state, org, method, url, body, req.headers['content-type'] ?? '');
    this.state.count(org, answer.operation);
    if (this.injectFault(req, res, org, answer.operation, 'rest')) return;
    send(res, answer.status, 'application/json', JSON.stringify(answer.body));
  }

  /** Answers the request with an injected fault when one is armed for this org and operation. */
  private injectFault(req: IncomingMessage, res: ServerResponse, org: EmulatedOrg, operation: string, api: 'soap' | 'rest'): boolean {
    const fault: Fault | undefined = this.state.takeRequestFault(org, operation);
    if (!fault) return false;
    switch (fault.fault) {
      case 'http500':
        send(res, 500, 'text/html', '<html><body><h1>500 Internal Server Error</h1></body></html>');
        break;
      case 'http503':
        send(res, 503, 'text/html', '<html><body><h1>503 Service Unavailable</h1></body></html>');
        break;
      case 'expireSession':
      case 'invalidSession':
        // expireSession: the session really ends, so only a client that can renew it goes on
        if (fault.fault === 'expireSession') org.expireSession();
        if (api === 'soap') send(res, 500, 'text/xml', soapFault('sf:INVALID_SESSION_ID', 'INVALID_SESSION_ID: Invalid Session ID found in SessionHeader: Illegal Session'));
        else send(res, 401, 'application/json', JSON.stringify([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]));
        break;
      case 'requestLimit':
        if (api === 'soap') send(res, 500, 'text/xml', soapFault('sf:REQUEST_LIMIT_EXCEEDED', 'REQUEST_LIMIT_EXCEEDED: ConcurrentPerOrgLongTxn Limit exceeded.'));
        else send(res, 403, 'application/json', JSON.stringify([{ message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]));
        break;
      case 'reset':
        req.socket.destroy();
        break;
      case 'hang':
        // never answered: the socket stays open until the client gives up or the emulator stops
        break;
      default:
        return false;
    }
    return true;
  }
}
