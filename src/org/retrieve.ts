/*
 * Retrieves components from an org into memory through SDR, polling on our own schedule.
 */
import { tmpdir } from 'node:os';
import { ComponentSet, MetadataApiRetrieve } from '@salesforce/source-deploy-retrieve';
import { OrgHandle } from './connect.js';
import { badRetrieveZipError, retrieveFailedError, timeoutError } from './errors.js';
import { PackageError, componentsFromRetrieveZip } from './metadataPackage.js';
import { pollUntilDone } from './polling.js';
import { IDEMPOTENT_POLICY, withRetries } from './retry.js';
import { ComponentKey, OrgOperationOptions, RetrieveOutcome } from './types.js';

export const DEFAULT_WAIT_MS = 33 * 60_000;

const MISSING = /Entity of type '([^']+)' named '([^']+)' cannot be found/;

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export async function retrieveComponents(handle: OrgHandle, keys: ComponentKey[], options: OrgOperationOptions = {}): Promise<RetrieveOutcome> {
  const org = handle.identity.name;
  const connection = handle.connection(options.apiVersion);
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
    { waitMs: options.waitMs ?? DEFAULT_WAIT_MS, timeoutError: () => timeoutError('retrieve', org, options.waitMs ?? DEFAULT_WAIT_MS), onStatus: (current) => options.onStatus?.(String(current.status)) }
  );
  if (String(status.status) !== 'Succeeded' || !status.zipFile) {
    throw retrieveFailedError(org, String((status as { errorMessage?: string }).errorMessage ?? status.status));
  }
  const missing: RetrieveOutcome['missing'] = [];
  for (const message of asList(status.messages)) {
    const match = MISSING.exec(message.problem);
    if (match) missing.push({ type: match[1], fullName: match[2], problem: message.problem });
    else missing.push({ type: '', fullName: message.fileName, problem: message.problem });
  }
  try {
    const retrieved = await componentsFromRetrieveZip(Buffer.from(status.zipFile, 'base64'), keys);
    return { org: handle.identity, components: retrieved, missing, jobId: started.id, statusChecks };
  } catch (error) {
    if (error instanceof PackageError) throw badRetrieveZipError(org, error.message);
    throw error;
  }
}
