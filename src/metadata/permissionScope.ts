/*
 * What a permission file names. A Profile retrieved alone holds only the entries of components
 * retrieved in the same request (docs/metadata-types.md), so every request that carries a
 * permission file also carries the components its entries name. The key field of each entry is
 * the one its collection rule keys it by; this table adds the type of component the key names.
 */
import type { ChildRule } from './ruleTypes.js';
import {
  permissionSetTabSettings,
  profileLayoutAssignments,
  profileTabVisibilities,
  sharedPermissionCollections,
} from './permissionCollections.js';

/** A permission entry collection and the component its key field names. */
export type PermissionReference = {
  readonly tag: string;
  /** the entry's key field (`field` of fieldPermissions) */
  readonly field: string;
  readonly type: string;
  /** the key is `Object.Child` (a field, a record type): the component is the object */
  readonly objectPart?: boolean;
};

const collections: readonly ChildRule[] = [...sharedPermissionCollections, profileTabVisibilities, permissionSetTabSettings, profileLayoutAssignments];

function reference(tag: string, type: string, objectPart = false): PermissionReference {
  const rule = collections.find((candidate) => candidate.tag === tag);
  const field = rule?.key?.[0];
  if (!field) throw new Error(`no keyed permission collection ${tag}`);
  return objectPart ? { tag, field, type, objectPart } : { tag, field, type };
}

/** In the order a permission file's entries are read; userPermissions name no component. */
export const PERMISSION_REFERENCES: readonly PermissionReference[] = [
  reference('fieldPermissions', 'CustomObject', true),
  reference('objectPermissions', 'CustomObject'),
  reference('recordTypeVisibilities', 'CustomObject', true),
  reference('classAccesses', 'ApexClass'),
  reference('pageAccesses', 'ApexPage'),
  reference('layoutAssignments', 'Layout'),
  reference('applicationVisibilities', 'CustomApplication'),
  reference('customPermissions', 'CustomPermission'),
  // custom settings and custom metadata types are objects: without them their accesses vanish
  reference('customSettingAccesses', 'CustomObject'),
  reference('customMetadataTypeAccesses', 'CustomObject'),
  reference('flowAccesses', 'Flow'),
  reference('externalDataSourceAccesses', 'ExternalDataSource'),
  // a standard tab comes back only when it is named itself, `CustomTab: standard-Account`
  reference('tabVisibilities', 'CustomTab'),
  reference('tabSettings', 'CustomTab'),
];

/**
 * Types whose members a reference org is asked for so that its permission files come back whole:
 * every type PERMISSION_REFERENCES names, in the order they are listed (three per listMetadata call).
 */
export const PERMISSION_SCOPE_TYPES: readonly string[] = [
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
export const STANDARD_NON_OBJECT_TABS: readonly string[] = [
  'standard-home',
  'standard-Chatter',
  'standard-report',
  'standard-Dashboard',
  'standard-File',
  'standard-Forecasting3',
];
