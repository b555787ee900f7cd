/*
 * A subset of a plan's targets, named as users name orgs: the name given to plan, alias, username or org ID.
 */
import { Messages } from '@salesforce/core';
import { PlannedTarget } from './planTypes.js';

Messages.importMessagesDirectoryFromMetaUrl(import.meta.url);
const messages = Messages.loadMessages('sf-postdeploy', 'postdeploy.apply');

export function choosePlanTargets(plan: { targets: PlannedTarget[] }, subset: string[] | undefined): PlannedTarget[] {
  if (!subset?.length) return plan.targets;
  return subset.map((name) => {
    const found = plan.targets.find((t) => [t.name, t.alias, t.username, t.orgId].includes(name));
    if (!found) throw messages.createError('error.UnknownPlanTarget', [name, plan.targets.map((t) => t.alias ?? t.username).join(', ')]);
    return found;
  });
}
