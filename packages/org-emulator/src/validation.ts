/*
 * The reference checks Salesforce makes when a deploy completes. They run against the org as it
 * would be after the deploy, so components deployed together may refer to each other.
 */
import type { PackageRegistry } from './managed.js';
import { ComponentStore, StoredComponent, storeGet } from './org.js';
import { OrgFacts, layoutRefusals, listViewRefusals, permissionRefusals, recordTypeRefusals } from './refusals.js';
import { typeInfo } from './registry.js';
import { objectOfLayout, splitParent } from './semantics.js';
import { children, text } from './xml.js';

export type ValidationProblem = { problem: string };

/** Standard fields and objects always exist; custom ones (`__c`, `__mdt`, ...) must be in the org. */
function isCustom(name: string): boolean {
  return /__[a-z]+$/i.test(name);
}

/**
 * Where a real org defines a field that components name on another object (README "Real-org
 * rules"): Task and Event custom fields are fields of Activity (sfpowerkit #446 and #517, salto
 * #6454); PersonAccount is Account, and a person account's `__pc` field is the Contact field
 * `__c` (Salesforce Help "Account Fields": "Fields with a prefix Person or suffix __pc are contact
 * fields").
 */
function definitionsOf(objectName: string, fieldName: string): string[] {
  const named = `${objectName}.${fieldName}`;
  if (objectName === 'Task' || objectName === 'Event') return [named, `Activity.${fieldName}`];
  if (objectName !== 'Account' && objectName !== 'PersonAccount') return [named];
  if (fieldName.endsWith('__pc')) return [`Contact.${fieldName.slice(0, -'__pc'.length)}__c`];
  return [`Account.${fieldName}`];
}

function fieldExists(store: ComponentStore, objectName: string, fieldName: string): boolean {
  if (!isCustom(fieldName)) return true;
  return definitionsOf(objectName, fieldName).some((qualified) => storeGet(store, 'CustomField', qualified) !== undefined);
}

function objectExists(store: ComponentStore, objectName: string): boolean {
  return !isCustom(objectName) || storeGet(store, 'CustomObject', objectName) !== undefined;
}

function missingField(qualified: string): string {
  return `In field: field - no CustomField named ${qualified} found`;
}

function checkLayout(store: ComponentStore, component: StoredComponent): string[] {
  const objectName = objectOfLayout(component.fullName);
  const problems: string[] = [];
  for (const section of children(component.body, 'layoutSections')) {
    for (const column of children(section, 'layoutColumns')) {
      for (const item of children(column, 'layoutItems')) {
        const field = text(item, 'field');
        if (field && !fieldExists(store, objectName, field)) {
          problems.push(`Field ${field} does not exist on ${objectName}: ${missingField(`${objectName}.${field}`)}`);
        }
      }
    }
  }
  return problems;
}

function checkPermissions(store: ComponentStore, component: StoredComponent): string[] {
  const problems: string[] = [];
  for (const entry of children(component.body, 'fieldPermissions')) {
    const field = text(entry, 'field') ?? '';
    const dot = field.indexOf('.');
    if (dot === -1 || !fieldExists(store, field.slice(0, dot), field.slice(dot + 1))) problems.push(missingField(field));
  }
  for (const entry of children(component.body, 'objectPermissions')) {
    const objectName = text(entry, 'object') ?? '';
    if (!objectExists(store, objectName)) problems.push(`In field: object - no CustomObject named ${objectName} found`);
  }
  for (const entry of children(component.body, 'recordTypeVisibilities')) {
    const recordType = text(entry, 'recordType') ?? '';
    if (!storeGet(store, 'RecordType', recordType)) problems.push(`In field: recordType - no RecordType named ${recordType} found`);
  }
  for (const entry of children(component.body, 'layoutAssignments')) {
    const layout = text(entry, 'layout') ?? '';
    if (!storeGet(store, 'Layout', layout)) problems.push(`In field: layout - no Layout named ${layout} found`);
  }
  for (const { tag, field, type } of NAMED_COMPONENTS) {
    for (const entry of children(component.body, tag)) {
      const name = text(entry, field) ?? '';
      if (!namedComponentExists(store, type, name)) problems.push(`In field: ${field} - no ${type} named ${name} found`);
    }
  }
  return problems;
}

/**
 * Entries of a profile or permission set that name a component of the org: one naming a component
 * the org lacks fails the whole file, "In field: apexClass - no ApexClass named X found"
 * (jongpie/NebulaLogger #122). The wording for the other types follows that pattern: not published.
 */
const NAMED_COMPONENTS: ReadonlyArray<{ tag: string; field: string; type: string }> = [
  { tag: 'classAccesses', field: 'apexClass', type: 'ApexClass' },
  { tag: 'pageAccesses', field: 'apexPage', type: 'ApexPage' },
  { tag: 'applicationVisibilities', field: 'application', type: 'CustomApplication' },
  { tag: 'customPermissions', field: 'name', type: 'CustomPermission' },
  { tag: 'flowAccesses', field: 'flow', type: 'Flow' },
];

