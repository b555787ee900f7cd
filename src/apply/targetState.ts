/*
 * Reading what a target org holds now for a set of planned components: the retrieve that apply
 * and rollback both start with (staleness check, snapshot, changed-since check) and end with
 * (verification).
 */
import { hashComponent } from '../diff/index.js';
import { ComponentKey, MetadataComponent, OrgHandle, deployComponents, executeAnonymousApex, resolveOrg, retrieveComponents } from '../org/index.js';
import type { PlanBody } from '../plan/planTypes.js';

export type CurrentState = { components: Map<string, MetadataComponent>; hashes: Map<string, string | null> };

export const keyOf = (component: ComponentKey): string => `${component.type}:${component.fullName}`;

export async function readCurrentState(
  handle: OrgHandle,
  touched: ComponentKey[],
  scope: ComponentKey[],
  options: { apiVersion: string; waitMs?: number; retrieve?: typeof retrieveComponents }
): Promise<CurrentState> {
  const retrieve = options.retrieve ?? retrieveComponents;
  const keys = [...new Map([...touched, ...scope].map((k) => [keyOf(k), { type: k.type, fullName: k.fullName }])).values()];
  const outcome = await retrieve(handle, keys, { apiVersion: options.apiVersion, waitMs: options.waitMs });
  const components = new Map(outcome.components.map((c) => [keyOf(c), c]));
  const hashes = new Map<string, string | null>();
  for (const key of touched) {
    const component = components.get(keyOf(key));
    hashes.set(keyOf(key), component ? hashComponent(key.type, component.xml) : null);
  }
  return { components, hashes };
}

/**
 * What plan read from every target: the selected components and the scope. A profile retrieved
 * holds only the entries of what the same request names, so apply and rollback re-read exactly this
 * set: a profile read with less would lose entries and look changed since the plan.
 */
export function planReadSet(plan: Pick<PlanBody, 'scope' | 'targets'>): ComponentKey[] {
  const keys = new Map<string, ComponentKey>();
  for (const target of plan.targets) for (const c of target.components) keys.set(keyOf(c), { type: c.type, fullName: c.fullName });
  for (const c of plan.scope) keys.set(keyOf(c), { type: c.type, fullName: c.fullName });
  return [...keys.values()];
}

/** The org operations apply and rollback use; tests may pass their own. */
export type OrgOperations = {
  resolveOrg: typeof resolveOrg;
  retrieveComponents: typeof retrieveComponents;
  deployComponents: typeof deployComponents;
  /** release steps of kind apex; absent: the real org's */
  executeAnonymous?: typeof executeAnonymousApex;
};
export const REAL_ORG_OPERATIONS: OrgOperations = { resolveOrg, retrieveComponents, deployComponents, executeAnonymous: executeAnonymousApex };
