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
import { describeError, shortError, testLevelRefusedError, timeoutError } from './errors.js';
import { buildDeployZip } from './metadataPackage.js';
import { pollUntilDone } from './polling.js';
import { sdr } from './sdr.js';
import { DEPLOY_SUBMIT_POLICY, IDEMPOTENT_POLICY, withRetries } from './retry.js';
import { DEFAULT_WAIT_MS, DeployOutcome, DeployRequest, OrgOperationOptions } from './types.js';

type Message = { componentType?: string; fullName: string; problem?: string; fileName?: string; lineNumber?: string | number; created?: string | boolean; changed?: string | boolean; deleted?: string | boolean; success?: string | boolean };

function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true';
}

type TestFailure = { name?: string; methodName?: string; message?: string; namespace?: string | null };
type CoverageWarning = { name?: string | null; message?: string };
type RunTestResult = { failures?: TestFailure | TestFailure[]; codeCoverageWarnings?: CoverageWarning | CoverageWarning[] };

/** Failed Apex tests and the coverage the org requires, as failures of the deploy: the org rolls it all back for them. */
function testFailures(result: RunTestResult | undefined): DeployOutcome['failures'] {
  const failed = asList(result?.failures).map((f) => ({
    type: 'ApexClass',
    fullName: f.methodName ? `${f.name ?? ''}.${f.methodName}` : f.name ?? '',
    problem: `Apex test failed: ${f.message ?? 'no message'}`,
  }));
  const coverage = asList(result?.codeCoverageWarnings).map((w) => ({ type: 'ApexClass', fullName: w.name ?? '(code coverage)', problem: w.message ?? 'code coverage warning' }));
  return [...failed, ...coverage];
}

function outcomeFrom(handle: OrgHandle, status: MetadataApiDeployStatus, statusChecks: number): DeployOutcome {
  const details = (status.details ?? {}) as { componentSuccesses?: Message | Message[]; componentFailures?: Message | Message[]; runTestResult?: RunTestResult };
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
    // a deploy that passed keeps its coverage warnings out of its failures
    failures: truthy(status.success) ? failures : [...failures, ...testFailures(details.runTestResult)],
    errorMessage: (status as { errorMessage?: string }).errorMessage,
    statusChecks,
  };
}

/** The org refused the test level at submit (a production org refuses NoTestRun, Apex or not). */
function refusedTestLevelError(org: string, request: DeployRequest, error: unknown): Error | undefined {
  const text = describeError(error);
  if (!text.includes('INVALID_OPERATION') || !text.includes('NoTestRun')) return undefined;
  return testLevelRefusedError(org, request.testLevel ?? 'NoTestRun', shortError(error));
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
        // none unless asked: the org decides, as `sf project deploy start` leaves it (a production org
        // refuses NoTestRun, and runs local tests only for a deploy that holds Apex)
        ...(request.testLevel ? { testLevel: request.testLevel } : {}),
        ...(request.runTests?.length ? { runTests: request.runTests } : {}),
      },
    });
    const started = await withRetries(
      { org, operation: 'deploy', policy: DEPLOY_SUBMIT_POLICY, requestTimeoutMs: options.requestTimeoutMs, isDeploySubmit: true },
      () => operation.start()
    ).catch((error: unknown) => {
      throw refusedTestLevelError(org, request, error) ?? error;
    });
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
