/*
 * Drift a target cannot take (docs/metadata-types.md "Blocked drift"): kept in the plan so every report
 * shows it with its reason, and kept out of what apply deploys so it never fails a deploy and never
 * counts as drift that apply will fix. A component's action is what its drift does; `blocked` beside
 * it says what of that the target cannot take, all of it when an entry is `whole`.
 */
import type { BlockedDrift, ComponentAction, PlannedComponent } from './planTypes.js';

/** Nothing of the component's drift can be deployed to this target: reports show it as blocked. */
export function isWhollyBlocked(component: Pick<PlannedComponent, 'action' | 'blocked'>): boolean {
  return component.action !== 'noop' && component.blocked.some((drift) => drift.whole === true);
}

/** Whether apply deploys something for the component: it drifts and the target can take it. */
export function changesTarget(component: Pick<PlannedComponent, 'action' | 'blocked'>): boolean {
  return component.action !== 'noop' && !isWhollyBlocked(component);
}

/** The action as counts and reports name it: a wholly blocked component reads `blocked`, whatever its drift would do. */
export function reportedAction(component: Pick<PlannedComponent, 'action' | 'blocked'>): ComponentAction | 'blocked' {
  return isWhollyBlocked(component) ? 'blocked' : component.action;
}

/**
 * The whole component is blocked: nothing of it is deployed (no content, no destructive children),
 * the drift stays listed in `changes` for the reader, and apply expects the target unchanged.
 * A component without drift stays as it is: there is nothing to block.
 */
export function blockComponent(component: PlannedComponent, drift: Omit<BlockedDrift, 'path' | 'whole'>): PlannedComponent {
  if (component.action === 'noop') return component;
  const { deployXml, deployFiles, ...rest } = component;
  return {
    ...rest,
    patchedHash: component.targetHash,
    irreversible: [],
    destructiveChildren: [],
    blocked: [...component.blocked, { kind: drift.kind, reason: drift.reason, whole: true }],
  };
}

/**
 * Every element of the drift is blocked (the patch had nothing left to deploy): the component keeps
 * the action of its drift (an update of what the target has, else a create), lists that drift for
 * the reader, and deploys nothing.
 */
export function blockAllElements(component: PlannedComponent, changes: PlannedComponent['changes'], drift: BlockedDrift[]): PlannedComponent {
  const { deployXml, deployFiles, ...rest } = component;
  return {
    ...rest,
    action: component.targetHash === null ? 'create' : 'update',
    changes,
    patchedHash: component.targetHash,
    blocked: [...component.blocked, ...drift.map((d) => ({ ...d, whole: true as const }))],
  };
}

/** Element-level blocks beside a deploy that goes ahead without them (the caller left them out of the content). */
export function withBlockedDrift(component: PlannedComponent, drift: BlockedDrift[]): PlannedComponent {
  if (drift.length === 0) return component;
  return { ...component, blocked: [...component.blocked, ...drift] };
}
