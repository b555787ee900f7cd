/*
 * The project's own types for what crosses the org seam: commands and the planner never see SDR
 * or jsforce types.
 */
import type { ZipReads } from './zipReads.js';

/** Which org a result belongs to. Never holds a token. */
export type OrgIdentity = {
  /** the alias or username the user named the org by */
  name: string;
  alias?: string;
  username: string;
  orgId: string;
  instanceUrl: string;
  /** the highest API version the org supports */
  maxApiVersion: string;
};

export type ComponentKey = { type: string; fullName: string };

/**
 * One component in metadata format as a standalone document: `<Layout xmlns=...>`,
 * or for a child type `<ListView xmlns=...>` with fullName `Account.All`.
 */
export type MetadataComponent = ComponentKey & {
  xml: string;
  /** non-XML files of content types (an Apex class body), by path relative to the package root */
  files?: Record<string, Buffer>;
};

export type RetrieveOutcome = {
  org: OrgIdentity;
  components: MetadataComponent[];
  /** members the org does not have, with the org's words */
  missing: Array<ComponentKey & { problem: string }>;
  jobId: string;
  statusChecks: number;
  /** how many retrieve requests the org's limits took */
  chunks?: number;
};

/** A member as listMetadata names it, with the package it belongs to. */
export type ListedMember = ComponentKey & {
  /** the namespace prefix of the installed package the member belongs to */
  namespace?: string;
  /** installed from a managed package: only the package changes what the subscriber may not edit */
  managed?: boolean;
};

/** How long a metadata job (retrieve, deploy) may run before it is given up on: `--wait`'s default. */
export const DEFAULT_WAIT_MINUTES = 33;
export const DEFAULT_WAIT_MS = DEFAULT_WAIT_MINUTES * 60_000;

export const testLevels = ['NoTestRun', 'RunSpecifiedTests', 'RunLocalTests', 'RunAllTestsInOrg'] as const;
export type TestLevel = (typeof testLevels)[number];

export type DeployRequest = {
  components: MetadataComponent[];
  /** deleted after the components are deployed (destructiveChangesPost) */
  destructive?: ComponentKey[];
  checkOnly?: boolean;
  testLevel?: TestLevel;
  runTests?: string[];
};

export type ComponentFailure = ComponentKey & { problem: string; fileName?: string; lineNumber?: number };

export type DeployOutcome = {
  org: OrgIdentity;
  jobId: string;
  status: 'Succeeded' | 'SucceededPartial' | 'Failed' | 'Canceled';
  success: boolean;
  checkOnly: boolean;
  deployed: Array<ComponentKey & { created: boolean; changed: boolean; deleted: boolean }>;
  failures: ComponentFailure[];
  errorMessage?: string;
  statusChecks: number;
};

export type OrgOperationOptions = {
  /** one API version for every org of a run; default: the connection's */
  apiVersion?: string;
  /** how long a retrieve or deploy may take in the org, in milliseconds */
  waitMs?: number;
  /** how long one HTTP request may take before it counts as hung, in milliseconds */
  requestTimeoutMs?: number;
  /** called after each status check, e.g. for progress */
  onStatus?: (status: string) => void;
  /** files per retrieve request (default 8,000: below the real 10,000; SF_POSTDEPLOY_MAX_RETRIEVE_FILES) */
  maxRetrieveFiles?: number;
  /** which of the retrieved components to read out of the zip (default all): the rest only shape the others */
  keep?: (key: ComponentKey) => boolean;
  /** called when a retrieve split into chunks starts its chunk `index` of `total` */
  onChunk?: (index: number, total: number) => void;
  /** stops a retrieve before its next request or status check (the job itself runs on in the org) */
  signal?: AbortSignal;
  /** shared by the retrieves of one command: files read already in another org's zip are not checked or split again */
  reads?: ZipReads;
};

/** One component's key, as maps and sets of components use it: `Layout:Account-Account Layout`. */
export function keyOf(component: ComponentKey): string {
  return `${component.type}:${component.fullName}`;
}

/** A component's non-XML files as JSON holds them (plan file, snapshot): base64 by package path. */
export function filesToBase64(files: Record<string, Buffer>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, content]) => [path, content.toString('base64')]));
}

export function filesFromBase64(files: Record<string, string>): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(files).map(([path, base64]) => [path, Buffer.from(base64, 'base64')]));
}
