import type { ChildRule, TypeRule } from './ruleTypes.js';
import {
  permissionSetExternalCredentialAccesses,
  permissionSetTabSettings,
  profileCategoryGroupVisibilities,
  profileLayoutAssignments,
  profileTabVisibilities,
  sharedPermissionCollections,
} from './permissionCollections.js';
import { customFieldValueSet, valueSetValues } from './valueSetCollections.js';
import {
  compactLayoutCollections,
  layoutCollections,
  listViewCollections,
  quickActionCollections,
} from './layoutCollections.js';

const keyedByName = (tag: string, key = 'name', children?: readonly ChildRule[]): ChildRule => ({
  tag,
  shape: 'keyed',
  key: [key],
  ordered: false,
  placement: 'append',
  children,
});

const profile: TypeRule = {
  type: 'Profile',
  deploy: 'overlay',
  removeComponent: 'destructiveChanges (custom profiles only)',
  keepsExtraComponents: 'a profile holds users and standard profiles cannot be deleted: delete a custom profile in Setup once no user has it',
  revokeChildren: 'deploy the entry explicitly with every flag false / no access; omission never revokes',
  requiredFields: [],
  noise: [
    'false / no-access entries equal absent ones',
    'a retrieve only returns entries for components retrieved in the same request',
  ],
  children: [
    ...sharedPermissionCollections,
    profileTabVisibilities,
    profileCategoryGroupVisibilities,
    profileLayoutAssignments,
    {
      tag: 'profileActionOverrides',
      shape: 'keyed',
      key: ['actionName', 'pageOrSobjectType', 'recordType', 'formFactor'],
      keyMode: 'composite',
      ordered: false,
      removal: 'none',
    },
    { tag: 'loginIpRanges', shape: 'keyed', key: ['startAddress', 'endAddress'], keyMode: 'composite', ordered: false, removal: 'none', sentWhole: true },
    { tag: 'loginHours', shape: 'single', ordered: false },
  ],
  unverified: [
    'profileActionOverrides and loginIpRanges: whether an overlay deploy can remove an entry (treated as removal "none")',
    'loginIpRanges: whether a deploy replaces the whole list (sent whole: a change sends the complete list, as salto does)',
  ],
};

const permissionSet: TypeRule = {
  type: 'PermissionSet',
  deploy: 'replace',
  removeComponent: 'destructiveChanges',
  keepsExtraComponents: 'a permission set assigned to users cannot be deleted, and deleting it takes access away from them: delete it in Setup',
  revokeChildren: 'deploy the full file without the entry (never a trimmed delta)',
  noise: ['false / no-access entries equal absent ones', 'one API version on both sides'],
  children: [
    ...sharedPermissionCollections.map((rule) => ({ ...rule, removal: 'omit' as const })),
    { ...permissionSetTabSettings, removal: 'omit' },
    { ...permissionSetExternalCredentialAccesses, removal: 'omit' },
  ],
};

const layout: TypeRule = {
  type: 'Layout',
  deploy: 'replace',
  removeComponent: 'destructiveChanges; an object\'s last layout cannot be deleted',
  revokeChildren: 'deploy without the item',
  deletion: { refused: 'lastOfObject', reason: 'an object\'s last page layout cannot be deleted through the API' },
  keepsExtraComponents: 'a layout may be assigned to profiles and record types, and an object\'s last layout cannot be deleted: reassign it and delete it in Setup',
  noise: ['names URL-encoded (%2E, %28...)'],
  children: layoutCollections,
};

const compactLayout: TypeRule = {
  type: 'CompactLayout',
  deploy: 'replace',
  removeComponent: 'destructiveChanges',
  revokeChildren: 'deploy without the field',
  children: compactLayoutCollections,
};

const listView: TypeRule = {
  type: 'ListView',
  deploy: 'replace',
  removeComponent: 'destructiveChanges',
  revokeChildren: 'deploy without the column or filter',
  children: listViewCollections,
};

