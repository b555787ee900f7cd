/*
 * Counting drift the same way in every report: a component drifts when its action is not noop, and
 * the counts come from the components themselves so that a report never contradicts its own lines.
 */
import { changesTarget, isWhollyBlocked, reportedAction } from '../plan/blocked.js';
import type { BaseRecord, PlanBody, PlannedComponent, PlannedTarget, PlanReference } from '../plan/planTypes.js';

export type TargetDrift = {
  create: number;
  update: number;
  delete: number;
  noop: number;
  /** components whose drift this target cannot take (managed, refused, manual): not fixed by apply */
  blocked: number;
  /** components that apply will change: neither noop nor blocked */
  drifting: number;
  changes: number;
};

/** The component has drift that apply will deploy; blocked drift is reported apart and never counts here. */
export function isDrifting(component: PlannedComponent): boolean {
  return changesTarget(component);
}

/** Components with drift that cannot be applied to this target, wholly or in part. */
export function blockedComponents(target: PlannedTarget): PlannedComponent[] {
  return target.components.filter((component) => component.blocked.length > 0);
}

export function driftingComponents(target: PlannedTarget): PlannedComponent[] {
  return target.components.filter(isDrifting);
}

export function targetDrift(target: PlannedTarget): TargetDrift {
  const drift: TargetDrift = { create: 0, update: 0, delete: 0, noop: 0, blocked: 0, drifting: 0, changes: 0 };
  for (const component of target.components) {
    drift[reportedAction(component)] += 1;
    if (isDrifting(component)) {
      drift.drifting += 1;
      drift.changes += component.changes.length;
    }
  }
  return drift;
}

/** `blocked`: no drift apply can fix, but some that this target cannot take (see its reasons). */
export function targetStatus(target: PlannedTarget): 'error' | 'drift' | 'blocked' | 'in sync' {
  if (target.status === 'error') return 'error';
  const drift = targetDrift(target);
  if (drift.drifting > 0) return 'drift';
  return drift.blocked > 0 ? 'blocked' : 'in sync';
}

/** The components a report details for one target: those apply changes, then those it cannot fix. */
export function reportedComponents(target: PlannedTarget): PlannedComponent[] {
  const acceptedOnly = target.components.filter((component) => component.action === 'noop' && (component.accepted?.length ?? 0) > 0);
  return [...driftingComponents(target), ...target.components.filter(isWhollyBlocked), ...acceptedOnly];
}

/** The action as reports show it: a component whose every difference is accepted reads `accepted`, one the target cannot take at all `blocked`. */
export function actionLabel(component: PlannedComponent): string {
  return component.action === 'noop' && (component.accepted?.length ?? 0) > 0 ? 'accepted' : reportedAction(component);
}

/** `ns 2.4.0.1, other 1.0.0.0`: the packages installed in a target, or undefined when it was not read. */
export function packagesLabel(target: PlannedTarget): string | undefined {
  if (!target.packages) return undefined;
  if (target.packages.length === 0) return 'none';
  return target.packages.map((p) => `${p.namespace ?? p.name} ${p.version}`).join(', ');
}

/** Which base a target's merge used, for a reviewer: whether a removal is backed by one. `brief`: for a table cell. */
export function baseLabel(base: BaseRecord, brief = false): string {
  const hash = (value: string): string => (brief ? '' : ` (sha256 ${value.slice(0, 12)})`);
  switch (base.source) {
    case 'org':
      return brief ? 'recorded in the org' : `recorded in the org (${plural(base.components, 'component')}, sha256 ${base.hash.slice(0, 12)})`;
    case 'org-alias':
      return `org ${base.org}${hash(base.hash)}`;
    case 'dir':
      return `folder ${base.path}${hash(base.hash)}`;
    default:
      return brief ? 'none' : `none: two-way merge${base.reason ? `; ${base.reason}` : ''}`;
  }
}

/** What apply records as the target's base, or undefined when it holds it already. */
export function nextBaseLabel(target: PlannedTarget): string | undefined {
  const next = target.nextBase;
  if (!next || next.resources.length === 0) return undefined;
  return `${plural(next.components, 'component')} (--no-record-base to skip)`;
}

