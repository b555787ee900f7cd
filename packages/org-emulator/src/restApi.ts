/*
 * The REST endpoints @salesforce/core and the sf CLI call while logging in and deploying (docs/wire.md).
 */
import { toolingExecuteAnonymous } from './apex.js';
import { installedPackageRecords } from './managed.js';
import { EmulatedOrg } from './org.js';
import { knownUserPermissions } from './userPermissions.js';
import { deployResult, parseDeployOptions } from './metadataApi.js';
import { EmulatorState } from './state.js';
import { refusedTestLevel } from './testRun.js';

export const API_VERSIONS = Array.from({ length: 66 - 31 + 1 }, (_, i) => `${31 + i}.0`);

export type RestAnswer = { status: number; body: unknown; operation: string };

/** One REST request, as the handlers of the versioned resources read it. */
type RestRequest = { method: string; url: URL; body: Buffer; contentType: string };

const VERSIONED = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/;

function notFound(operation: string): RestAnswer {
  return { status: 404, operation, body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }] };
}

function organizationRecord(org: EmulatedOrg): Record<string, unknown> {
  return {
    attributes: { type: 'Organization', url: `/services/data/v62.0/sobjects/Organization/${org.orgId}` },
    Id: org.orgId,
    Name: `${org.alias} (emulated)`,
    InstanceName: 'EMU1',
    // as org.json says (orgKind.ts); core reads IsSandbox and TrialExpirationDate to tell sandboxes from scratch orgs
    IsSandbox: org.kind.isSandbox,
    TrialExpirationDate: org.kind.trialExpirationDate,
    NamespacePrefix: org.kind.namespacePrefix,
    OrganizationType: org.kind.organizationType,
    CreatedDate: '2026-01-01T00:00:00.000+0000',
  };
}

function userRecord(org: EmulatedOrg): Record<string, unknown> {
  return {
    attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${org.userId}` },
    Id: org.userId,
    Username: org.username,
    Name: 'Emulator Admin',
    Email: org.username,
    ProfileId: '00e000000000000AAA',
  };
}

function query(org: EmulatedOrg, soql: string, operation: string): RestAnswer {
  const from = /\bfrom\s+(\w+)/i.exec(soql)?.[1] ?? '';
  const records: Record<string, Array<Record<string, unknown>>> = {
    organization: [organizationRecord(org)],
    user: [userRecord(org)],
  };
  // a Tooling API object: the data API does not know it
  if (operation === 'tooling') records.installedsubscriberpackage = installedPackageRecords(org.packages);
  const found = records[from.toLowerCase()];
  if (!found) {
    return { status: 400, operation, body: [{ errorCode: 'INVALID_TYPE', message: `sObject type '${from}' is not supported.` }] };
  }
  return { status: 200, operation, body: { totalSize: found.length, done: true, records: found } };
}

/** Splits a multipart/form-data body into its named parts. */
export function parseMultipart(body: Buffer, contentType: string): Map<string, Buffer> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const parts = new Map<string, Buffer>();
  if (!boundary) return parts;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]+)"/i.exec(headers)?.[1];
      // the part's content ends with the CRLF that precedes the next delimiter
      if (name) parts.set(name, part.subarray(headerEnd + 4, part.length - 2));
    }
    start = next;
  }
  return parts;
}

function deployRequest(state: EmulatorState, org: EmulatedOrg, body: Buffer, contentType: string, version: string): RestAnswer {
  const base = `/services/data/v${version}/metadata`;
  const operation = 'deployRequest';
  const parts = parseMultipart(body, contentType);
  const zip = parts.get('file');
  if (!zip) return { status: 400, operation, body: [{ errorCode: 'INVALID_MULTIPART_REQUEST', message: 'The request has no part named file' }] };
  let entity: { deployOptions?: Record<string, unknown> } = {};
  try {
    entity = JSON.parse(parts.get('entity_content')?.toString('utf8') ?? '{}') as typeof entity;
  } catch {
    return { status: 400, operation, body: [{ errorCode: 'JSON_PARSER_ERROR', message: 'entity_content is not valid JSON' }] };
  }
  const options = parseDeployOptions(entity.deployOptions ?? {}, version);
  // no public capture of the REST answer: the SOAP fault's code and words, as a REST error list
  const refused = refusedTestLevel(org, options.testLevel);
  if (refused) return { status: 400, operation, body: [{ errorCode: 'INVALID_OPERATION', message: refused.replace(/^INVALID_OPERATION: /, '') }] };
  const job = state.startDeploy(org, zip, options);
  return { status: 201, operation, body: { id: job.id, deployOptions: entity.deployOptions ?? {}, deployResult: deployResult(job, false), url: `${base}/deployRequest/${job.id}` } };
}

/** The OAuth userinfo answer; its field names are the wire format's (snake_case). */
/** One `Permissions<Name>` field per user permission the org knows, as Salesforce describes PermissionSet. */
function permissionSetDescribe(version: string): RestAnswer {
  const known = [...knownUserPermissions(version)].sort();
  const fields = ['Id', 'Name', 'Label', 'IsOwnedByProfile', ...known.map((name) => `Permissions${name}`)].map((name) => ({ name, type: name.startsWith('Permissions') ? 'boolean' : 'string' }));
  return { status: 200, operation: 'describe', body: { name: 'PermissionSet', fields } };
}

function userInfo(org: EmulatedOrg): RestAnswer {
  return {
    status: 200,
    operation: 'userinfo',
    body: {
      sub: `https://login.salesforce.com/id/${org.orgId}/${org.userId}`,
      'user_id': org.userId,
      'organization_id': org.orgId,
      'preferred_username': org.username,
      email: org.username,
      name: 'Emulator Admin',
    },
  };
}

