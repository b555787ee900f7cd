/*
 * What a real org refuses in a deploy beyond missing references (each rule's source is in
 * README.md "Real-org rules"; the plugin's side of them: docs/metadata-types.md "Blocked drift").
 * Facts about the org come from its own metadata: a field is required when its CustomField says
 * `<required>true</required>` or is a MasterDetail; a profile's license is its `<userLicense>`.
 * The user permissions an org knows are Salesforce's (userPermissions.ts), not what its files name.
 */
import { ComponentStore, OrgFacts, StoredComponent, storeGet, storeList } from './org.js';
import { knownUserPermissions } from './userPermissions.js';
import { objectOfLayout } from './names.js';
import { XmlNode, children, text } from './xml.js';

export type { OrgFacts } from './org.js';

/**
 * Permissions each restricted license does not allow (strict subset, no public list exists:
 * Salesforce Platform and Identity licenses carry no CRM objects).
 */
export const LICENSE_DENIES: Record<string, readonly string[]> = {
  'Salesforce Platform': ['ConvertLeads', 'ManageCases', 'ManageSolutions', 'EditForecast', 'TransferAnyLead', 'ManageLeads'],
  Identity: ['ApiEnabled', 'ConvertLeads', 'EditOpportunity', 'ManageCases', 'ManageSolutions', 'ModifyAllData', 'ViewAllData', 'ViewSetup', 'CustomizeApplication'],
};

/**
 * Chatter publisher actions of the feed (`FeedItem.TextPost`, `FeedItem.PollPost`, ...): a layout's
 * publisher names them, and no org lists or retrieves them as QuickAction components.
 */
function isPublisherAction(name: string): boolean {
  return /^FeedItem\.[A-Za-z]+$/.test(name);
}

/**
 * The global actions every org is created with: real orgs list and retrieve them as QuickAction
 * components (`LogACall.quickAction`, `NewCase.quickAction`, ... in retrieved sample orgs), so an
 * org folder need not carry them for a layout to name them.
 */
export const DEFAULT_GLOBAL_ACTIONS: readonly string[] = ['LogACall', 'NewAccount', 'NewCase', 'NewContact', 'NewEvent', 'NewGroup', 'NewLead', 'NewNote', 'NewOpportunity', 'NewTask', 'SendEmail'];

function isCustomName(name: string): boolean {
  return /__[a-z]+$/i.test(name);
}

function fieldOf(store: ComponentStore, qualified: string): StoredComponent | undefined {
  return storeGet(store, 'CustomField', qualified);
}

/** A field whose permissions a deploy refuses: required, or the detail side of a master-detail. */
export function isRequiredField(store: ComponentStore, qualified: string): boolean {
  const field = fieldOf(store, qualified);
  if (!field) return false;
  return text(field.body, 'required') === 'true' || text(field.body, 'type') === 'MasterDetail';
}

function requiredFieldPermissions(store: ComponentStore, component: StoredComponent): string[] {
  return children(component.body, 'fieldPermissions')
    .map((entry) => text(entry, 'field') ?? '')
    .filter((field) => isRequiredField(store, field))
    .map((field) => `You cannot deploy to a required field: ${field}`);
}

function userPermissionProblems(store: ComponentStore, component: StoredComponent): string[] {
  const known = knownUserPermissions();
  const problems: string[] = [];
  const stored = storeGet(store, component.type, component.fullName);
  const license = stored ? text(stored.body, 'userLicense') : text(component.body, 'userLicense');
  const denied = new Set(license ? LICENSE_DENIES[license] ?? [] : []);
  for (const entry of children(component.body, 'userPermissions')) {
    const name = text(entry, 'name') ?? '';
    if (!known.has(name)) problems.push(`Unknown user permission: ${name}`);
    else if (text(entry, 'enabled') === 'true' && denied.has(name)) problems.push(`The user license doesn't allow the permission: ${name}`);
  }
  return problems;
}

function tabProblems(store: ComponentStore, component: StoredComponent): string[] {
  const problems: string[] = [];
  for (const tag of ['tabVisibilities', 'tabSettings']) {
    for (const entry of children(component.body, tag)) {
      const tab = text(entry, 'tab') ?? '';
      const valid = tab.startsWith('standard-') ? !isCustomName(tab.slice('standard-'.length)) || storeGet(store, 'CustomObject', tab.slice('standard-'.length)) !== undefined : storeGet(store, 'CustomTab', tab) !== undefined;
      if (!valid) problems.push(`You can't edit tab settings for ${tab}, as it's not a valid tab`);
    }
  }
  return problems;
}

