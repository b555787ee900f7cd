/*
 * Counting drift the same way in every report: a component drifts when its action is not noop, and
 * the counts come from the components themselves so that a report never contradicts its own lines.
 */
import type { PlanBody, PlannedComponent, PlannedTarget, PlanReference } from '../plan/planTypes.js';

export type TargetDrift = {
  create: number;
  update: number;
  delete: number;
  noop: number;
  /** components whose action is not noop */
  drifting: number;
  changes: number;
};

export function isDrifting(component: PlannedComponent): boolean {
  return component.action !== 'noop';
}

export function driftingComponents(target: PlannedTarget): PlannedComponent[] {
  return target.components.filter(isDrifting);
}

export function targetDrift(target: PlannedTarget): TargetDrift {
  const drift: TargetDrift = { create: 0, update: 0, delete: 0, noop: 0, drifting: 0, changes: 0 };
  for (const component of target.components) {
    drift[component.action] += 1;
    if (isDrifting(component)) {
      drift.drifting += 1;
      drift.changes += component.changes.length;
    }
  }
  return drift;
}

export function targetStatus(target: PlannedTarget): 'error' | 'drift' | 'in sync' {
  if (target.status === 'error') return 'error';
  return targetDrift(target).drifting > 0 ? 'drift' : 'in sync';
}

/** How the user named the target: alias, else the name given, else the username. */
export function targetLabel(target: PlannedTarget): string {
  return target.alias ?? (target.name || target.username);
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
  for (const target of plan.targets) {
    if (target.status === 'error') {
      failed += 1;
      continue;
    }
    const drift = targetDrift(target);
    if (drift.drifting > 0) driftingTargets += 1;
    components += drift.drifting;
    changes += drift.changes;
  }
  const total = plan.targets.length;
  const drift =
    driftingTargets === 0
      ? `no drift in ${plural(total - failed, 'target')}`
      : `${driftingTargets} of ${plural(total, 'target')} ${driftingTargets === 1 ? 'drifts' : 'drift'}: ${plural(components, 'component')}, ${plural(changes, 'change')}`;
  return failed === 0 ? drift : `${drift}; ${plural(failed, 'target')} failed`;
}
