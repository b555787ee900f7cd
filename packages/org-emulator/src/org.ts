/*
 * One emulated org: identity, session, and its metadata kept in memory in metadata format.
 * Child types (CustomField, ListView, RecordType, CustomLabel, ...) are stored as components of
 * their own, named `Parent.Child`, and are assembled into their parent's file on retrieve.
 */
import { randomBytes } from 'node:crypto';
import { PackageRegistry, emptyPackages } from './managed.js';
import { DEFAULT_ORG_KIND, OrgKind } from './orgKind.js';
import { XmlNode } from './xml.js';

/** Org-level facts fixed when the org is seeded. */
export type OrgFacts = {
  /** user permission names the org knows (undefined: the org was not seeded from profiles; nothing is unknown) */
  userPermissions?: Set<string>;
};

export type StoredComponent = {
  type: string;
  fullName: string;
  /** the content of the component's root element */
  body: XmlNode;
  /** non-XML files of the component (an Apex class body, a bundle's files), by path relative to the package root */
  files?: Record<string, Buffer>;
  lastModified: string;
};

export type ComponentStore = Map<string, Map<string, StoredComponent>>;

let orgCounter = 0;

function salesforceId(prefix: string, n: number): string {
  return `${prefix}${n.toString(36).toUpperCase().padStart(12, '0')}AAA`;
}

export class EmulatedOrg {
  public readonly orgId: string;
  public readonly userId: string;
  public readonly username: string;
  /** the newest session's token (the one the emulator logs clients in with) */
  public accessToken: string;
  /** for logins through the OAuth token endpoint (grant_type=refresh_token) */
  public readonly refreshToken: string;
  public store: ComponentStore = new Map();
  /** facts fixed when the org is seeded (refusals.ts) */
  public facts: OrgFacts = {};
  /** installed managed packages and their members (installed-packages.json) */
  public packages: PackageRegistry = emptyPackages();
  /** what kind of org this is (org.json): production, sandbox, scratch, Developer Edition; its features */
  public kind: OrgKind = { ...DEFAULT_ORG_KIND, features: [] };
  /** deploys run one at a time per org, as in Salesforce: the end time of the last queued deploy */
  public deployQueueFreeAt = 0;
  /** the deploys of this org, one after another (state.ts startDeploy) */
  public deployChain: Promise<void> = Promise.resolve();
  public lastDeployCompletedAt = 0;
  /** every token of a live session: a refresh-token grant adds one and ends none */
  private readonly sessions = new Set<string>();

  public constructor(public readonly alias: string, username?: string) {
    orgCounter += 1;
    this.orgId = salesforceId('00D', orgCounter);
    this.userId = salesforceId('005', orgCounter);
    this.username = username ?? `${alias.toLowerCase()}@emulator.test`;
    this.accessToken = this.newSession();
    this.refreshToken = `5Aep861${randomBytes(40).toString('base64url')}`;
  }


  public static newToken(orgId: string): string {
    return `${orgId.slice(0, 15)}!${randomBytes(30).toString('base64url')}`;
  }

  /** Every session ends (INVALID_SESSION_ID for the tokens clients hold); the org's next token is one no client has. */
  public expireSession(): void {
    this.sessions.clear();
    this.accessToken = this.newSession();
  }

  /** A session beside the live ones (a refresh-token grant): its token. */
  public newSession(): string {
    const token = EmulatedOrg.newToken(this.orgId);
    this.sessions.add(token);
    this.accessToken = token;
    return token;
  }

  public hasSession(token: string): boolean {
    return this.sessions.has(token);
  }

  public get(type: string, fullName: string): StoredComponent | undefined {
    return storeGet(this.store, type, fullName);
  }

  public list(type: string): StoredComponent[] {
    return storeList(this.store, type);
  }

  public types(): string[] {
    return [...this.store.keys()].filter((type) => (this.store.get(type)?.size ?? 0) > 0);
  }

  public put(component: StoredComponent): void {
    storePut(this.store, component);
  }

  public remove(type: string, fullName: string): boolean {
    return this.store.get(type)?.delete(fullName) ?? false;
  }

  public cloneStore(): ComponentStore {
    return structuredClone(this.store);
  }
}

export function storeGet(store: ComponentStore, type: string, fullName: string): StoredComponent | undefined {
  return store.get(type)?.get(fullName);
}

export function storePut(store: ComponentStore, component: StoredComponent): void {
  const byName = store.get(component.type) ?? new Map<string, StoredComponent>();
  byName.set(component.fullName, component);
  store.set(component.type, byName);
}

export function storeList(store: ComponentStore, type: string): StoredComponent[] {
  return [...(store.get(type)?.values() ?? [])];
}
