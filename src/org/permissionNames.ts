/*
 * The user permissions an org knows: the PermissionSet sObject has one `Permissions<Name>` field per
 * user permission the org's features and licenses provide. One REST describe per org.
 */
import { OrgHandle } from './connect.js';
import { InvalidSessionError } from './errors.js';
import { IDEMPOTENT_POLICY, withRetries } from './retry.js';
import { OrgOperationOptions } from './types.js';

type Describe = { fields?: Array<{ name?: string }> };

/** Names such as `ViewSetup`; undefined when the org does not say (then nothing counts as unknown). */
export async function describeUserPermissions(handle: OrgHandle, options: OrgOperationOptions = {}): Promise<Set<string> | undefined> {
  const connection = handle.connection(options.apiVersion);
  let described: Describe;
  try {
    described = await withRetries(
      { org: handle.identity.name, operation: 'describe PermissionSet', policy: IDEMPOTENT_POLICY, requestTimeoutMs: options.requestTimeoutMs },
      () => connection.request<Describe>(`/services/data/v${connection.getApiVersion()}/sobjects/PermissionSet/describe`)
    );
  } catch (error) {
    // an expired login must still stop the target; anything else only costs the prediction
    if (error instanceof InvalidSessionError) throw error;
    return undefined;
  }
  const names = (described.fields ?? [])
    .map((field) => field.name ?? '')
    .filter((name) => name.startsWith('Permissions') && name.length > 'Permissions'.length)
    .map((name) => name.slice('Permissions'.length));
  return names.length > 0 ? new Set(names) : undefined;
}
