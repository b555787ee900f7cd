/*
 * The user permissions a real org knows (README "Real-org rules"): the `Permissions<Name>` fields
 * of the PermissionSet sObject in Salesforce's Tooling API WSDL, per API version
 * (data/user-permissions.json, derived by scripts/deriveUserPermissions.ts; data/NOTICE-user-permissions.md).
 * They do not depend on what the org's files name.
 */
import { readFileSync } from 'node:fs';

type PermissionData = { versions: Array<{ version: string }>; permissions: Record<string, string> };

let data: PermissionData | undefined;
const byVersion = new Map<string, ReadonlySet<string>>();

function load(): PermissionData {
  data ??= JSON.parse(readFileSync(new URL('../data/user-permissions.json', import.meta.url), 'utf8')) as PermissionData;
  return data;
}

/** The newest API version the data covers: later versions' WSDLs are not in the source, so an org knows what that one lists. */
export function newestPermissionVersion(): string {
  const { versions } = load();
  return versions[versions.length - 1].version;
}

function covered(version: string): string {
  const { versions } = load();
  const wanted = Number(version);
  if (!Number.isFinite(wanted) || wanted >= Number(newestPermissionVersion())) return newestPermissionVersion();
  return versions.find((v) => Number(v.version) >= wanted)?.version ?? versions[0].version;
}

function inRange(range: string, version: number): boolean {
  const [since, until] = range.split('-');
  return version >= Number(since) && (until === '' || version < Number(until));
}

/** The user permissions an org knows at an API version (below the oldest covered: the oldest; above the newest: the newest). */
export function knownUserPermissions(version: string = newestPermissionVersion()): ReadonlySet<string> {
  const at = covered(version);
  let known = byVersion.get(at);
  if (!known) {
    const number = Number(at);
    known = new Set(Object.entries(load().permissions).filter(([, ranges]) => ranges.split(' ').some((range) => inRange(range, number))).map(([name]) => name));
    byVersion.set(at, known);
  }
  return known;
}
