/*
 * The emulator's state: its orgs, their async jobs, injected faults and request counts.
 */
import { DeployOptions, DeployOutcome, runDeploy } from './deploy.js';
import { EmulatedOrg } from './org.js';
import { ManifestTypes } from './packageZip.js';
import { DEFAULT_RETRIEVE_LIMITS, RetrieveLimitError, RetrieveOutcome, buildRetrieve } from './retrieve.js';
import { manageableState, namespaceOf } from './managed.js';

export const FAULT_KINDS = ['http500', 'http503', 'invalidSession', 'expireSession', 'requestLimit', 'hang', 'reset', 'failComponent', 'malformedComponent', 'apexCompileError', 'apexException', 'failTest'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** Faults that act on one component inside an operation, not on a whole request. */
const COMPONENT_FAULTS: ReadonlySet<FaultKind> = new Set(['failComponent', 'malformedComponent', 'apexCompileError', 'apexException', 'failTest']);

export type Fault = {
  fault: FaultKind;
  remaining: number;
  component?: string;
  operation?: string;
  /** apexCompileError, apexException: where the block fails and the org's words */
  line?: number;
  column?: number;
  message?: string;
};

export type JobState = 'Queued' | 'InProgress' | 'Succeeded' | 'SucceededPartial' | 'Failed' | 'Canceled';

type JobBase = { id: string; org: EmulatedOrg; createdDate: string; dueAt: number; finished: boolean; canceled: boolean };
export type RetrieveJob = JobBase & { kind: 'retrieve'; outcome?: RetrieveOutcome; error?: string; errorStatusCode?: string };
export type DeployJob = JobBase & { kind: 'deploy'; options: DeployOptions; outcome?: DeployOutcome; startDate?: string; completedDate?: string };
export type Job = RetrieveJob | DeployJob;

export type EmulatorOptions = {
  jobMs: number;
  latencyMs: number;
  /** the retrieve limits (10,000 files, about 39 MB zipped), lowered in tests to keep them small */
  maxRetrieveFiles?: number;
  maxRetrieveZipBytes?: number;
};

export class EmulatorState {
  public readonly orgs = new Map<string, EmulatedOrg>();
  public readonly jobs = new Map<string, Job>();
  /** when the first org request (not `/__emulator/`) since the start or the last reset arrived, in ms since the epoch */
  public firstRequestAt?: number;
  private readonly faults = new Map<string, Fault[]>();
  private readonly stats = new Map<string, Record<string, number>>();
  private idCounter = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  public constructor(public options: EmulatorOptions) {}

  public addOrg(org: EmulatedOrg): void {
    if (this.orgs.has(org.alias)) throw new Error(`an org named ${org.alias} already exists`);
    this.orgs.set(org.alias, org);
  }

  public orgByToken(token: string | undefined): EmulatedOrg | undefined {
    if (!token) return undefined;
    for (const org of this.orgs.values()) if (org.hasSession(token)) return org;
    return undefined;
  }

  public orgByRefreshToken(token: string | undefined): EmulatedOrg | undefined {
    if (!token) return undefined;
    for (const org of this.orgs.values()) if (org.refreshToken === token) return org;
    return undefined;
  }

  public nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}${this.idCounter.toString(36).toUpperCase().padStart(12, '0')}AAA`;
  }

  public count(org: EmulatedOrg, operation: string): void {
    const counts = this.stats.get(org.alias) ?? {};
    counts[operation] = (counts[operation] ?? 0) + 1;
    this.stats.set(org.alias, counts);
  }

  public statsSnapshot(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.stats.entries()].map(([alias, counts]) => [alias, { ...counts }]));
  }

  public addFault(alias: string, fault: Fault): void {
    const list = this.faults.get(alias) ?? [];
    list.push(fault);
    this.faults.set(alias, list);
  }

  /** Takes the next request-level fault for this org and operation, if any. */
  public takeRequestFault(org: EmulatedOrg, operation: string): Fault | undefined {
    const list = this.faults.get(org.alias) ?? [];
    const fault = list.find((f) => !COMPONENT_FAULTS.has(f.fault) && f.remaining > 0 && (!f.operation || f.operation === operation));
    if (fault) fault.remaining -= 1;
    return fault;
  }

  /** Whether a failComponent fault names this component; each deploy that meets it uses up one count. */
  public failsComponent(org: EmulatedOrg, type: string, fullName: string): boolean {
    const fault = (this.faults.get(org.alias) ?? []).find(
      (f) => f.fault === 'failComponent' && f.remaining > 0 && f.component === `${type}:${fullName}`
    );
    if (fault) fault.remaining -= 1;
    return fault !== undefined;
  }

  /** The message of a failTest fault naming this Apex test class (`ApexClass:Name`); each test run that meets it uses up one count. */
  public failingTest(org: EmulatedOrg, className: string): string | undefined {
    const fault = (this.faults.get(org.alias) ?? []).find((f) => f.fault === 'failTest' && f.remaining > 0 && f.component === `ApexClass:${className}`);
    if (!fault) return undefined;
    fault.remaining -= 1;
    return fault.message ?? 'System.AssertException: Assertion Failed';
  }

  /** The next apexCompileError or apexException fault of this org, used up by one anonymous block. */
  public takeApexFault(org: EmulatedOrg): Fault | undefined {
    const fault = (this.faults.get(org.alias) ?? []).find((f) => (f.fault === 'apexCompileError' || f.fault === 'apexException') && f.remaining > 0);
    if (fault) fault.remaining -= 1;
    return fault;
  }

  /** Disarms every fault of one org (admin API `DELETE /__emulator/faults?org=<alias>`). */
  public clearFaults(alias: string): number {
    const count = this.faults.get(alias)?.length ?? 0;
    this.faults.delete(alias);
    return count;
  }

  /**
   * The components (`Type:Name`) whose file this retrieve returns as truncated XML: each retrieve
   * that holds one uses up one count of its malformedComponent fault.
   */
  public takeMalformed(org: EmulatedOrg, retrieved: ReadonlySet<string>): Set<string> {
    const malformed = new Set<string>();
    for (const fault of this.faults.get(org.alias) ?? []) {
      if (fault.fault !== 'malformedComponent' || fault.remaining <= 0 || !fault.component || !retrieved.has(fault.component)) continue;
      if (malformed.has(fault.component)) continue;
      fault.remaining -= 1;
      malformed.add(fault.component);
    }
    return malformed;
  }

  public reset(): void {
    this.faults.clear();
    this.stats.clear();
    this.firstRequestAt = undefined;
  }

  public startRetrieve(org: EmulatedOrg, types: ManifestTypes, apiVersion: string, singlePackage: boolean): RetrieveJob {
    const job: RetrieveJob = { ...this.newJob(org, 'retrieve'), kind: 'retrieve' };
    this.jobs.set(job.id, job);
    this.schedule(job.dueAt, async () => {
      try {
        job.outcome = await buildRetrieve(org.store, types, {
          apiVersion,
          singlePackage,
          now: new Date().toISOString(),
          ids: () => this.nextId('04t'),
          malformed: (retrieved) => this.takeMalformed(org, retrieved),
          limits: {
            maxFiles: this.options.maxRetrieveFiles ?? DEFAULT_RETRIEVE_LIMITS.maxFiles,
            maxZipBytes: this.options.maxRetrieveZipBytes ?? DEFAULT_RETRIEVE_LIMITS.maxZipBytes,
          },
          namespaceOf: (type, fullName) => namespaceOf(org.packages, type, fullName),
          stateOf: (namespace) => manageableState(org.packages, namespace),
        });
      } catch (error) {
        job.error = error instanceof Error ? error.message : String(error);
        if (error instanceof RetrieveLimitError) job.errorStatusCode = error.statusCode;
      }
      job.finished = true;
    });
    return job;
  }

  public startDeploy(org: EmulatedOrg, zip: Buffer, options: DeployOptions): DeployJob {
    // one deploy at a time per org: a second one waits in the queue as Salesforce's does
    const startAt = Math.max(Date.now(), org.deployQueueFreeAt);
    const dueAt = startAt + this.options.jobMs;
    org.deployQueueFreeAt = dueAt;
    const job: DeployJob = { ...this.newJob(org, 'deploy'), dueAt, kind: 'deploy', options };
    this.jobs.set(job.id, job);
    this.schedule(dueAt, () => {
      // strictly one after another, even when a loaded machine fires the timers late: a deploy starts
      // once the one before it has completed, never while it is still being applied
      const run = org.deployChain.then(async () => {
        job.startDate = new Date(Math.max(startAt, org.lastDeployCompletedAt)).toISOString();
        if (!job.canceled) {
          job.outcome = await runDeploy(org, zip, options, (type, fullName) => this.failsComponent(org, type, fullName), {
            failing: (className) => this.failingTest(org, className),
            nextId: () => this.nextId('01p'),
          });
        }
        org.lastDeployCompletedAt = Date.now();
        job.completedDate = new Date(org.lastDeployCompletedAt).toISOString();
        job.finished = true;
      });
      // a deploy that throws still lets the next one run; its own error surfaces as before
      org.deployChain = run.catch(() => undefined);
      return run;
    });
    return job;
  }

  public stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private newJob(org: EmulatedOrg, kind: 'retrieve' | 'deploy'): JobBase {
    return {
      id: this.nextId(kind === 'retrieve' ? '09S' : '0Af'),
      org,
      createdDate: new Date().toISOString(),
      dueAt: Date.now() + this.options.jobMs,
      finished: false,
      canceled: false,
    };
  }

  private schedule(at: number, work: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void work();
    }, Math.max(0, at - Date.now()));
    this.timers.add(timer);
  }
}
