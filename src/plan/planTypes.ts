/*
 * The plan: a versioned value (format version 4) that apply consumes. Its JSON form is the plan
 * file; the `--json` output of the commands is a separate, summarized contract.
 */
import type { Mode } from '../diff/index.js';
import type { TestLevel } from '../org/index.js';
import type { Shard } from './shard.js';

export const PLAN_FORMAT_VERSION = 4;
/**
 * the format versions a plan file may have. Up to 3 a component the target could not take at all
 * had the action `blocked`; such a plan is refused (plan again), not read as something it is not.
 */
export const READABLE_PLAN_FORMAT_VERSIONS: readonly number[] = [PLAN_FORMAT_VERSION];

/**
 * What the component's drift does to the target. Whether the target can take it is said apart, in
 * the `blocked` list beside it: a component with a `whole` entry there is deployed nothing.
 */
export type ComponentAction = 'create' | 'update' | 'delete' | 'noop';
export type ChangeOp = 'add' | 'remove' | 'change';

/**
 * Why some drift cannot be corrected by a deploy to this target (docs/metadata-types.md "Blocked drift"):
 * - `managed`: the component (or property) belongs to an installed package; only the package can change it
 * - `refused`: the target org would refuse the change (a required field, a permission its license lacks, a deletion the API does not allow ...)
 * - `manual`: a person has to do it in Setup (it cannot be sent without touching what must not change)
 */
export type BlockKind = 'managed' | 'refused' | 'manual';

/** One piece of drift left out of the deploy, with the reason a user can act on. */
export type BlockedDrift = {
  kind: BlockKind;
  /** the element, as in `PlanChange.path`; absent when the component itself is blocked */
  path?: string;
  /** e.g. "Tier__c is required in t3: its field permission cannot be deployed" */
  reason: string;
  /**
   * nothing of the component is deployed because of this block: the component itself is blocked
   * (no `path`), or every element of its drift is (each such entry carries it). The component keeps
   * the action its drift has, without deploy content.
   */
  whole?: true;
};
/** One element-level difference, e.g. `fieldPermissions[Account.Rating].editable: false -> true`. */
export type PlanChange = {
  op: ChangeOp;
  path: string;
  before?: unknown;
  after?: unknown;
  /** an entry added to an ordered collection (a list-view column): the key it follows once deployed, null at the start */
  placedAfter?: string | null;
};

/**
 * One entry of the config file's `accept` list: a difference kept on purpose. `component` is a glob
 * over `Type:fullName`, `path` (absent: the whole component) a glob over the change path, `until` the
 * last day it holds (YYYY-MM-DD).
 */
export type AcceptEntry = { targets: string[] | '*'; component: string; path?: string; reason: string; until?: string };

/** A difference an entry of `accept` accepted: never deployed, never counted as drift. `entry` indexes `PlanBody.accept`. */
export type AcceptedDrift = PlanChange & { entry: number; reason: string; until?: string };

/** A package installed in a target, as the Tooling API's InstalledSubscriberPackage lists it. */
export type InstalledPackage = { namespace?: string; name: string; version: string };