function defaultApp(body: XmlNode | undefined): string | undefined {
  const entry = children(body, 'applicationVisibilities').find((e) => text(e, 'default') === 'true');
  return entry ? text(entry, 'application') : undefined;
}

const OBJECT_FLAGS: ReadonlyArray<[string, string]> = [
  ['allowRead', 'Read'],
  ['allowCreate', 'Create'],
  ['allowEdit', 'Edit'],
  ['allowDelete', 'Delete'],
  ['viewAllRecords', 'View All'],
  ['modifyAllRecords', 'Modify All'],
];

/** The master of a detail object: its MasterDetail field's `referenceTo`. */
function masterOf(store: ComponentStore, objectName: string): string | undefined {
  const field = storeList(store, 'CustomField').find((candidate) => candidate.fullName.startsWith(`${objectName}.`) && text(candidate.body, 'type') === 'MasterDetail');
  return field ? text(field.body, 'referenceTo') : undefined;
}

/**
 * Object permissions depend on others, in the file as the deploy leaves it: any access to a detail
 * object needs Read on its master ("Permission Read Child__c depends on permission(s): Read
 * Parent__c"), and Create, Edit or Delete need Read on the object itself ("Permission Create X
 * depends on permission(s): Read X"). Public deploy logs quote both; which user permissions depend
 * on which is not published whole, so those are not modelled.
 */
function objectPermissionDependencies(store: ComponentStore, component: StoredComponent): string[] {
  const after = storeGet(store, component.type, component.fullName)?.body ?? component.body;
  const entries = new Map(children(after, 'objectPermissions').map((entry) => [text(entry, 'object') ?? '', entry]));
  const reads = (objectName: string): boolean => text(entries.get(objectName), 'allowRead') === 'true';
  const problems: string[] = [];
  for (const [objectName, entry] of entries) {
    const granted = OBJECT_FLAGS.filter(([flag]) => text(entry, flag) === 'true');
    for (const [flag, label] of granted) {
      if (flag !== 'allowRead' && flag !== 'viewAllRecords' && flag !== 'modifyAllRecords' && !reads(objectName)) problems.push(`Permission ${label} ${objectName} depends on permission(s): Read ${objectName}`);
    }
    const master = masterOf(store, objectName);
    if (master && granted.length > 0 && !reads(master)) problems.push(`Permission ${granted[0][1]} ${objectName} depends on permission(s): Read ${master}`);
  }
  return problems;
}

/** Checks of a Profile or PermissionSet deploy against the org as it was before the deploy (`before`). */
export function permissionRefusals(store: ComponentStore, component: StoredComponent, _facts: OrgFacts, before: ComponentStore): string[] {
  const problems = [...requiredFieldPermissions(store, component), ...userPermissionProblems(store, component), ...tabProblems(store, component), ...objectPermissionDependencies(store, component)];
  const previous = storeGet(before, component.type, component.fullName);
  if (component.type === 'Profile' && previous && defaultApp(previous.body) !== undefined) {
    const after = storeGet(store, 'Profile', component.fullName);
    if (defaultApp(after?.body) === undefined) problems.push("You can't remove the only default app from the profile.");
  }
  return problems;
}

function quickActionExists(store: ComponentStore, objectName: string, name: string): boolean {
  if (isPublisherAction(name) || DEFAULT_GLOBAL_ACTIONS.includes(name)) return true;
  return storeGet(store, 'QuickAction', name) !== undefined || storeGet(store, 'QuickAction', `${objectName}.${name}`) !== undefined;
}

/**
 * A related-list column: a field of the child object, or `Object__c.Field__c`, a field of an object
 * the child looks up (a column such as "Medicine: Category" in a related list of Medicine Used
 * records, or "Session: Experience" in one of Bookings: retrieved sample apps). The far field must
 * exist, and the child must have a lookup or master-detail field to that object: no public source
 * states the refusal of a column the child cannot reach, so this is the strict reading.
 */
