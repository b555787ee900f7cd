/*
 * ListView: an object's list view (`Account.AllAccounts`). A "My" view cannot be deployed at all,
 * and one whose custom column the target lacks is refused whole.
 */
import type { ChildRule } from '../ruleTypes.js';
import { isCustom, objectOfChild } from '../names.js';
import { orderedStrings, stringSet } from './collections.js';
import type { ComponentCheck, TypeHandler, XmlNode } from './handler.js';
import { lacksField } from './targetChecks.js';

const sharedToMembers = [
  'allCustomerPortalUsers', 'allInternalUsers', 'allPartnerUsers', 'channelProgramGroups', 'group', 'groups',
  'managerSubordinates', 'managers', 'portalRole', 'portalRoleAndSubordinates', 'queue', 'role',
  'roleAndSubordinates', 'roleAndSubordinatesInternal', 'roles', 'rolesAndSubordinates', 'territories',
  'territoriesAndSubordinates', 'territory', 'territoryAndSubordinates',
];

const listViewCollections: readonly ChildRule[] = [
  orderedStrings('columns'),
  // Without a booleanFilter the filters are ANDed: a filter is what it tests, wherever it stands.
  // A booleanFilter names filters by position, so then position is their identity.
  {
    tag: 'filters',
    shape: 'keyed',
    key: ['field', 'operation', 'value'],
    keyMode: 'composite',
    ordered: false,
    placement: 'append',
    positionalWith: 'booleanFilter',
  },
  { tag: 'sharedTo', shape: 'single', ordered: false, children: sharedToMembers.map(stringSet) },
];

/**
 * A "My" list view cannot be deployed at all; one whose custom column the target's object lacks is
 * refused whole ("Could not resolve list view column: X", forcedotcom/cli #2723): either stays out,
 * drift and all. `refuse`: how the view is refused (the whole component, or its entry in an object).
 */
export function listViewVeto(check: ComponentCheck, object: string, view: XmlNode, refuse: (reason: string) => void): void {
  const { read, facts } = check;
  const target = facts.name;
  if (read.textOf(view, 'filterScope') === 'Mine') {
    refuse(`a "My" list view of ${object} cannot be deployed to ${target} (Known Issue a028c00000qQ8ldAAC: the org answers "Invalid scope:Mine, not allowed"); set filterScope to Everything in the reference, or change the view in Setup`);
    return;
  }
  const missing = read.textsOf(view, 'columns').find((column) => isCustom(column) && !column.includes('.') && lacksField(facts.references, `${object}.${column}`));
  if (missing) refuse(`${target} has no field ${object}.${missing} for the column ${missing} of this list view (the org answers "Could not resolve list view column: ${missing}"); create the field in ${target} first, or remove the column in the reference`);
}

export const listView: TypeHandler = {
  rule: {
    type: 'ListView',
    deploy: 'replace',
    removeComponent: 'destructiveChanges',
    revokeChildren: 'deploy without the column or filter',
    children: listViewCollections,
  },
  selectedByDefault: true,
  subscriberEditable: 'all',
  vetoes: (check) => listViewVeto(check, objectOfChild(check.fullName), check.reference, (reason) => check.vetoWhole(reason)),
};
