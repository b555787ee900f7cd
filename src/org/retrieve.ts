/*
 * Retrieves components from an org into memory through SDR, polling on our own schedule, in chunks
 * under the org's retrieve limits (chunks.ts).
 */
import { tmpdir } from 'node:os';
import { OrgHandle } from './connect.js';
import { badRetrieveZipError, retrieveFailedError, timeoutError } from './errors.js';
import { DEFAULT_MAX_RETRIEVE_FILES, combineChunkComponents, planChunks } from './chunks.js';
import { PackageError, componentsFromRetrieveZip } from './metadataPackage.js';
import { pollUntilDone } from './polling.js';
import { sdr } from './sdr.js';
import { IDEMPOTENT_POLICY, withRetries } from './retry.js';
import { ComponentKey, DEFAULT_WAIT_MS, OrgOperationOptions, RetrieveOutcome } from './types.js';

const MISSING = /Entity of type '([^']+)' named '([^']+)' cannot be found/;

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const FILE_LIMIT = /Too many files in retrieve call, limit is: (\d+)/;

/** The org refused a retrieve as over one of its limits; the request is split further. */
class RetrieveLimitExceeded extends Error {}

function maxFilesFromEnvironment(): number {
  const raw = Number(process.env.SF_POSTDEPLOY_MAX_RETRIEVE_FILES);
  return Number.isInteger(raw) && raw > 0 ? raw : DEFAULT_MAX_RETRIEVE_FILES;
}

/**
 * Retrieves the components in as many requests as the org's limits need, one after another (one
 * metadata job per org at a time). An org that refuses a chunk as too big teaches the limit: the
 * file limit it names, else half the chunk size, and the request is split again.
 */
export async function retrieveComponents(handle: OrgHandle, keys: ComponentKey[], options: OrgOperationOptions = {}): Promise<RetrieveOutcome> {
  let maxFiles = options.maxRetrieveFiles ?? maxFilesFromEnvironment();
  for (;;) {
    const chunks = planChunks(keys, maxFiles, options.apiVersion);
    const outcomes: RetrieveOutcome[] = [];
    try {
      for (const [index, chunk] of chunks.entries()) {
        options.signal?.throwIfAborted();
        if (chunks.length > 1) options.onChunk?.(index + 1, chunks.length);
        // eslint-disable-next-line no-await-in-loop
        outcomes.push(await retrieveOnce(handle, chunk, options));
      }
    } catch (error) {
      if (!(error instanceof RetrieveLimitExceeded)) throw error;
      const named = Number(FILE_LIMIT.exec(error.message)?.[1]);
      const next = Number.isInteger(named) && named < maxFiles ? named : Math.floor(maxFiles / 2);
      if (next < 1 || chunks.every((chunk) => chunk.length <= 1)) throw retrieveFailedError(handle.identity.name, error.message);
      maxFiles = next;
      continue;
    }
    const missing = new Map(outcomes.flatMap((o) => o.missing).map((m) => [`${m.type}:${m.fullName}:${m.problem}`, m]));
    return {
      org: handle.identity,
      components: combineChunkComponents(outcomes.map((o) => o.components)),
      missing: [...missing.values()],
      jobId: outcomes.map((o) => o.jobId).join(','),
      statusChecks: outcomes.reduce((sum, o) => sum + o.statusChecks, 0),
      chunks: chunks.length,
    };
  }
}

async function retrieveOnce(handle: OrgHandle, keys: ComponentKey[], options: OrgOperationOptions): Promise<RetrieveOutcome> {
  const org = handle.identity.name;
  const connection = handle.connection(options.apiVersion);
  const { ComponentSet, MetadataApiRetrieve } = sdr();
  const components = new ComponentSet(keys.map((key) => ({ type: key.type, fullName: key.fullName })));
  components.apiVersion = connection.getApiVersion();
  components.sourceApiVersion = connection.getApiVersion();
  // format metadata with no unzip: SDR writes nothing, the zip stays in the status answer
  const operation = new MetadataApiRetrieve({ usernameOrConnection: connection, components, output: tmpdir(), format: 'metadata', unzip: false });
  const context = { org, policy: IDEMPOTENT_POLICY, requestTimeoutMs: options.requestTimeoutMs };
  const started = await withRetries({ ...context, operation: 'retrieve' }, () => operation.start());
  const { status, checks: statusChecks } = await pollUntilDone(
    () => withRetries({ ...context, operation: 'retrieve status check' }, () => operation.checkStatus()),
    (current) => Boolean(current.done),
    {
      waitMs: options.waitMs ?? DEFAULT_WAIT_MS,
      timeoutError: () => timeoutError('retrieve', org, options.waitMs ?? DEFAULT_WAIT_MS),
      onStatus: (current) => options.onStatus?.(String(current.status)),
      signal: options.signal,
    }
  );
  if (String(status.status) !== 'Succeeded' || !status.zipFile) {
    const failure = status as { errorMessage?: string; errorStatusCode?: string };
    const detail = String(failure.errorMessage ?? status.status);
    if (`${failure.errorStatusCode ?? ''} ${detail}`.includes('LIMIT_EXCEEDED')) throw new RetrieveLimitExceeded(detail);
    throw retrieveFailedError(org, detail);
  }
  const missing: RetrieveOutcome['missing'] = [];
  for (const message of asList(status.messages)) {
    const match = MISSING.exec(message.problem);
    if (match) missing.push({ type: match[1], fullName: match[2], problem: message.problem });
    else missing.push({ type: '', fullName: message.fileName, problem: message.problem });
  }
  try {
    // components retrieved only for their effect on others (a profile's scope) are not read out of the zip
    const read = options.keep ? keys.filter(options.keep) : keys;
    const retrieved = await componentsFromRetrieveZip(Buffer.from(status.zipFile, 'base64'), read, options.reads);
    return { org: handle.identity, components: retrieved, missing, jobId: started.id, statusChecks, chunks: 1 };
  } catch (error) {
    if (error instanceof PackageError) throw badRetrieveZipError(org, error.message);
    throw error;
  }
}