function relatedListFieldExists(store: ComponentStore, childObject: string, column: string): boolean {
  if (!column.includes('.')) return fieldOf(store, `${childObject}.${column}`) !== undefined;
  const far = column.slice(0, column.indexOf('.'));
  const field = column.slice(column.indexOf('.') + 1);
  if (isCustomName(field) && fieldOf(store, column) === undefined) return false;
  if (!isCustomName(far)) return true;
  return storeList(store, 'CustomField').some((candidate) => candidate.fullName.startsWith(`${childObject}.`) && text(candidate.body, 'referenceTo') === far);
}

/** Quick actions and related lists a layout names must exist in the org. */
export function layoutRefusals(store: ComponentStore, component: StoredComponent): string[] {
  const objectName = objectOfLayout(component.fullName);
  const problems: string[] = [];
  const actions = [
    ...children(component.body, 'quickActionList').flatMap((list) => children(list, 'quickActionListItems').map((item) => text(item, 'quickActionName') ?? '')),
    ...children(component.body, 'platformActionList').flatMap((list) =>
      children(list, 'platformActionListItems').filter((item) => text(item, 'actionType') === 'QuickAction').map((item) => text(item, 'actionName') ?? '')
    ),
  ];
  for (const action of actions) {
    if (!quickActionExists(store, objectName, action)) problems.push(`In field: QuickAction - no QuickAction named ${action} found`);
  }
  for (const related of children(component.body, 'relatedLists')) {
    const name = text(related, 'relatedList') ?? '';
    const childObject = name.includes('.') ? name.slice(0, name.indexOf('.')) : undefined;
    if (!childObject || !isCustomName(childObject)) continue;
    for (const field of related.fields ?? []) {
      if (typeof field !== 'string' || !isCustomName(field)) continue;
      const bare = field.startsWith(`${childObject}.`) ? field.slice(childObject.length + 1) : field;
      if (!relatedListFieldExists(store, childObject, bare)) problems.push(`Invalid field:${field} in related list:${name}`);
    }
  }
  return problems;
}

/**
 * A list view whose `filterScope` is Mine cannot be deployed: neither created nor given that scope
 * (Known Issue a028c00000qQ8ldAAC, forcedotcom/cli #3039: "Invalid scope:Mine, not allowed on:
 * <object>"); sfdx-hardis's workaround deploys Everything and sets Mine in Setup, so no deploy of a
 * Mine view is taken (the strict reading for one the org already has with that scope).
 */
export function listViewRefusals(_store: ComponentStore, component: StoredComponent): string[] {
  return text(component.body, 'filterScope') === 'Mine' ? ['Invalid scope:Mine, not allowed'] : [];
}

/**
 * The StandardValueSet a standard picklist field takes its values from (Metadata API Developer
 * Guide, "StandardValueSet Names and Standard Picklist Fields"; the rows of Salesforce's core objects).
 */
const STANDARD_PICKLIST_SETS: Record<string, string> = {
  'AccountContactRelation.Roles': 'AccountContactMultiRoles',
  'AccountContactRole.Role': 'AccountContactRole',
  'Account.Ownership': 'AccountOwnership',
  'Account.Rating': 'AccountRating',
  'Lead.Rating': 'AccountRating',
  'Account.Type': 'AccountType',
  'Asset.Status': 'AssetStatus',
  'CampaignMember.Status': 'CampaignMemberStatus',
  'Campaign.Status': 'CampaignStatus',
  'Campaign.Type': 'CampaignType',
  'CaseContactRole.Role': 'CaseContactRole',
  'Case.Origin': 'CaseOrigin',
  'Case.Priority': 'CasePriority',
  'Case.Reason': 'CaseReason',
  'Case.Status': 'CaseStatus',
  'Case.Type': 'CaseType',
  'OpportunityContactRole.Role': 'ContactRole',
  'ContractContactRole.Role': 'ContractContactRole',
  'Contract.Status': 'ContractStatus',
  'Entitlement.Type': 'EntitlementType',
  'Event.Subject': 'EventSubject',
  'Event.Type': 'EventType',
  'Idea.Categories': 'IdeaMultiCategory',
  'Idea.Status': 'IdeaStatus',
  'Account.Industry': 'Industry',
  'Lead.Industry': 'Industry',
  'Account.AccountSource': 'LeadSource',
  'Lead.LeadSource': 'LeadSource',
  'Opportunity.LeadSource': 'LeadSource',
  'Lead.Status': 'LeadStatus',
  'Opportunity.StageName': 'OpportunityStage',
  'Opportunity.Type': 'OpportunityType',
  'Order.Status': 'OrderStatus',
  'Order.Type': 'OrderType',
  'Product2.Family': 'Product2Family',
  'Contact.Salutation': 'Salutation',
  'Lead.Salutation': 'Salutation',
  'Solution.Status': 'SolutionStatus',
  'Task.Priority': 'TaskPriority',
  'Task.Status': 'TaskStatus',
  'Task.Subject': 'TaskSubject',
  'Task.Type': 'TaskType',
};