export type PlannedComponent = {
  type: string;
  fullName: string;
  /** the namespace prefix of the package the component comes from, when it has one */
  namespace?: string;
  /** installed from a managed package (as the reference lists it): what the package locks is blocked drift */
  managed?: boolean;
  action: ComponentAction;
  /** sha256 of the normalized target component at plan time; null when the target lacks it */
  targetHash: string | null;
  /** sha256 of the normalized reference component; null when only the target has it */
  referenceHash: string | null;
  /** what differs between reference and target (the drift) */
  changes: PlanChange[];
  /** the exact document to deploy (metadata format); absent for noop and delete */
  deployXml?: string;
  /** non-XML files to deploy with it (content types), base64 by package path */
  deployFiles?: Record<string, string>;
  /** steps that cannot be undone by rollback, in words */
  irreversible: string[];
  /** a type without per-element rules: compared and deployed as a whole */
  comparedAsWhole: boolean;
  /** sha256 the target component should have once deployed; apply verifies against it */
  patchedHash: string | null;
  /** what the mode could not do, for the reader */
  notes: string[];
  /** child components deleted with a destructive change (overwrite with --delete-extra) */
  destructiveChildren: Array<{ type: string; fullName: string }>;
  /** drift this target cannot take, left out of `deployXml`; empty when there is none */
  blocked: BlockedDrift[];
  /** differences the config file accepts here, left out of `deployXml` and of `changes` */
  accepted?: AcceptedDrift[];
  /**
   * three-way merge: elements the reference and this target changed differently since the base,
   * left as the target has them (not in `deployXml`); present only when there are some
   */
  conflicts?: PlanConflict[];
  /** three-way merge: paths this target changed on its own since the base, kept; present only when there are some */
  customizations?: string[];
  /** overwrite with a base: paths of this target's own changes since the base that the deploy overrides */
  overrides?: string[];
  /**
   * three-way merge: conflicts decided by an entry of the resolutions file (`entry` indexes
   * `PlanBody.resolutions.entries`) or by --prefer (no `entry`), with the side taken
   */
  resolved?: PlanResolvedConflict[];
  /**
   * merge mode: differences between the reference and this target that the plan does not change,
   * because merge keeps what the target has (its own items, its versions, its order); present only
   * when there are some
   */
  kept?: PlanChange[];
  /**
   * whose the `kept` differences are: `target` when a base shows the target changed them since,
   * `unknown` without a base for the component (the target's admin or an earlier release); absent
   * in plans made before it was recorded, read as unknown
   */
  keptOwner?: 'target' | 'unknown';
};

/** One three-way conflict: the element's path, its three versions and why it is one. */
export type PlanConflict = { path: string; base: unknown; reference: unknown; target: unknown; reason: string };

/** A conflict a resolution decided: the side that won, and the resolutions file's entry (absent: --prefer). */
export type PlanResolvedConflict = PlanConflict & { prefer: 'reference' | 'target'; entry?: number };

/**
 * One entry of the resolutions file: in `target` (alias or username), for `component`
 * (`Type:fullName`), the conflict at `path` (or inside it; absent: all of the component's) goes to
 * `prefer`. `why`, `values` and `note` are for the reader.
 */
export type ResolutionEntry = {
  target: string;
  component: string;
  path?: string;
  prefer: 'reference' | 'target';
  why?: string;
  values?: { base?: unknown; reference?: unknown; target?: unknown };
  note?: string;
};

/**
 * The base a target's merge compared with, and its components' hash: `dir` a folder given with
 * --base-dir, `org-alias` an org given with --base-org, `org` the base recorded in the target by
 * an earlier apply (its static resources), `none` no base (two-way merge: the owner of a difference
 * is unknown; `reason` says why when the target holds a base that could not be read).
 */
export type BaseRecord =
  | { source: 'dir'; path: string; hash: string }
  | { source: 'org-alias'; org: string; username: string; orgId: string; hash: string }
  | { source: 'org'; resource: string; parts: number; components: number; hash: string }
  | { source: 'none'; reason?: string };

/**
 * The base apply records in the target with the correction (unless --no-record-base): the recorded
 * base with the reference's version of every component this plan applies there. `resources` are the
 * static resources to deploy or delete, empty when the target holds this base already; they are
 * never drift and never counted as changes.
 */
export type NextBase = { hash: string; components: number; resources: PlannedComponent[] };

export type PlanError = { name: string; message: string; actions?: string[] };

/** `blocked`: the wholly blocked components, counted there and not under their action; `changes` counts only what apply deploys. */
export type TargetCounts = { create: number; update: number; delete: number; noop: number; blocked: number; changes: number };

