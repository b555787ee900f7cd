/*
 * The SOAP Metadata API operations the clients call (docs/wire.md), answered from an org's state.
 */
import { DeployOptions } from './deploy.js';
import { listedName, manageableState, namespaceOf } from './managed.js';
import { EmulatedOrg, StoredComponent } from './org.js';
import { DEFAULT_GLOBAL_ACTIONS } from './refusals.js';
import { ManifestTypes } from './packageZip.js';
import { allTypes, childTypeInfo, packagePath, typeInfo } from './registry.js';
import { assembleParent, childrenOf } from './semantics.js';
import { DeployJob, EmulatorState } from './state.js';
import { refusedTestLevel, runTestResultOf } from './testRun.js';

export class SoapFaultError extends Error {
  public constructor(public readonly faultCode: string, message: string) {
    super(message);
  }
}

type Args = Record<string, unknown>;
/** `apiVersion`: the version in the request's URL (`/services/Soap/m/NN.0`). */
type Handler = (state: EmulatorState, org: EmulatedOrg, args: Args, apiVersion?: string) => unknown;

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function list<T>(value: unknown): T[] {
  if (value === undefined || value === null || value === '') return [];
  return (Array.isArray(value) ? value : [value]) as T[];
}

function bool(value: unknown, fallback: boolean): boolean {
  const raw = str(value);
  return raw === undefined ? fallback : raw === 'true';
}

function retrieve(state: EmulatorState, org: EmulatedOrg, args: Args): unknown {
  const request = (args.request ?? {}) as Args;
  const unpackaged = (request.unpackaged ?? {}) as Args;
  const types: ManifestTypes = list<Args>(unpackaged.types).map((entry) => ({
    name: str(entry.name) ?? '',
    members: list<unknown>(entry.members).map((m) => str(m) ?? ''),
  }));
  if (list(request.packageNames).length > 0) throw new SoapFaultError('sf:UNSUPPORTED_API_VERSION', 'The emulator does not model package retrieves (packageNames)');
  const apiVersion = str(request.apiVersion) ?? str(unpackaged.version) ?? '62.0';
  const job = state.startRetrieve(org, types, apiVersion, bool(request.singlePackage, false));
  return { done: false, id: job.id, state: 'Queued' };
}

function jobFor(state: EmulatorState, org: EmulatedOrg, args: Args, kind: 'retrieve' | 'deploy'): ReturnType<EmulatorState['jobs']['get']> {
  const id = str(args.asyncProcessId) ?? str(args.String) ?? str(args.id);
  const job = id ? state.jobs.get(id) : undefined;
  if (!job || job.org !== org || job.kind !== kind) throw new SoapFaultError('sf:INVALID_ID_FIELD', `Invalid ${kind} id: ${id ?? '(none)'}`);
  return job;
}

function checkRetrieveStatus(state: EmulatorState, org: EmulatedOrg, args: Args): unknown {
  const job = jobFor(state, org, args, 'retrieve');
  if (job?.kind !== 'retrieve') return undefined;
  if (!job.finished) return { done: false, id: job.id, status: 'InProgress', success: false };
  if (!job.outcome || job.error) {
    return { done: true, id: job.id, status: 'Failed', success: false, errorMessage: job.error, errorStatusCode: job.errorStatusCode ?? 'UNKNOWN_EXCEPTION' };
  }
  return {
    done: true,
    fileProperties: job.outcome.fileProperties,
    id: job.id,
    messages: job.outcome.messages,
    status: 'Succeeded',
    success: true,
    zipFile: job.outcome.zip,
  };
}

export function parseDeployOptions(raw: Args, apiVersion?: string): DeployOptions {
  return {
    apiVersion,
    checkOnly: bool(raw.checkOnly, false),
    rollbackOnError: bool(raw.rollbackOnError, true),
    ignoreWarnings: bool(raw.ignoreWarnings, false),
    testLevel: str(raw.testLevel),
    runTests: list<unknown>(raw.runTests).map((t) => str(t) ?? ''),
    singlePackage: bool(raw.singlePackage, false),
    purgeOnDelete: bool(raw.purgeOnDelete, false),
  };
}

function deploy(state: EmulatorState, org: EmulatedOrg, args: Args, apiVersion?: string): unknown {
  const zipBase64 = str(args.ZipFile);
  if (!zipBase64) throw new SoapFaultError('soapenv:Client', 'deploy requires a ZipFile');
  const options = parseDeployOptions((args.DeployOptions ?? {}) as Args, apiVersion);
  // refused at submit, before any job exists (haoide #107 shows the fault), check-only deploys included
  const refused = refusedTestLevel(org, options.testLevel);
  if (refused) throw new SoapFaultError('sf:INVALID_OPERATION', refused);
  const job = state.startDeploy(org, Buffer.from(zipBase64, 'base64'), options);
  return { done: false, id: job.id, state: 'Queued' };
}