/** Salesforce's own apps (`standard__Sales`, ...) are in every org. */
function namedComponentExists(store: ComponentStore, type: string, name: string): boolean {
  if (type === 'CustomApplication' && name.startsWith('standard__')) return true;
  return storeGet(store, type, name) !== undefined;
}

function checkRecordType(store: ComponentStore, component: StoredComponent): string[] {
  const objectName = component.fullName.split('.')[0];
  return children(component.body, 'picklistValues')
    .map((entry) => text(entry, 'picklist') ?? '')
    .filter((picklist) => !fieldExists(store, objectName, picklist))
    .map((picklist) => `In field: picklist - no CustomField named ${objectName}.${picklist} found`);
}

function checkCompactLayout(store: ComponentStore, component: StoredComponent): string[] {
  const objectName = component.fullName.split('.')[0];
  return (component.body.fields ?? [])
    .filter((field): field is string => typeof field === 'string')
    .filter((field) => !fieldExists(store, objectName, field))
    .map((field) => missingField(`${objectName}.${field}`));
}

/**
 * A list view's custom columns must be fields of its object: "Could not resolve list view column:
 * RECORDTYPE" (forcedotcom/cli #2723 quotes the org for a column it cannot resolve). Whom it is
 * shared with must exist: a group or a role the org lacks (`sharedTo` `group`, `role`,
 * `roleAndSubordinates`, `roleAndSubordinatesInternal`) is refused; that message is not public
 * (the emulator's, README "Real-org rules").
 */
function checkListView(store: ComponentStore, component: StoredComponent): string[] {
  const objectName = component.fullName.split('.')[0];
  const problems = (component.body.columns ?? [])
    .filter((column): column is string => typeof column === 'string' && !column.includes('.'))
    .filter((column) => !fieldExists(store, objectName, column))
    .map((column) => `Could not resolve list view column: ${column}`);
  for (const sharedTo of children(component.body, 'sharedTo')) {
    for (const [tag, type] of [['group', 'Group'], ['role', 'Role'], ['roleAndSubordinates', 'Role'], ['roleAndSubordinatesInternal', 'Role']] as const) {
      for (const name of sharedTo[tag] ?? []) {
        if (typeof name === 'string' && !storeGet(store, type, name)) problems.push(`In field: sharedTo - no ${type} named ${name} found`);
      }
    }
  }
  return problems;
}

/** What the org knew before the deploy: its facts and its components as they were. */
/**
 * Static resources (README "Real-org rules"): one is at most 5 MB, refused in the org's words; an org
 * holds at most 250 MB of them, refused in the emulator's words (the org's are not public). Whether
 * a real org counts a megabyte as 10^6 or 2^20 bytes is not published: the emulator takes the
 * smaller, 10^6.
 */
export const STATIC_RESOURCE_MAX_BYTES = 5_000_000;
export const STATIC_RESOURCES_ORG_MAX_BYTES = 250_000_000;

function contentBytes(component: StoredComponent): number {
  return Object.values(component.files ?? {}).reduce((sum, content) => sum + content.length, 0);
}

function checkStaticResource(store: ComponentStore, component: StoredComponent): string[] {
  if (contentBytes(component) > STATIC_RESOURCE_MAX_BYTES) return ['static resource cannot exceed 5MB'];
  const total = [...(store.get('StaticResource')?.values() ?? [])].reduce((sum, held) => sum + contentBytes(held), 0);
  if (total > STATIC_RESOURCES_ORG_MAX_BYTES) return [`The static resources of this org would take ${total} bytes: an org holds at most 250MB of them`];
  return [];
}

export type ValidationContext = { facts: OrgFacts; before: ComponentStore; packages?: PackageRegistry };

type Check = (store: ComponentStore, component: StoredComponent, context: ValidationContext) => string[];

const CHECKS: Record<string, Check> = {
  Layout: (store, component) => [...checkLayout(store, component), ...layoutRefusals(store, component)],
  Profile: (store, component, context) => [
    ...checkPermissions(store, component),
    ...permissionRefusals(store, component, context.facts, context.before),
  ],
  PermissionSet: (store, component, context) => [...checkPermissions(store, component), ...permissionRefusals(store, component, context.facts, context.before)],
  RecordType: (store, component) => [...checkRecordType(store, component), ...recordTypeRefusals(store, component)],
  CompactLayout: checkCompactLayout,
  ListView: (store, component) => [...listViewRefusals(store, component), ...checkListView(store, component)],
  StaticResource: checkStaticResource,
};

export function validateComponent(store: ComponentStore, component: StoredComponent, context: ValidationContext = { facts: {}, before: new Map() }): string[] {
  // deploy zips carry record types, compact layouts, ... inside their object's file: check each of them
  if ((typeInfo(component.type)?.children.length ?? 0) > 0) {
    return splitParent(component).children.flatMap((child) => validateComponent(store, child, context));
  }
  return CHECKS[component.type]?.(store, component, context) ?? [];
}

