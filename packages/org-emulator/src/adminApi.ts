/*
 * The emulator's own API (`/__emulator/...`) that tests, the demo and benchmarks script against:
 * inspect and edit an org's metadata as an admin would, read request counts, inject faults.
 */
import { apexFaultFields, handleApexAdmin } from './apexAdmin.js';
import { EmulatedOrg, StoredComponent } from './org.js';
import { childTypeInfo, typeInfo } from './registry.js';
import { assembleParent, childrenOf, deleteComponent, splitParent } from './semantics.js';
import { EmulatorState, FAULT_KINDS, FaultKind } from './state.js';
import { inSchemaOrder } from './schema.js';
import { parseMetadataXml, serializeMetadataXml } from './xml.js';
import { kindLabel } from './orgKind.js';

export type AdminAnswer = { status: number; contentType: string; body: string };

function json(status: number, body: unknown): AdminAnswer {
  return { status, contentType: 'application/json', body: JSON.stringify(body) };
}

function error(status: number, message: string): AdminAnswer {
  return json(status, { error: message });
}

/** A component as one standalone metadata-format document (a parent with all its children). */
export function componentXml(org: EmulatedOrg, type: string, fullName: string): string | undefined {
  const stored = org.get(type, fullName);
  if (!stored) return undefined;
  const info = typeInfo(type);
  const body = info && info.children.length > 0 ? assembleParent(stored, type, fullName, childrenOf(org.store, type, fullName)) : stored.body;
  return serializeMetadataXml(type, inSchemaOrder(type, body));
}

/** Sets a component exactly as given; a parent's children become the ones in the document. */
export function setComponent(org: EmulatedOrg, type: string, fullName: string, xml: string): void {
  const { rootTag, body } = parseMetadataXml(xml);
  if (rootTag !== type) throw new Error(`the document's root element is ${rootTag}, expected ${type}`);
  const component: StoredComponent = { type, fullName, body, lastModified: new Date().toISOString(), files: org.get(type, fullName)?.files };
  const info = typeInfo(type);
  if (info && info.children.length > 0) {
    deleteComponent(org.store, type, fullName);
    const { parent, children } = splitParent(component);
    org.put(parent);
    for (const child of children) org.put(child);
  } else {
    org.put(component);
  }
  // an admin edit is done in Setup: the permissions it names are ones the org knows
}

function knownType(type: string): boolean {
  return typeInfo(type) !== undefined || childTypeInfo(type) !== undefined;
}

function componentRoute(org: EmulatedOrg, method: string, url: URL, body: Buffer): AdminAnswer {
  const type = url.searchParams.get('type') ?? '';
  const fullName = url.searchParams.get('fullName') ?? '';
  if (!type || !fullName) return error(400, 'give both ?type=<MetadataType>&fullName=<name>');
  if (!knownType(type)) return error(400, `unknown metadata type ${type}`);
  if (method === 'GET') {
    const xml = componentXml(org, type, fullName);
    return xml ? { status: 200, contentType: 'application/xml', body: xml } : error(404, `no ${type} named ${fullName} in org ${org.alias}`);
  }
  if (method === 'PUT') {
    try {
      setComponent(org, type, fullName, body.toString('utf8'));
    } catch (cause) {
      return error(400, `cannot set ${type} ${fullName}: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
    return json(200, { type, fullName, saved: true });
  }
  if (method === 'DELETE') {
    return deleteComponent(org.store, type, fullName) ? json(200, { type, fullName, deleted: true }) : error(404, `no ${type} named ${fullName} in org ${org.alias}`);
  }
  return error(405, `${method} is not allowed here`);
}

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(body.toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function addFault(state: EmulatorState, body: Buffer): AdminAnswer {
  const request = parseJson(body);
  if (!request) return error(400, 'send a JSON object: {"org", "fault", "count", "component", "operation"}');
  const alias = String(request.org ?? '');
  if (!state.orgs.has(alias)) return error(404, `unknown org ${alias}; known: ${[...state.orgs.keys()].join(', ')}`);
  const fault = String(request.fault ?? '') as FaultKind;
  if (!FAULT_KINDS.includes(fault)) return error(400, `unknown fault ${fault}; use one of ${FAULT_KINDS.join(', ')}`);
  const count = request.count === undefined ? 1 : Number(request.count);
  if (!Number.isInteger(count) || count < 1) return error(400, 'count must be a whole number of at least 1');
  const component = request.component === undefined ? undefined : String(request.component);
  if ((fault === 'failComponent' || fault === 'malformedComponent') && !component?.includes(':')) return error(400, `${fault} needs "component": "Type:Name"`);
  if (fault === 'failTest' && !component?.startsWith('ApexClass:')) return error(400, 'failTest needs "component": "ApexClass:<test class name>"');
  const operation = request.operation === undefined ? undefined : String(request.operation);
  const apex = apexFaultFields(request);
  if (typeof apex === 'string') return error(400, apex);
  state.addFault(alias, { fault, remaining: count, component, operation, ...apex });
  return json(200, { org: alias, fault, count, component, operation, ...apex });
}

export function handleAdmin(state: EmulatorState, method: string, url: URL, body: Buffer): AdminAnswer {
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '/__emulator/stats' && method === 'GET') return json(200, state.statsSnapshot());
  if (path === '/__emulator/first-request' && method === 'GET') return json(200, { at: state.firstRequestAt ?? null });
  if (path === '/__emulator/faults' && method === 'POST') return addFault(state, body);
  const apex = handleApexAdmin(state, method, path, url);
  if (apex) return json(apex.status, apex.body);
  if (path === '/__emulator/reset' && method === 'POST') {
    state.reset();
    return json(200, { reset: true });
  }
  if (path === '/__emulator/orgs' && method === 'GET') {
    return json(200, Object.fromEntries([...state.orgs.values()].map((org) => [org.alias, { username: org.username, orgId: org.orgId, kind: kindLabel(org.kind) }])));
  }
  const orgRoute = /^\/__emulator\/orgs\/([^/]+)\/(components|component)$/.exec(path);
  if (orgRoute) {
    const alias = decodeURIComponent(orgRoute[1]);
    const org = state.orgs.get(alias);
    if (!org) return error(404, `unknown org ${alias}; known: ${[...state.orgs.keys()].join(', ')}`);
    if (orgRoute[2] === 'components') {
      if (method !== 'GET') return error(405, `${method} is not allowed here`);
      const type = url.searchParams.get('type');
      if (!type) return error(400, 'give ?type=<MetadataType>');
      return json(200, org.list(type).map((c) => c.fullName).sort());
    }
    return componentRoute(org, method, url, body);
  }
  return error(404, `no emulator endpoint ${method} ${path}`);
}
