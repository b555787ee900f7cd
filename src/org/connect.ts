/*
 * Orgs from the sf auth store: by alias or username, or the config's target-org.
 */
import { ConfigAggregator, Connection, Org, OrgConfigProperties, StateAggregator } from '@salesforce/core';
import { unknownOrgError } from './errors.js';
import { abortHungRequests } from './retry.js';
import { OrgIdentity } from './types.js';

/** An org the user is logged in to. The connection stays inside src/org. */
export class OrgHandle {
  private readonly connections = new Map<string, Connection>();

  public constructor(public readonly identity: OrgIdentity, private readonly org: Org) {}

  /** A connection pinned to one API version, so that reference and targets speak the same version. */
  public connection(apiVersion?: string): Connection {
    const version = apiVersion ?? this.identity.maxApiVersion;
    let connection = this.connections.get(version);
    if (!connection) {
      connection = this.org.getConnection(version);
      abortHungRequests(connection);
      this.connections.set(version, connection);
    }
    return connection;
  }
}

export async function resolveOrg(aliasOrUsername: string): Promise<OrgHandle> {
  const stateAggregator = await StateAggregator.getInstance();
  const username = stateAggregator.aliases.resolveUsername(aliasOrUsername);
  let org: Org;
  try {
    org = await Org.create({ aliasOrUsername: username });
  } catch (error) {
    if (error instanceof Error && /NamedOrgNotFound|NoAuthInfoFound|AuthInfoCreationError|No authorization information/i.test(`${error.name} ${error.message}`)) {
      throw unknownOrgError(aliasOrUsername, ((error as { actions?: string[] }).actions ?? []).filter((action) => /did you mean/i.test(action)));
    }
    throw error;
  }
  const fields = org.getConnection().getAuthInfoFields();
  const alias = stateAggregator.aliases.get(username) ?? undefined;
  return new OrgHandle(
    {
      name: aliasOrUsername,
      alias: alias ?? (aliasOrUsername !== username ? aliasOrUsername : undefined),
      username,
      orgId: fields.orgId ?? org.getOrgId(),
      instanceUrl: fields.instanceUrl ?? org.getConnection().instanceUrl,
      maxApiVersion: org.getConnection().getApiVersion(),
    },
    org
  );
}

/** The `target-org` from sf config (local project config first, then global), if set. */
export async function defaultTargetOrg(): Promise<string | undefined> {
  const config = await ConfigAggregator.create();
  const value = config.getPropertyValue<string>(OrgConfigProperties.TARGET_ORG);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