/** How the user named the target: alias, else the name given, else the username. */
export function targetLabel(target: PlannedTarget): string {
  return target.alias ?? (target.name || target.username);
}

/** ` [managed: pkg]` for a component installed from a package, ` [pkg]` for one only named in a namespace, else nothing. */
export function packageLabel(component: { namespace?: string; managed?: boolean }): string {
  if (component.managed) return ` [managed: ${component.namespace ?? 'unknown namespace'}]`;
  return component.namespace ? ` [${component.namespace}]` : '';
}

export function componentLabel(component: { type: string; fullName: string }): string {
  return `${component.type}:${component.fullName}`;
}

export function referenceLabel(reference: PlanReference): string {
  if (reference.kind === 'dir') return `${reference.path} (${reference.format} format folder)`;
  const name = reference.alias ?? reference.name;
  return name === reference.username ? `${name} (${reference.orgId})` : `${name} (${reference.username}, ${reference.orgId})`;
}

/** How the reports name the plan: its id, or that a live diff compared without writing one. */
export function planLabel(plan: PlanBody, live: boolean | undefined): string {
  return live ? 'live comparison (no plan file written)' : `plan ${plan.planId}`;
}

export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** One sentence for the whole plan, e.g. "3 of 4 targets drift: 7 components, 19 changes; 1 target failed". */
export function driftTotalLine(plan: PlanBody): string {
  let driftingTargets = 0;
  let components = 0;
  let changes = 0;
  let failed = 0;
  let blocked = 0;
  for (const target of plan.targets) {
    if (target.status === 'error') {
      failed += 1;
      continue;
    }
    const drift = targetDrift(target);
    if (drift.drifting > 0) driftingTargets += 1;
    components += drift.drifting;
    changes += drift.changes;
    blocked += blockedComponents(target).length;
  }
  const total = plan.targets.length;
  const drift =
    driftingTargets === 0
      ? `no drift in ${plural(total - failed, 'target')}`
      : `${driftingTargets} of ${plural(total, 'target')} ${driftingTargets === 1 ? 'drifts' : 'drift'}: ${plural(components, 'component')}, ${plural(changes, 'change')}`;
  const parts = [drift];
  const overrides = plan.targets.reduce((sum, target) => sum + overrideCount(target), 0);
  if (overrides > 0) parts.push(`${plural(overrides, 'element')} ${overrides === 1 ? 'overrides' : 'override'} a target's own change since the base`);
  if (blocked > 0) parts.push(`${plural(blocked, 'component')} with drift that cannot be applied here`);
  if (failed > 0) parts.push(`${plural(failed, 'target')} failed`);
  return parts.join('; ');
}

/** Overwrite with a base: how many of the target's own changes since the base the deploy changes back. */
export function overrideCount(target: PlannedTarget): number {
  return target.components.reduce((sum, component) => sum + (component.overrides?.length ?? 0), 0);
}

/** The differences merge mode keeps in a target, and how many of them no base tells the owner of. */
export type KeptTotals = { kept: number; unknownOwner: number };

export function keptTotals(target: PlannedTarget): KeptTotals {
  let kept = 0;
  let unknownOwner = 0;
  for (const component of target.components) {
    const count = component.kept?.length ?? 0;
    kept += count;
    // a plan made before owners were recorded had no base either
    if (component.keptOwner !== 'target') unknownOwner += count;
  }
  return { kept, unknownOwner };
}

/**
 * Whose the kept differences are: with a base, the target's own changes since it; without one, a
 * difference may be the target admin's or left by an earlier release, so its owner is unknown.
 */
export function keptOwnerLabel({ kept, unknownOwner }: KeptTotals): string {
  if (unknownOwner === 0) return "the target's own";
  if (unknownOwner === kept) return 'unknown owner, no base';
  return `${kept - unknownOwner} the target's own, ${unknownOwner} of unknown owner (no base)`;
}