/** The REST deploy pair: `POST .../metadata/deployRequest` and `GET .../metadata/deployRequest/<id>`. */
function handleDeployRequest(
  state: EmulatorState,
  org: EmulatedOrg,
  request: RestRequest,
  version: string,
  rest: string
): RestAnswer {
  const { method, url, body, contentType } = request;
  if (rest === '/metadata/deployRequest' && method === 'POST') {
    return deployRequest(state, org, body, contentType, version);
  }
  const status = /^\/metadata\/deployRequest\/([^/?]+)$/.exec(rest);
  if (status && method === 'GET') {
    const job = state.jobs.get(status[1]);
    if (!job || job.kind !== 'deploy' || job.org !== org) return notFound('deployRequestStatus');
    return { status: 200, operation: 'deployRequestStatus', body: { id: job.id, deployResult: deployResult(job, url.searchParams.get('includeDetails') === 'true') } };
  }
  return notFound('rest');
}

/** The `/services/data/vNN.0/...` resources; `rest` is the path after the version. */
function handleVersioned(
  state: EmulatorState,
  org: EmulatedOrg,
  request: RestRequest,
  version: string,
  rest: string
): RestAnswer {
  const { url } = request;
  if (rest === '' || rest === '/') {
    const resources = ['sobjects', 'query', 'tooling', 'metadata', 'limits'];
    return { status: 200, operation: 'resources', body: Object.fromEntries(resources.map((r) => [r, `/services/data/v${version}/${r}`])) };
  }
  if (rest === '/sobjects/PermissionSet/describe') return permissionSetDescribe(version);
  if (rest.startsWith('/sobjects/User/')) return { status: 200, operation: 'sobjects', body: userRecord(org) };
  if (rest.startsWith('/sobjects/Organization/')) return { status: 200, operation: 'sobjects', body: organizationRecord(org) };
  if (rest === '/query' || rest === '/query/') return query(org, url.searchParams.get('q') ?? '', 'query');
  if (rest === '/tooling/query' || rest === '/tooling/query/') return query(org, url.searchParams.get('q') ?? '', 'tooling');
  if (/^\/tooling\/executeAnonymous\/?$/.test(rest) && request.method === 'GET') {
    return { ...toolingExecuteAnonymous(state, org, url), operation: 'executeAnonymous' };
  }
  if (rest.startsWith('/tooling/')) return notFound('tooling');
  if (rest.startsWith('/metadata/deployRequest')) return handleDeployRequest(state, org, request, version, rest);
  if (rest === '/limits' || rest === '/limits/') {
    return { status: 200, operation: 'limits', body: { DailyApiRequests: { Max: 15_000, Remaining: 14_999 } } };
  }
  return notFound('rest');
}

export function handleRest(
  state: EmulatorState,
  org: EmulatedOrg,
  method: string,
  url: URL,
  body: Buffer,
  contentType: string
): RestAnswer {
  const path = url.pathname;
  if (path === '/services/oauth2/userinfo') return userInfo(org);
  if (path === '/services/oauth2/revoke') return { status: 200, operation: 'revoke', body: {} };
  if (path === '/services/data' || path === '/services/data/') {
    return { status: 200, operation: 'versions', body: API_VERSIONS.map((v) => ({ version: v, url: `/services/data/v${v}`, label: `Emulated ${v}` })) };
  }
  const match = VERSIONED.exec(path);
  if (!match) return notFound('rest');
  return handleVersioned(state, org, { method, url, body, contentType }, match[1], match[2] ?? '');
}
