/*
 * The project's own types for what crosses the org seam: commands and the planner never see SDR
 * or jsforce types.
 */

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

export type TestLevel = 'NoTestRun' | 'RunSpecifiedTests' | 'RunLocalTests' | 'RunAllTestsInOrg';

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
};
