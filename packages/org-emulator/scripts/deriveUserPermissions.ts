/*
 * Derives data/user-permissions.json: the user permissions a real org knows, per API version, from
 * the `PermissionSet` sObject of Salesforce's Tooling API WSDL (each user permission is a boolean
 * field `Permissions<Name>` there; the Metadata API WSDL types them as plain strings, and the partner
 * WSDL is generic). Source: a clone of github.com/forcedotcom/wsdl (BSD-3-Clause), one commit per
 * API version, file resources/tooling.wsdl (see data/NOTICE-user-permissions.md).
 *
 *   npx tsx packages/org-emulator/scripts/deriveUserPermissions.ts /path/to/forcedotcom-wsdl-clone
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WSDL_COMMITS, git } from './wsdlHistory.js';

/** The versions whose tooling.wsdl the history holds (none after 61.0: later versions use 61.0's set). */
const COMMITS = WSDL_COMMITS.filter(([version]) => Number(version) <= 61);

/** The `Permissions<Name>` fields of the PermissionSet sObject (the `ens:sObject` extension, not the metadata type). */
export function permissionsOf(wsdl: string): string[] {
  const start = wsdl.search(/<xsd:complexType name="PermissionSet">\s*<xsd:complexContent>\s*<xsd:extension base="ens:sObject">/);
  if (start === -1) throw new Error('no PermissionSet sObject in this WSDL');
  const end = wsdl.indexOf('</xsd:complexType>', start);
  const names = [...wsdl.slice(start, end).matchAll(/<xsd:element name="Permissions([A-Za-z0-9]+)"/g)].map((m) => m[1]);
  return [...new Set(names)].sort();
}

function main(repo: string): void {
  const versions = COMMITS.map(([version, short]) => {
    const commit = git(repo, 'rev-parse', short).trim();
    const wsdl = git(repo, 'show', `${commit}:resources/tooling.wsdl`);
    const header = /Tooling API version ([0-9.]+)/i.exec(wsdl)?.[1];
    if (header !== version) throw new Error(`${short}: resources/tooling.wsdl is version ${header ?? '?'}, expected ${version}`);
    return { version, commit, permissions: new Set(permissionsOf(wsdl)) };
  });
  const all = new Set(versions.flatMap((v) => [...v.permissions]));
  // name -> its ranges of versions, "since-until" (until: the first version without it; none: still there), space-separated
  const permissions: Record<string, string> = {};
  for (const name of [...all].sort()) {
    const ranges: string[] = [];
    let since: string | undefined;
    versions.forEach((v, i) => {
      const has = v.permissions.has(name);
      if (has && since === undefined) since = v.version;
      if (!has && since !== undefined) {
        ranges.push(`${since}-${v.version}`);
        since = undefined;
      }
      if (has && i === versions.length - 1) ranges.push(`${since!}-`);
    });
    permissions[name] = ranges.join(' ');
  }
  const data = {
    source: 'github.com/forcedotcom/wsdl, resources/tooling.wsdl, complexType PermissionSet (sObject), fields Permissions<Name>; BSD-3-Clause, see NOTICE-user-permissions.md',
    versions: versions.map((v) => ({ version: v.version, commit: v.commit, count: v.permissions.size })),
    permissions,
  };
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'user-permissions.json');
  writeFileSync(out, `${JSON.stringify(data, null, 1)}\n`);
  process.stdout.write(`${out}: ${all.size} permissions, ${versions.map((v) => `${v.version} ${v.permissions.size}`).join(', ')}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repo = process.argv[2];
  if (!repo) {
    process.stderr.write('usage: deriveUserPermissions.ts <clone of github.com/forcedotcom/wsdl>\n');
    process.exitCode = 1;
  } else main(repo);
}