function picklistValues(store: ComponentStore, objectName: string, picklist: string): Set<string> | undefined {
  const field = fieldOf(store, `${objectName}.${picklist}`);
  if (field) {
    const valueSet = children(field.body, 'valueSet')[0];
    const global = text(valueSet, 'valueSetName');
    if (global) {
      const set = storeGet(store, 'GlobalValueSet', global);
      return set ? new Set(children(set.body, 'customValue').map((v) => decode(text(v, 'fullName') ?? ''))) : undefined;
    }
    const definition = children(valueSet, 'valueSetDefinition')[0];
    return new Set(children(definition, 'value').map((v) => decode(text(v, 'fullName') ?? '')));
  }
  // a standard picklist takes the values of its StandardValueSet: checked when the org holds that set
  const setName = STANDARD_PICKLIST_SETS[`${objectName}.${picklist}`];
  const standard = setName ? storeGet(store, 'StandardValueSet', setName) : undefined;
  return standard ? new Set(children(standard.body, 'standardValue').map((v) => decode(text(v, 'fullName') ?? ''))) : undefined;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Values a record type makes available must be values of the picklist. */
export function recordTypeRefusals(store: ComponentStore, component: StoredComponent): string[] {
  const objectName = component.fullName.split('.')[0];
  const problems: string[] = [];
  for (const entry of children(component.body, 'picklistValues')) {
    const picklist = text(entry, 'picklist') ?? '';
    const known = picklistValues(store, objectName, picklist);
    if (!known) continue;
    for (const value of children(entry, 'values')) {
      const name = decode(text(value, 'fullName') ?? '');
      if (!known.has(name)) problems.push(`Picklist value: ${name} in picklist: ${picklist} not found`);
    }
  }
  return problems;
}

function assignsFlexiPage(body: XmlNode, page: string): boolean {
  for (const tag of ['actionOverrides', 'profileActionOverrides']) {
    if (children(body, tag).some((entry) => text(entry, 'content') === page)) return true;
  }
  return false;
}

function layoutActions(body: XmlNode): string[] {
  return [
    ...children(body, 'quickActionList').flatMap((list) => children(list, 'quickActionListItems').map((item) => text(item, 'quickActionName') ?? '')),
    ...children(body, 'platformActionList').flatMap((list) => children(list, 'platformActionListItems').filter((item) => text(item, 'actionType') === 'QuickAction').map((item) => text(item, 'actionName') ?? '')),
  ];
}

/**
 * Components something else in the org still uses cannot be deleted. A layout naming a quick
 * action: "Cannot delete action NewCase. The following layout is referencing this. : Sailor
 * Layout", once per layout (SFDO-Community/OmbudsmanCloudCare #23). A global value set a field
 * uses, a Lightning page a tab or an app's utility bar uses, a compact layout an object has
 * assigned: refused too, in words that are not public (the emulator's, README "Real-org rules").
 */
function usedBy(store: ComponentStore, type: string, fullName: string): string | undefined {
  if (type === 'QuickAction') {
    const own = fullName.slice(fullName.indexOf('.') + 1);
    const objectName = fullName.includes('.') ? fullName.slice(0, fullName.indexOf('.')) : undefined;
    const layouts = storeList(store, 'Layout')
      .filter((layout) => layoutActions(layout.body).some((action) => action === fullName || (objectName !== undefined && objectOfLayout(layout.fullName) === objectName && action === own)))
      .sort((a, b) => a.fullName.localeCompare(b.fullName));
    if (layouts.length > 0) return layouts.map((layout) => `Cannot delete action ${own}. The following layout is referencing this. : ${layout.fullName.slice(layout.fullName.indexOf('-') + 1)}`).join('. ');
  }
  if (type === 'GlobalValueSet') {
    const field = storeList(store, 'CustomField').find((candidate) => text(children(candidate.body, 'valueSet')[0], 'valueSetName') === fullName);
    if (field) return `Cannot delete the global value set ${fullName}: the field ${field.fullName} uses it.`;
  }
  if (type === 'FlexiPage') {
    const tab = storeList(store, 'CustomTab').find((candidate) => text(candidate.body, 'flexiPage') === fullName);
    if (tab) return `Cannot delete the Lightning page ${fullName}: the tab ${tab.fullName} uses it.`;
    const app = storeList(store, 'CustomApplication').find((candidate) => text(candidate.body, 'utilityBar') === fullName);
    if (app) return `Cannot delete the Lightning page ${fullName}: the utility bar of the app ${app.fullName} uses it.`;
  }
  if (type === 'CompactLayout') {
    const [objectName, layout] = [fullName.slice(0, fullName.indexOf('.')), fullName.slice(fullName.indexOf('.') + 1)];
    const object = storeGet(store, 'CustomObject', objectName);
    if (object && text(object.body, 'compactLayoutAssignment') === layout) return `Cannot delete the compact layout ${fullName}: it is assigned to ${objectName}.`;
  }
  return undefined;
}

/** Why the org refuses to delete a component through the API, or undefined when it may go. */
export function refusedDeletion(store: ComponentStore, type: string, fullName: string): string | undefined {
  if (type === 'RecordType') return 'Cannot delete record type through API';
  const used = usedBy(store, type, fullName);
  if (used) return used;
  if (type === 'FlexiPage') {
    const holders = ['CustomApplication', 'CustomObject', 'Profile'].flatMap((holder) => storeList(store, holder));
    const assigned = holders.find((holder) => assignsFlexiPage(holder.body, fullName));
    // the wording a real org answers (SFDO-Tooling/CumulusCI #136); it names the page's Id after it
    if (assigned) return "You can't delete an active Lightning Page. Open the page in Lightning App Builder and click Activation to deactivate it.";
  }
  if (type === 'Layout') {
    const objectName = objectOfLayout(fullName);
    const others = storeList(store, 'Layout').filter((layout) => layout.fullName !== fullName && objectOfLayout(layout.fullName) === objectName);
    // the org's wording is not public (NPSP PR #761 only says "you can't delete the only layout"): README "Real-org rules"
    if (storeGet(store, 'Layout', fullName) && others.length === 0) return `You can't delete the only layout of ${objectName}.`;
  }
  return undefined;
}

/** A standard profile's user permissions cannot be changed: a deploy leaves them as they are. */
export function keepStandardUserPermissions(existing: XmlNode, incoming: XmlNode): XmlNode {
  if (text(existing, 'custom') !== 'false' || incoming.userPermissions === undefined) return incoming;
  const { userPermissions: _ignored, ...rest } = incoming;
  return rest;
}

function enabledPermission(body: XmlNode, name: string): boolean {
  return children(body, 'userPermissions').some((entry) => text(entry, 'name') === name && text(entry, 'enabled') === 'true');
}

const VIEW_ALL_IMPLIES = ['allowRead', 'viewAllRecords'];
const MODIFY_ALL_IMPLIES = ['allowCreate', 'allowDelete', 'allowEdit', 'allowRead', 'modifyAllRecords', 'viewAllRecords'];

/** View All Data / Modify All Data imply read / edit on every object: object flags below them do not stick. */
export function withImpliedObjectAccess(body: XmlNode): XmlNode {
  const implied = enabledPermission(body, 'ModifyAllData') ? MODIFY_ALL_IMPLIES : enabledPermission(body, 'ViewAllData') ? VIEW_ALL_IMPLIES : [];
  if (implied.length === 0 || body.objectPermissions === undefined) return body;
  const objectPermissions = body.objectPermissions.map((entry) => {
    if (typeof entry === 'string') return entry;
    const raised: XmlNode = { ...entry };
    for (const flag of implied) raised[flag] = ['true'];
    return Object.fromEntries(Object.entries(raised).sort(([a], [b]) => a.localeCompare(b)));
  });
  return { ...body, objectPermissions };
}