/** The DeployResult that both the SOAP and the REST deploy status return. */
export function deployResult(job: DeployJob, includeDetails: boolean): Record<string, unknown> {
  const outcome = job.outcome;
  const status = job.canceled ? 'Canceled' : job.finished ? outcome?.status ?? 'Failed' : 'InProgress';
  const base: Record<string, unknown> = {
    id: job.id,
    checkOnly: job.options.checkOnly,
    completedDate: job.completedDate,
    createdBy: job.org.userId,
    createdByName: 'Emulator Admin',
    createdDate: job.createdDate,
    done: job.finished || job.canceled,
    ignoreWarnings: job.options.ignoreWarnings,
    lastModifiedDate: job.completedDate ?? job.createdDate,
    numberComponentErrors: outcome?.numberComponentErrors ?? 0,
    numberComponentsDeployed: outcome?.numberComponentsDeployed ?? 0,
    numberComponentsTotal: outcome?.numberComponentsTotal ?? 0,
    numberTestErrors: outcome?.tests?.failures.length ?? 0,
    numberTestsCompleted: outcome?.tests?.successes.length ?? 0,
    numberTestsTotal: (outcome?.tests?.successes.length ?? 0) + (outcome?.tests?.failures.length ?? 0),
    rollbackOnError: job.options.rollbackOnError,
    runTestsEnabled: outcome?.tests !== undefined,
    startDate: job.startDate ?? job.createdDate,
    status,
    success: job.finished ? outcome?.success ?? false : false,
  };
  if (job.finished && outcome && outcome.componentFailures.length > 0) {
    base.errorMessage = outcome.componentFailures.map((f) => `${f.componentType} ${f.fullName}: ${f.problem}`).join('; ');
    base.errorStatusCode = 'DEPLOYMENT_FAILED';
  }
  if (includeDetails && job.finished && outcome) {
    base.details = {
      componentSuccesses: outcome.componentSuccesses,
      componentFailures: outcome.componentFailures,
      runTestResult: runTestResultOf(outcome.tests),
    };
  }
  return base;
}

function checkDeployStatus(state: EmulatorState, org: EmulatedOrg, args: Args): unknown {
  const job = jobFor(state, org, args, 'deploy') as DeployJob;
  return deployResult(job, bool(args.includeDetails, false));
}

function cancelDeploy(state: EmulatorState, org: EmulatedOrg, args: Args): unknown {
  const job = jobFor(state, org, args, 'deploy') as DeployJob;
  if (!job.finished) job.canceled = true;
  return { done: true, id: job.id };
}

/** The default global actions the org folder does not carry: a real org lists them all the same (README "Real-org rules"). */
function defaultGlobalActions(org: EmulatedOrg): StoredComponent[] {
  const held = new Set(org.list('QuickAction').map((c) => c.fullName));
  return DEFAULT_GLOBAL_ACTIONS.filter((name) => !held.has(name)).map((fullName) => ({ type: 'QuickAction', fullName, body: {}, lastModified: new Date(0).toISOString() }));
}

function listMetadata(state: EmulatorState, org: EmulatedOrg, args: Args): unknown {
  const now = new Date().toISOString();
  return list<Args>(args.queries).flatMap((query) => {
    const type = str(query.type) ?? '';
    const info = typeInfo(type) ?? (childTypeInfo(type) ? typeInfo(childTypeInfo(type)!.parent) : undefined);
    // standard tabs are not listed: they come back only when named (README "Real-org rules")
    let listed = type === 'CustomTab' ? org.list(type).filter((c) => !c.fullName.startsWith('standard-')) : org.list(type);
    if (type === 'QuickAction') listed = [...listed, ...defaultGlobalActions(org)];
    return listed.map((component) => {
      const namespace = namespaceOf(org.packages, type, component.fullName);
      return {
        createdById: org.userId,
        createdByName: 'Emulator Admin',
        createdDate: now,
        fileName: info ? packagePath(info, childTypeInfo(type) ? component.fullName.split('.')[0] : component.fullName) : component.fullName,
        fullName: listedName(type, component.fullName, namespace),
        id: state.nextId('0Ab'),
        lastModifiedById: org.userId,
        lastModifiedByName: 'Emulator Admin',
        lastModifiedDate: component.lastModified,
        manageableState: manageableState(org.packages, namespace),
        namespacePrefix: namespace ?? '',
        type,
      };
    });
  });
}

function describeMetadata(): unknown {
  return {
    metadataObjects: allTypes()
      .filter((type) => type.directoryName)
      .map((type) => ({
        childXmlNames: type.children.map((child) => child.name),
        directoryName: type.directoryName,
        inFolder: type.inFolder,
        metaFile: type.hasContent,
        suffix: type.suffix,
        xmlName: type.name,
      })),
    organizationNamespace: '',
    partialSaveAllowed: true,
    testRequired: false,
  };
}

function readMetadata(_state: EmulatorState, org: EmulatedOrg, args: Args): unknown {
  const type = str(args.type) ?? '';
  const names = list<unknown>(args.fullNames).map((n) => str(n) ?? '');
  if (names.length > 10) throw new SoapFaultError('sf:EXCEEDED_ID_LIMIT', 'readMetadata takes at most 10 names a call');
  const info = typeInfo(type);
  return {
    records: names.map((name) => {
      const stored = org.get(type, name);
      if (!stored) return { '@_xsi:nil': 'true' };
      const body = info && info.children.length > 0 ? assembleParent(stored, type, name, childrenOf(org.store, type, name)) : stored.body;
      return { '@_xsi:type': type, fullName: [name], ...withoutFullName(body) };
    }),
  };
}

function withoutFullName(body: Record<string, unknown>): Record<string, unknown> {
  const { fullName: _ignored, ...rest } = body;
  return rest;
}

export const METADATA_OPERATIONS: Record<string, Handler> = {
  retrieve,
  checkRetrieveStatus,
  deploy,
  checkDeployStatus,
  cancelDeploy,
  listMetadata,
  describeMetadata,
  readMetadata,
};
