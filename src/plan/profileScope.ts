/*
 * A Profile retrieved alone holds only the entries of components retrieved in the same request
 * (METADATA.md), so the planner adds to every request the components that the reference's
 * permission entries name, and the same ones for the reference and every target. This module
 * finds them; it is pure.
 */
import { XMLParser } from 'fast-xml-parser';
import { ComponentKey } from '../org/index.js';

export const PERMISSION_TYPES = new Set(['Profile', 'PermissionSet']);

/** Types whose members a reference org is asked for so that its permission files come back whole. */
export const PERMISSION_SCOPE_TYPES = [
  'CustomObject',
  'ApexClass',
  'ApexPage',
  'CustomTab',
  'CustomApplication',
  'Layout',
  'CustomPermission',
  'Flow',
  'ExternalDataSource',
];

/**
 * Standard tabs that are not an object's tab. listMetadata never lists standard tabs, and their
 * visibilities come back only when `CustomTab: standard-X` is named in the request (sfdx-hardis,
 * "work on task: profiles"); names an org lacks are reported missing and ignored.
 */
const STANDARD_NON_OBJECT_TABS = ['standard-home', 'standard-Chatter', 'standard-report', 'standard-Dashboard', 'standard-File', 'standard-Forecasting3'];

/** The standard tabs to name in a request: one per standard object, and the standard non-object tabs. */
export function standardTabs(objects: ComponentKey[]): ComponentKey[] {
  const names = objects.filter((o) => o.type === 'CustomObject' && !o.fullName.includes('__')).map((o) => `standard-${o.fullName}`);
  return [...new Set([...names, ...STANDARD_NON_OBJECT_TABS])].map((fullName) => ({ type: 'CustomTab', fullName }));
}

const parser = new XMLParser({ parseTagValue: false, isArray: (): boolean => true, ignoreAttributes: true });

type Entry = Record<string, string[] | undefined>;

function objectOf(qualified: string): string {
  const dot = qualified.indexOf('.');
  return dot === -1 ? qualified : qualified.slice(0, dot);
}

/** The components a permission file's entries refer to (what must be retrieved with it). */
export function permissionDependencies(xml: string): ComponentKey[] {
  const parsed = parser.parse(xml) as Record<string, Array<Record<string, Entry[] | undefined>>>;
  const rootTag = Object.keys(parsed).find((key) => !key.startsWith('?'));
  const root = rootTag ? parsed[rootTag][0] : undefined;
  if (!root || typeof root !== 'object') return [];
  const keys = new Map<string, ComponentKey>();
  const add = (type: string, fullName: string | undefined): void => {
    if (fullName) keys.set(`${type}:${fullName}`, { type, fullName });
  };
  const each = (tag: string, field: string, visit: (value: string) => void): void => {
    for (const entry of root[tag] ?? []) {
      const value = entry[field]?.[0];
      if (typeof value === 'string') visit(value);
    }
  };
  each('fieldPermissions', 'field', (field) => add('CustomObject', objectOf(field)));
  each('objectPermissions', 'object', (object) => add('CustomObject', object));
  each('recordTypeVisibilities', 'recordType', (recordType) => add('CustomObject', objectOf(recordType)));
  each('classAccesses', 'apexClass', (name) => add('ApexClass', name));
  each('pageAccesses', 'apexPage', (name) => add('ApexPage', name));
  each('layoutAssignments', 'layout', (name) => add('Layout', name));
  each('applicationVisibilities', 'application', (name) => add('CustomApplication', name));
  each('customPermissions', 'name', (name) => add('CustomPermission', name));
  // custom settings and custom metadata types are objects: without them their accesses vanish
  each('customSettingAccesses', 'name', (name) => add('CustomObject', name));
  each('customMetadataTypeAccesses', 'name', (name) => add('CustomObject', name));
  each('flowAccesses', 'flow', (name) => add('Flow', name));
  each('externalDataSourceAccesses', 'externalDataSource', (name) => add('ExternalDataSource', name));
  for (const tag of ['tabVisibilities', 'tabSettings']) {
    // a standard tab comes back only when it is named itself, `CustomTab: standard-Account`
    each(tag, 'tab', (tab) => add('CustomTab', tab));
  }
  return [...keys.values()];
}