const recordTypePicklistValues: ChildRule = {
  tag: 'picklistValues',
  shape: 'keyed',
  key: ['picklist'],
  ordered: false,
  placement: 'append',
  removal: 'omit',
  children: [
    { tag: 'values', shape: 'keyed', key: ['fullName'], ordered: false, placement: 'append', removal: 'omit', singleTrueField: 'default' },
  ],
};

const recordType: TypeRule = {
  type: 'RecordType',
  deploy: 'replace',
  removeComponent: 'cannot be deleted through the API: deactivate it (active false), delete it in Setup',
  keepsExtraComponents: 'a record type cannot be deleted through the API: deactivate it, then delete it in Setup',
  revokeChildren: 'deploy without the value',
  deletion: {
    refused: 'always',
    deactivate: { field: 'active', value: 'false' },
    reason: 'a record type cannot be deleted through the API (deactivate it, then delete it in Setup)',
  },
  noise: ['picklist value names partly URL-encoded: compared decoded'],
  children: [recordTypePicklistValues],
  unverified: ['deploy: whether picklists omitted from picklistValues stay untouched (treated as replace)'],
};

const globalValueSet: TypeRule = {
  type: 'GlobalValueSet',
  deploy: 'replace',
  removeComponent: 'destructiveChanges (only when no field uses it)',
  revokeChildren: 'deactivate the value (isActive false); the API cannot delete it',
  children: [valueSetValues('customValue')],
};

const standardValueSet: TypeRule = {
  type: 'StandardValueSet',
  deploy: 'replace',
  removeComponent: 'cannot be removed',
  keepsExtraComponents: 'a standard value set cannot be removed',
  revokeChildren: 'deactivate the value (isActive false); the API cannot delete it',
  children: [valueSetValues('standardValue')],
};

const customField: TypeRule = {
  type: 'CustomField',
  deploy: 'replace',
  removeComponent: 'destructiveChanges',
  keepsExtraComponents: 'deleting a field deletes its data: delete it in Setup, or with a destructive change of your own',
  revokeChildren: 'picklist values: deactivate (isActive false); the API cannot delete them',
  children: [customFieldValueSet],
};

const flexiPage: TypeRule = {
  type: 'FlexiPage',
  deploy: 'replace',
  removeComponent: 'destructiveChanges; an active (assigned) page cannot be deleted',
  revokeChildren: 'deploy without the component',
  deletion: { refused: 'whenActive', reason: 'an active Lightning page cannot be deleted (remove its assignments in Lightning App Builder, then delete it)' },
  noise: ['from API 49 property arrays come back as valueList'],
  children: [
    keyedByName('flexiPageRegions', 'name', [
      {
        tag: 'itemInstances',
        shape: 'keyed',
        // Component and field instances carry an identifier; anything else matches by ordinal.
        key: ['componentInstance.identifier', 'fieldInstance.identifier'],
        keyMode: 'firstPresent',
        ordered: true,
        placement: 'append',
        children: [
          { tag: 'componentInstance', shape: 'single', ordered: false, children: [keyedByName('componentInstanceProperties')] },
          { tag: 'fieldInstance', shape: 'single', ordered: false, children: [keyedByName('fieldInstanceProperties')] },
        ],
      },
      {
        tag: 'componentInstances',
        shape: 'keyed',
        key: ['identifier'],
        ordered: true,
        placement: 'append',
        children: [keyedByName('componentInstanceProperties')],
      },
    ]),
  ],
};

const quickAction: TypeRule = {
  type: 'QuickAction',
  deploy: 'replace',
  removeComponent: 'destructiveChanges',
  revokeChildren: 'deploy without the item',
  children: quickActionCollections,
};

const customObjectTranslation: TypeRule = {
  type: 'CustomObjectTranslation',
  deploy: 'replace',
  removeComponent: 'destructiveChanges',
  revokeChildren: 'deploy without the translation',
  noise: ['one file per language'],
  unverified: ['deploy: treated as replace'],
  children: [
    keyedByName('fields', 'name', [keyedByName('picklistValues', 'masterLabel')]),
    keyedByName('layouts', 'layout', [keyedByName('sections', 'section')]),
    keyedByName('recordTypes'),
    keyedByName('quickActions'),
    keyedByName('webLinks'),
    keyedByName('validationRules'),
    keyedByName('sharingReasons'),
    keyedByName('standardFields'),
    keyedByName('fieldSets'),
    keyedByName('workflowTasks'),
  ],
};

