/*
 * Accepted differences (the config file's `accept` list): drift a team keeps on purpose in some
 * targets. An accepted difference is recorded with the entry that accepted it, never deployed and
 * never counted as drift; an entry past its `until` date no longer accepts anything, and says so.
 * Pure: the planner passes the changes it found and re-plans without what was accepted.
 */
import type { AcceptEntry, AcceptedDrift, PlanChange, PlannedComponent } from './planTypes.js';
import { matchesPattern } from './selection.js';

/** The component glob over `Type:fullName` (`*` any run of characters, as --metadata wildcards). */
export function matchesComponent(glob: string, component: { type: string; fullName: string }): boolean {
  return matchesPattern(glob, `${component.type}:${component.fullName}`);
}

/**
 * The path glob over a change path as plans print it (`*` any run of characters, brackets and dots
 * as written); a glob naming an element also covers what is inside it
 * (`fieldPermissions[Account.Rating]` accepts `fieldPermissions[Account.Rating].editable`).
 */
export function matchesPath(glob: string, path: string): boolean {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}(?=$|[.[])`).test(path);
}

function matchesTarget(entry: AcceptEntry, names: string[]): boolean {
  if (entry.targets === '*') return true;
  return entry.targets.some((wanted) => names.some((name) => matchesPattern(wanted, name)));
}

/** `until` is the last day the entry holds (a date, read in UTC). */
export function isExpired(entry: AcceptEntry, now: Date): boolean {
  return entry.until !== undefined && entry.until < now.toISOString().slice(0, 10);
}

function entryLabel(index: number, entry: AcceptEntry): string {
  return `accept entry #${index + 1} (${entry.component}${entry.path ? ` ${entry.path}` : ''})`;
}

/** The entries that may apply in one target, and what the whole plan used (to report entries that matched nothing). */
export class AcceptRules {
  /** entry indexes that matched a difference in some target, expired or not */
  public readonly used = new Set<number>();

  public constructor(public readonly entries: readonly AcceptEntry[], public readonly now: Date) {}

  /** The entries of one target (named by alias, name or username). */
  public forTarget(names: Array<string | undefined>): TargetAccept {
    const known = names.filter((name): name is string => Boolean(name));
    const indexes = this.entries.map((entry, index) => ({ entry, index })).filter(({ entry }) => matchesTarget(entry, known));
    return new TargetAccept(this, indexes);
  }

  /** Entries that matched no difference in any target: the list must not rot. */
  public unusedWarnings(): string[] {
    return this.entries
      .map((entry, index) => ({ entry, index }))
      .filter(({ index }) => !this.used.has(index))
      .map(({ entry, index }) => `${entryLabel(index, entry)} matched no difference in any target: remove it from the config file's "accept" list, or correct its pattern.`);
  }
}

/** What one component's changes come to under the target's entries. */
export type AcceptDecision = {
  /** changes accepted, each with its entry */
  accepted: AcceptedDrift[];
  /** notes for differences that an expired entry accepted before */
  notes: string[];
};

export class TargetAccept {
  public constructor(private readonly rules: AcceptRules, private readonly indexes: Array<{ entry: AcceptEntry; index: number }>) {}

  /** Decides change by change; the first live entry that matches accepts it. */
  public decide(component: { type: string; fullName: string }, changes: PlanChange[]): AcceptDecision {
    const entries = this.indexes.filter(({ entry }) => matchesComponent(entry.component, component));
    const decision: AcceptDecision = { accepted: [], notes: [] };
    if (entries.length === 0) return decision;
    const expiredNoted = new Set<number>();
    for (const change of changes) {
      const matching = entries.filter(({ entry }) => (entry.path === undefined ? true : change.path !== '' && matchesPath(entry.path, change.path)));
      for (const { index } of matching) this.rules.used.add(index);
      const live = matching.find(({ entry }) => !isExpired(entry, this.rules.now));
      if (live) {
        decision.accepted.push({ ...change, entry: live.index, reason: live.entry.reason, ...(live.entry.until ? { until: live.entry.until } : {}) });
        continue;
      }
      for (const { entry, index } of matching) {
        if (expiredNoted.has(index)) continue;
        expiredNoted.add(index);
        decision.notes.push(`${entryLabel(index, entry)} expired on ${entry.until!} ("${entry.reason}"): what it accepted counts as drift again; extend "until" or remove the entry`);
      }
    }
    return decision;
  }
}

/**
 * The component once every one of its differences is accepted: nothing to deploy, the target
 * expected as it is, the differences kept for the reader under `accepted`.
 */
export function acceptWhole(component: PlannedComponent, accepted: AcceptedDrift[]): PlannedComponent {
  const { deployXml, deployFiles, ...rest } = component;
  return {
    ...rest,
    action: 'noop',
    changes: [],
    patchedHash: component.targetHash,
    irreversible: [],
    destructiveChildren: [],
    accepted,
  };
}
