/*
 * What a plan is asked for, the org operations it uses (tests pass their own), and what it has
 * settled before it reads any org, which the reference side and every target share.
 */
import type { Mode, Preference } from '../diff/index.js';
import type { describeUserPermissions, listInstalledPackages, listMembers, readLocalFolder, resolveOrg, retrieveComponents, ZipReads } from '../org/index.js';
import type { PackageCondition } from './packageVersions.js';
import type { IdenticalOutcomes } from './componentOutcome.js';
import type { ReferenceReads } from './componentReads.js';
import type { AcceptEntry } from './planTypes.js';
import type { ResolutionsFile } from './resolutions.js';
import type { ManagedFilter, Selection } from './selection.js';
import type { Shard } from './shard.js';

export type PlanProgress = {
  stage?(stage: 'resolve' | 'reference' | 'targets' | 'done'): void;
  targetDone?(done: number, total: number): void;
  /** a retrieve split under the org's limits: `org` is 'reference' or the target's name */
  chunk?(org: string, index: number, total: number): void;
};

export type PlanRequest = {
  reference: { org: string } | { dir: string };
  targets: string[];
  selection: Selection;
  mode: Mode;
  deleteExtra: boolean;
  concurrency: number;
  apiVersion?: string;
  waitMs?: number;
  shard?: Shard;
  managed?: ManagedFilter;
  /** differences kept on purpose (the config file's `accept`) */
  accept?: AcceptEntry[];
  /** today, for the `until` of accept entries */
  now?: Date;
  /** only the targets whose installed packages satisfy every condition are planned (--package-version) */
  packageFilters?: PackageCondition[];
  tool: { name: string; version: string };
  progress?: PlanProgress;
  /** the previous release's reference (a folder or an org), one base for every target (three-way merge; overwrite names what it overrides) */
  base?: { dir: string } | { org: string };
  /** three-way conflicts: which side wins; absent: the target's version stays and the conflict is reported */
  prefer?: Preference;
  /** three-way conflicts decided one by one (--resolutions); they win over `prefer` */
  resolutions?: ResolutionsFile;
};

/** The org operations the planner uses; tests may pass their own. */
export type PlannerOrgs = {
  resolveOrg: typeof resolveOrg;
  retrieveComponents: typeof retrieveComponents;
  listMembers: typeof listMembers;
  readLocalFolder: typeof readLocalFolder;
  /** the user permissions a target knows; absent: nothing counts as unknown */
  describeUserPermissions?: typeof describeUserPermissions;
  /** the packages installed in a target; absent: the plan records none */
  listInstalledPackages?: typeof listInstalledPackages;
};

/** One plan under way: its request, its orgs, the API version every org is read and written with, and its shared reads. */
export type PlanRun = {
  readonly request: PlanRequest;
  readonly orgs: PlannerOrgs;
  readonly apiVersion: string;
  /** what the plan's retrieves read once for every org holding the same file */
  readonly reads: ZipReads;
  /** reference components read once for every target, and their outcome against themselves */
  readonly referenceReads: ReferenceReads;
  readonly identical: IdenticalOutcomes;
};