const customLabelChildren: ChildRule = {
  tag: 'labels',
  shape: 'keyed',
  key: ['fullName'],
  ordered: false,
  placement: 'append',
  removal: 'destructive',
  childType: 'CustomLabel',
  childNameIsKey: true,
};

const customLabels: TypeRule = {
  type: 'CustomLabels',
  deploy: 'upsert',
  removeComponent: 'destructiveChanges of each CustomLabel',
  keepsExtraComponents: 'CustomLabels holds every label of the org: its extra labels are deleted as its children',
  revokeChildren: 'destructiveChanges CustomLabel',
  children: [customLabelChildren],
};

const customLabel: TypeRule = {
  type: 'CustomLabel',
  deploy: 'replace',
  removeComponent: 'destructiveChanges CustomLabel',
  revokeChildren: '—',
  children: [],
};

const customApplication: TypeRule = {
  type: 'CustomApplication',
  deploy: 'replace',
  removeComponent: 'destructiveChanges',
  revokeChildren: 'deploy without the entry',
  unverified: ['keys of actionOverrides, profileActionOverrides and workspaceConfig mappings (no public source: docs/metadata-types.md)'],
  children: [
    { tag: 'tabs', shape: 'keyed', key: ['#text'], ordered: true, placement: 'append' },
    {
      tag: 'actionOverrides',
      shape: 'keyed',
      key: ['actionName', 'pageOrSobjectType', 'formFactor'],
      keyMode: 'composite',
      ordered: false,
      placement: 'append',
    },
    {
      tag: 'profileActionOverrides',
      shape: 'keyed',
      key: ['actionName', 'pageOrSobjectType', 'recordType', 'profile', 'formFactor'],
      keyMode: 'composite',
      ordered: false,
      placement: 'append',
    },
    { tag: 'workspaceConfig', shape: 'single', ordered: false, children: [keyedByName('mappings', 'tab')] },
  ],
};

const objectChild = (tag: string, childType: string, children?: readonly ChildRule[]): ChildRule => ({
  tag,
  shape: 'keyed',
  key: ['fullName'],
  ordered: false,
  placement: 'append',
  removal: 'destructive',
  childType,
  children,
});

const customObject: TypeRule = {
  type: 'CustomObject',
  deploy: 'upsert',
  removeComponent: 'destructiveChanges',
  keepsExtraComponents: 'deleting an object deletes its records: delete it in Setup, or with a destructive change of your own',
  revokeChildren: 'destructiveChanges with the child type (CustomField, ListView, ...)',
  children: [
    objectChild('fields', 'CustomField', customField.children),
    objectChild('listViews', 'ListView', listView.children),
    objectChild('recordTypes', 'RecordType', recordType.children),
    objectChild('compactLayouts', 'CompactLayout', compactLayout.children),
    objectChild('validationRules', 'ValidationRule'),
    objectChild('webLinks', 'WebLink'),
    objectChild('fieldSets', 'FieldSet'),
    objectChild('businessProcesses', 'BusinessProcess'),
    objectChild('sharingReasons', 'SharingReason'),
    objectChild('indexes', 'Index'),
  ],
};

/** One row per type, as docs/metadata-types.md describes them. */
export const typeTable: readonly TypeRule[] = [
  profile,
  permissionSet,
  layout,
  compactLayout,
  listView,
  recordType,
  globalValueSet,
  standardValueSet,
  customField,
  flexiPage,
  quickAction,
  customObjectTranslation,
  customLabels,
  customLabel,
  customApplication,
  customObject,
];

const rowsByType = new Map(typeTable.map((row) => [row.type, row]));

/** The row of a type, or undefined: such a component is compared as a whole. */
export function findTypeRule(type: string): TypeRule | undefined {
  return rowsByType.get(type);
}
