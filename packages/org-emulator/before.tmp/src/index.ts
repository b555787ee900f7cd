/*
 * Programmatic entry to the org emulator (`@sf-postdeploy/org-emulator`): start it with orgs seeded
 * from folders, log them into the sf auth store of the current HOME, stop it. Also the pieces a test
 * needs to seed an org by hand or read the metadata XML the admin API returns.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AuthInfo, StateAggregator } from '@salesforce/core';
import { EmulatedOrg } from './org.js';
import type { ParsedDocuments } from './packageZip.js';
import { ParsePool } from './parsePool.js';
import { SeedFolder, loadSeed, readSeedFolder } from './seed.js';
import { EmulatorServer, Tls } from './server.js';
import { EmulatorState } from './state.js';

export { EmulatorAdmin } from './adminClient.js';
export { EmulatedOrg } from './org.js';
export { EMULATOR_BIN, startEmulatorProcess } from './process.js';
export { childEnv, useIsolatedSfHome } from './sfHome.js';
export type { SfHome } from './sfHome.js';
export type { EmulatorProcess, EmulatorProcessInfo } from './process.js';
export { EmulatorServer } from './server.js';
export type { Tls } from './server.js';
export { EmulatorState } from './state.js';
export { detectFormat, seedOrg } from './seed.js';
export type { SeedFormat } from './seed.js';
export { METADATA_NS, children, parseMetadataXml, serializeMetadataXml, text } from './xml.js';
export type { XmlNode, XmlValue } from './xml.js';

export type EmulatorStartOptions = {
  /** one folder per org, named by the org's alias */
  orgsDir?: string;
  /** or: alias -> seed folder (undefined for an empty org) */
  orgs?: Record<string, string | undefined>;
  port?: number;
  jobMs?: number;
  latencyMs?: number;
  /** lower the retrieve limits (default 10,000 files, 39 MB zipped) */
  maxRetrieveFiles?: number;
  maxRetrieveZipBytes?: number;
  tls?: Tls;
  /** log the orgs into the sf auth store of the current HOME (default true) */
  login?: boolean;
  /** aliases logged in with a refresh token (through the OAuth token endpoint) instead of an access token */
  refreshTokenLogins?: string[];
};

export type EmulatedOrgInfo = { username: string; orgId: string; instanceUrl: string };

export type RunningEmulator = {
  url: string;
  orgs: Record<string, EmulatedOrgInfo>;
  server: EmulatorServer;
  state: EmulatorState;
  /** the session id of an org, for tests that must look for leaked tokens */
  accessToken(alias: string): string;
  stop(): Promise<void>;
};

async function orgFolders(orgsDir: string): Promise<Record<string, string>> {
  const entries = await readdir(orgsDir, { withFileTypes: true });
  return Object.fromEntries(entries.filter((e) => e.isDirectory()).map((e) => [e.name, join(orgsDir, e.name)]));
}

/** Saves an access-token auth for the org in the sf auth store and sets its alias, as `sf org login access-token` does. */
export async function loginOrg(org: EmulatedOrg, instanceUrl: string): Promise<void> {
  const authInfo = await AuthInfo.create({ accessTokenOptions: { accessToken: org.accessToken, instanceUrl, loginUrl: instanceUrl } });
  await authInfo.save();
  const stateAggregator = await StateAggregator.getInstance();
  await stateAggregator.aliases.setAndSave(org.alias, org.username);
}

/** Logs the org in with its refresh token, as `sf org login` does after a web login: the session can be renewed. */
export async function loginOrgWithRefreshToken(org: EmulatedOrg, instanceUrl: string): Promise<void> {
  const authInfo = await AuthInfo.create({ oauth2Options: { refreshToken: org.refreshToken, loginUrl: instanceUrl, clientId: 'PlatformCLI' } });
  await authInfo.save();
  const stateAggregator = await StateAggregator.getInstance();
  await stateAggregator.aliases.setAndSave(org.alias, org.username);
}

/** Folders read ahead of the one being loaded: their big documents are parsed side by side in worker threads. */
const SEED_READ_AHEAD = 4;

/**
 * Seeds the orgs in order: the first folder that cannot be seeded stops the start with its error.
 * Orgs seeded from copies of one folder share their identical files' parses.
 */
async function seedOrgs(state: EmulatorState, folders: Array<[alias: string, dir: string | undefined]>): Promise<void> {
  const reading = { parsed: new Map() as ParsedDocuments, pool: new ParsePool() };
  const reads = new Map<number, Promise<SeedFolder | undefined>>();
  const readAt = (index: number): Promise<SeedFolder | undefined> => {
    let read = reads.get(index);
    if (read === undefined) {
      const dir = folders[index][1];
      read = dir ? readSeedFolder(dir, reading) : Promise.resolve(undefined);
      // a later folder's error is thrown when its turn comes, if the start gets that far
      read.catch(() => undefined);
      reads.set(index, read);
    }
    return read;
  };
  try {
    for (const [index, [alias]] of folders.entries()) {
      for (let ahead = index; ahead < Math.min(folders.length, index + SEED_READ_AHEAD); ahead++) void readAt(ahead);
      const org = new EmulatedOrg(alias);
      // eslint-disable-next-line no-await-in-loop
      const folder = await readAt(index);
      if (folder) loadSeed(org, folder);
      state.addOrg(org);
    }
  } finally {
    await reading.pool.close();
  }
}

export async function startEmulator(options: EmulatorStartOptions): Promise<RunningEmulator> {
  const state = new EmulatorState({
    jobMs: options.jobMs ?? 0,
    // the start-up's own logins (a few requests per org) are not delayed: the latency is the clients'
    latencyMs: 0,
    maxRetrieveFiles: options.maxRetrieveFiles,
    maxRetrieveZipBytes: options.maxRetrieveZipBytes,
  });
  const folders: Record<string, string | undefined> = { ...(options.orgsDir ? await orgFolders(options.orgsDir) : {}), ...(options.orgs ?? {}) };
  await seedOrgs(state, Object.entries(folders));
  const server = new EmulatorServer(state, options.tls);
  const url = await server.listen(options.port ?? 0);
  if (options.login !== false) {
    // one at a time: each login rewrites the same auth store and alias files
    for (const org of state.orgs.values()) {
      const login = options.refreshTokenLogins?.includes(org.alias) ? loginOrgWithRefreshToken : loginOrg;
      // eslint-disable-next-line no-await-in-loop
      await login(org, url);
    }
  }
  state.options.latencyMs = options.latencyMs ?? 0;
  const orgs = Object.fromEntries([...state.orgs.values()].map((org) => [org.alias, { username: org.username, orgId: org.orgId, instanceUrl: url }]));
  return {
    url,
    orgs,
    server,
    state,
    accessToken: (alias): string => {
      const org = state.orgs.get(alias);
      if (!org) throw new Error(`unknown emulated org ${alias}`);
      return org.accessToken;
    },
    stop: () => server.close(),
  };
}
