/*
 * What an org has of some metadata types (listMetadata through SDR), to expand wildcards into
 * named members before anything is retrieved.
 */
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { OrgHandle } from './connect.js';
import { IDEMPOTENT_POLICY, withRetries } from './retry.js';
import { ComponentKey, OrgOperationOptions } from './types.js';

export async function listMembers(handle: OrgHandle, types: string[], options: OrgOperationOptions = {}): Promise<ComponentKey[]> {
  if (types.length === 0) return [];
  const connection = handle.connection(options.apiVersion);
  const set = await withRetries(
    { org: handle.identity.name, operation: 'listMetadata', policy: IDEMPOTENT_POLICY, requestTimeoutMs: options.requestTimeoutMs },
    () => ComponentSet.fromConnection({ usernameOrConnection: connection, metadataTypes: types })
  );
  const wanted = new Set(types);
  const members = new Map<string, ComponentKey>();
  for (const component of set) {
    const type = component.type.name;
    if (!wanted.has(type)) continue;
    members.set(`${type}:${component.fullName}`, { type, fullName: component.fullName });
  }
  return [...members.values()].sort((a, b) => (a.type === b.type ? a.fullName.localeCompare(b.fullName) : a.type.localeCompare(b.type)));
}