export type PlannedTarget = {
  /** how the user named the org (alias or username) */
  name: string;
  alias?: string;
  username: string;
  orgId?: string;
  instanceUrl?: string;
  status: 'ok' | 'error';
  error?: PlanError;
  counts: TargetCounts;
  components: PlannedComponent[];
  /** what each step of the plan will do in this target, in order (plans with steps) */
  steps?: PlannedStepAction[];
  /** the packages installed in the target when it was planned; absent when they could not be read */
  packages?: InstalledPackage[];
  /** the base the target was compared with: always in merge mode, in overwrite mode when one was given (absent in plans made before bases) */
  base?: BaseRecord;
  /** the base apply records in the target (absent in plans made before bases were recorded) */
  nextBase?: NextBase;
};

export type StepKind = 'drift' | 'deploy' | 'apex';

/** An anonymous Apex file as the plan holds it: the body is run as it was reviewed. */
export type PlanScript = { file: string; hash: string; body: string };

/** One component of a package, in metadata format; files base64 by package path. */
export type PackageComponent = { type: string; fullName: string; xml: string; files?: Record<string, string> };

/**
 * One step every target goes through, in order (DESIGN: release steps). `drift` is this plan's
 * correction; `deploy` a package deployed as it is (snapshotted, rolled back like a correction);
 * `apex` an anonymous block run after the steps before it succeeded, undone by `undo` if given.
 */
export type PlanStep =
  | { name: string; kind: 'drift' }
  | {
      name: string;
      kind: 'deploy';
      source: string;
      format: 'source' | 'metadata' | 'zip';
      /** sha256 over the components: what was reviewed is what is deployed */
      hash: string;
      testLevel?: TestLevel;
      runTests?: string[];
      /** run only in targets with this package version installed */
      when?: StepCondition;
      components: PackageComponent[];
    }
  | { name: string; kind: 'apex'; script: PlanScript; undo?: PlanScript; when?: StepCondition };

/** A step's condition: the namespace of an installed package and a version range (`>=2.4`, `>=2.4 <3`). */
export type StepCondition = { namespace: string; versionRange: string };

/** What a step will do in one target, in words; `irreversible` says what rollback cannot undo. */
export type PlannedStepAction = {
  name: string;
  kind: StepKind;
  action: string;
  irreversible?: string[];
  /** why the step does not run in this target (its `when` does not hold); apply skips it */
  skipped?: string;
};

export type PlanReference =
  | { kind: 'org'; name: string; alias?: string; username: string; orgId: string; instanceUrl: string }
  | { kind: 'dir'; path: string; format: 'source' | 'metadata' };

export type PlanSelection = {
  source: 'default' | 'metadata' | 'manifest' | 'config';
  /** the members as given (`Type`, `Type:Name`, wildcards) */
  members: string[];
};

export type PlanBody = {
  /** `PLAN_FORMAT_VERSION` */
  formatVersion: number;
  tool: { name: string; version: string };
  planId: string;
  createdAt: string;
  mode: Mode;
  deleteExtra: boolean;
  apiVersion: string;
  reference: PlanReference;
  selection: PlanSelection;
  shard?: Shard;
  /** components retrieved with the selection so that permission files come back whole; apply re-reads the same set */
  scope: Array<{ type: string; fullName: string }>;
  /** selected members the reference listed but could not return, in words: never dropped in silence */
  warnings?: string[];
  /** the release steps, in order; absent: the drift correction alone */
  steps?: PlanStep[];
  /** the config file's `accept` list as it was when planned; components point into it */
  accept?: AcceptEntry[];
  /** the resolutions file (--resolutions) as it was when planned; components' `resolved` point into it */
  resolutions?: { file: string; entries: ResolutionEntry[] };
  targets: PlannedTarget[];
};

/** The plan file: the body and a sha256 checksum over its canonical JSON. */
export type PlanFile = PlanBody & { checksum: string };
