/*
 * A subset of the recorded targets (of a plan, or of an apply's journal), named as users name orgs:
 * the name given to plan, alias, username or org ID.
 */
import { Messages, SfError } from '@salesforce/core';
import { PlannedTarget } from './planTypes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

/** A target as the plan or the journal records it. */
export type RecordedTarget = { name: string; alias?: string; username: string; orgId?: string };

/** How the user knows the target: its alias, else its username. */
export function labelOf(target: RecordedTarget): string {
  return target.alias ?? target.username;
}

/**
 * The targets `subset` names, in its order; every recorded target when it names none. A name that
 * matches none is refused with `unknown`'s error.
 */
export function chooseTargets<T extends RecordedTarget>(recorded: T[], subset: string[] | undefined, unknown: (name: string, known: string) => SfError): T[] {
  if (!subset?.length) return recorded;
  return subset.map((name) => {
    const found = recorded.find((t) => [t.name, t.alias, t.username, t.orgId].includes(name));
    if (!found) throw unknown(name, recorded.map(labelOf).join(', '));
    return found;
  });
}

export function choosePlanTargets(plan: { targets: PlannedTarget[] }, subset: string[] | undefined): PlannedTarget[] {
  return chooseTargets(plan.targets, subset, (name, known) => messages.createError('error.UnknownPlanTarget', [name, known]));
}
