/*
 * The admin API's side of anonymous Apex: the fields of an `apexCompileError` / `apexException`
 * fault, and the bodies an org received.
 */
import { apexRuns } from './apex.js';
import type { EmulatorState } from './state.js';

/** `line`, `column` (whole numbers of at least 1) and `message` of an Apex fault, or what is wrong with them. */
export function apexFaultFields(request: Record<string, unknown>): { line?: number; column?: number; message?: string } | string {
  const fields: { line?: number; column?: number; message?: string } = {};
  for (const name of ['line', 'column'] as const) {
    if (request[name] === undefined) continue;
    const value = Number(request[name]);
    if (!Number.isInteger(value) || value < 1) return `${name} must be a whole number of at least 1`;
    fields[name] = value;
  }
  if (request.message !== undefined) fields.message = String(request.message);
  return fields;
}

/**
 * `GET /__emulator/orgs/<alias>/apex` (the bodies received) and `DELETE /__emulator/faults?org=<alias>`
 * (disarm an org's faults); undefined for any other request.
 */
export function handleApexAdmin(state: EmulatorState, method: string, path: string, url: URL): { status: number; body: unknown } | undefined {
  const unknown = (alias: string): { status: number; body: unknown } => ({ status: 404, body: { error: `unknown org ${alias}; known: ${[...state.orgs.keys()].join(', ')}` } });
  if (path === '/__emulator/faults' && method === 'DELETE') {
    const alias = url.searchParams.get('org') ?? '';
    return state.orgs.has(alias) ? { status: 200, body: { org: alias, cleared: state.clearFaults(alias) } } : unknown(alias);
  }
  const route = /^\/__emulator\/orgs\/([^/]+)\/apex$/.exec(path);
  if (!route || method !== 'GET') return undefined;
  const org = state.orgs.get(decodeURIComponent(route[1]));
  return org ? { status: 200, body: apexRuns(org) } : unknown(route[1]);
}
