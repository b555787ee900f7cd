/*
 * Drift a target cannot take (docs/metadata-types.md "Blocked drift"): kept in the plan so every report
 * shows it with its reason, and kept out of what apply deploys so it never fails a deploy and never
 * counts as drift that apply will fix.
 */
import type { BlockedDrift, PlannedComponent } from './planTypes.js';

/** Whether apply deploys something for the component: it drifts and the target can take it. */
export function changesTarget(component: PlannedComponent): boolean {
  return component.action !== 'noop' && component.action !== 'blocked';
}

/**
 * The whole component is blocked: nothing of it is deployed (no content, no destructive children),
 * the drift stays listed in `changes` for the reader, and apply expects the target unchanged.
 * A component without drift stays as it is: there is nothing to block.
 */
export function blockComponent(component: PlannedComponent, drift: Omit<BlockedDrift, 'path'>): PlannedComponent {
  if (component.action === 'noop') return component;
  const { deployXml, deployFiles, ...rest } = component;
  return {
    ...rest,
    action: 'blocked',
    patchedHash: component.targetHash,
    irreversible: [],
    destructiveChildren: [],
    blocked: [...(component.blocked ?? []), { kind: drift.kind, reason: drift.reason }],
  };
}

/** Element-level blocks beside a deploy that goes ahead without them (the caller left them out of the content). */
export function withBlockedDrift(component: PlannedComponent, drift: BlockedDrift[]): PlannedComponent {
  if (drift.length === 0) return component;
  return { ...component, blocked: [...(component.blocked ?? []), ...drift] };
}
