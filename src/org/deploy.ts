/*
 * Deploys components to an org through SDR as one all-or-nothing job (rollbackOnError), with
 * optional check-only validation and destructive changes. The deploy request is never resent
 * unless the org refused it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MetadataApiDeploy, MetadataApiDeployStatus } from '@salesforce/source-deploy-retrieve';
import { OrgHandle } from './connect.js';
import { timeoutError } from './errors.js';
import { buildDeployZip } from './metadataPackage.js';
import { pollUntilDone } from './polling.js';
import { sdr } from './sdr.js';
import { DEFAULT_WAIT_MS } from './retrieve.js';
import { DEPLOY_SUBMIT_POLICY, IDEMPOTENT_POLICY, withRetries } from './retry.js';
import { DeployOutcome, DeployRequest, OrgOperationOptions } from './types.js';

type Message = { componentType?: string; fullName: string; problem?: string; fileName?: string; lineNumber?: string | number; created?: string | boolean; changed?: string | boolean; deleted?: string | boolean; success?: string | boolean };

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

function outcomeFrom(handle: OrgHandle, status: MetadataApiDeployStatus, statusChecks: number): DeployOutcome {
  const details = (status.details ?? {}) as { componentSuccesses?: Message | Message[]; componentFailures?: Message | Message[] };
  const deployed = asList(details.componentSuccesses)
    .filter((m) => m.componentType && m.fullName !== 'package.xml')
    .map((m) => ({ type: m.componentType!, fullName: m.fullName, created: truthy(m.created), changed: truthy(m.changed), deleted: truthy(m.deleted) }));
  const failures = asList(details.componentFailures).map((m) => ({
    type: m.componentType ?? '',
    fullName: m.fullName,
    problem: m.problem ?? 'unknown problem',
    fileName: m.fileName,
    lineNumber: m.lineNumber === undefined ? undefined : Number(m.lineNumber),
  }));
  return {
    org: handle.identity,
    jobId: status.id,
    status: String(status.status) as DeployOutcome['status'],
    success: truthy(status.success),
    checkOnly: truthy(status.checkOnly),
    deployed,
    failures,
    errorMessage: (status as { errorMessage?: string }).errorMessage,
    statusChecks,
  };
}

export async function deployComponents(handle: OrgHandle, request: DeployRequest, options: OrgOperationOptions = {}): Promise<DeployOutcome> {
  const org = handle.identity.name;
  const connection = handle.connection(options.apiVersion);
  const zip = await buildDeployZip(request.components, request.destructive ?? [], connection.getApiVersion());
  // SDR takes a zip by path only: it lives in a private folder for the moment of the request
  const dir = await mkdtemp(join(tmpdir(), 'sf-postdeploy-deploy-'));
  const zipPath = join(dir, 'deploy.zip');
  let operation: MetadataApiDeploy;
  let jobId: string;
  try {
    await writeFile(zipPath, zip, { mode: 0o600 });
    operation = new (sdr().MetadataApiDeploy)({
      usernameOrConnection: connection,
      zipPath,
      apiOptions: {
        checkOnly: request.checkOnly ?? false,
        rollbackOnError: true,
        singlePackage: true,
        ignoreWarnings: false,
        testLevel: request.testLevel ?? 'NoTestRun',
        ...(request.runTests?.length ? { runTests: request.runTests } : {}),
      },
    });
    const started = await withRetries(
      { org, operation: 'deploy', policy: DEPLOY_SUBMIT_POLICY, requestTimeoutMs: options.requestTimeoutMs, isDeploySubmit: true },
      () => operation.start()
    );
    jobId = started.id;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const { status, checks } = await pollUntilDone(
    () =>
      withRetries({ org, operation: 'deploy status check', policy: IDEMPOTENT_POLICY, requestTimeoutMs: options.requestTimeoutMs }, () =>
        operation.checkStatus()
      ),
    (current) => truthy(current.done),
    { waitMs, timeoutError: () => timeoutError(`deploy ${jobId}`, org, waitMs), onStatus: (current) => options.onStatus?.(String(current.status)) }
  );
  return outcomeFrom(handle, status, checks);
}
