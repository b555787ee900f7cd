/*
 * The packages installed in an org, from the Tooling API's InstalledSubscriberPackage with the
 * fields `sf package installed list` selects (@salesforce/packaging): namespace, name, version.
 * One query per org.
 */
import { OrgHandle } from './connect.js';
import { InvalidSessionError } from './errors.js';
import { IDEMPOTENT_POLICY, withRetries } from './retry.js';
import { OrgOperationOptions } from './types.js';

export type OrgPackage = { namespace?: string; name: string; version: string };

type Row = {
  SubscriberPackage?: { NamespacePrefix?: string | null; Name?: string | null } | null;
  SubscriberPackageVersion?: { MajorVersion?: number; MinorVersion?: number; PatchVersion?: number; BuildNumber?: number } | null;
};

const QUERY =
  'SELECT SubscriberPackage.NamespacePrefix, SubscriberPackage.Name, SubscriberPackageVersion.MajorVersion, SubscriberPackageVersion.MinorVersion, ' +
  'SubscriberPackageVersion.PatchVersion, SubscriberPackageVersion.BuildNumber FROM InstalledSubscriberPackage ORDER BY SubscriberPackageId';

/** `major.minor.patch.build`, as Setup's Installed Packages page shows a version number. */
function versionOf(row: Row): string {
  const v = row.SubscriberPackageVersion ?? {};
  return [v.MajorVersion, v.MinorVersion, v.PatchVersion, v.BuildNumber].map((part) => String(part ?? 0)).join('.');
}

/** Sorted by namespace then name; undefined when the org does not say (the plan then records none). */
export async function listInstalledPackages(handle: OrgHandle, options: OrgOperationOptions = {}): Promise<OrgPackage[] | undefined> {
  const connection = handle.connection(options.apiVersion);
  let rows: Row[];
  try {
    const result = await withRetries(
      { org: handle.identity.name, operation: 'query InstalledSubscriberPackage', policy: IDEMPOTENT_POLICY, requestTimeoutMs: options.requestTimeoutMs },
      async () => connection.tooling.query<Row>(QUERY, { autoFetch: true })
    );
    rows = result.records;
  } catch (error) {
    // an expired login must still stop the target; anything else only costs the package list
    if (error instanceof InvalidSessionError) throw error;
    return undefined;
  }
  return rows
    .map((row) => ({
      ...(row.SubscriberPackage?.NamespacePrefix ? { namespace: row.SubscriberPackage.NamespacePrefix } : {}),
      name: row.SubscriberPackage?.Name ?? row.SubscriberPackage?.NamespacePrefix ?? '(unnamed package)',
      version: versionOf(row),
    }))
    .sort((a, b) => (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name));
}
