/*
 * The admin API's side of anonymous Apex: the fields of an `apexCompileError` / `apexException`
 * fault, and the bodies an org received.
 */
export { apexRuns } from './apex.js';

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
