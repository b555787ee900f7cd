import type { ChildRule, PermissionRule } from './ruleTypes.js';

const BOOLEAN = ['false', 'true'] as const;

const enabled: PermissionRule = { flags: { enabled: BOOLEAN } };

function permissionEntries(tag: string, key: string[], permission: PermissionRule): ChildRule {
  return { tag, shape: 'keyed', key, keyMode: 'composite', ordered: false, permission, removal: 'revoke' };
}

/** Entries Profile and PermissionSet share (docs/metadata-types.md, PermissionSet: "the Profile's shared collections"). */
export const sharedPermissionCollections: readonly ChildRule[] = [
  permissionEntries('applicationVisibilities', ['application'], {
    flags: { visible: BOOLEAN },
    // Only one default application per profile: never merged as "more permissive".
    absentAs: { default: 'false' },
  }),
  permissionEntries('classAccesses', ['apexClass'], enabled),
  permissionEntries('customMetadataTypeAccesses', ['name'], enabled),
  permissionEntries('customPermissions', ['name'], enabled),
  permissionEntries('customSettingAccesses', ['name'], enabled),
  permissionEntries('externalDataSourceAccesses', ['externalDataSource'], enabled),
  permissionEntries('fieldPermissions', ['field'], { flags: { editable: BOOLEAN, readable: BOOLEAN } }),
  permissionEntries('flowAccesses', ['flow'], enabled),
  permissionEntries('objectPermissions', ['object'], {
    flags: {
      allowCreate: BOOLEAN,
      allowDelete: BOOLEAN,
      allowEdit: BOOLEAN,
      allowRead: BOOLEAN,
      modifyAllRecords: BOOLEAN,
      viewAllFields: BOOLEAN,
      viewAllRecords: BOOLEAN,
    },
  }),
  permissionEntries('pageAccesses', ['apexPage'], enabled),
  permissionEntries('recordTypeVisibilities', ['recordType'], {
    flags: { visible: BOOLEAN },
    absentAs: { default: 'false', personAccountDefault: 'false' },
  }),
  permissionEntries('userPermissions', ['name'], enabled),
];

/** Profile only: tab visibility levels, least visible first. */
export const profileTabVisibilities: ChildRule = permissionEntries('tabVisibilities', ['tab'], {
  flags: { visibility: ['Hidden', 'DefaultOff', 'DefaultOn'] },
});

/** Profile only: category groups, least access first. */
export const profileCategoryGroupVisibilities: ChildRule = permissionEntries(
  'categoryGroupVisibilities',
  ['dataCategoryGroup'],
  { flags: { visibility: ['NONE', 'CUSTOM', 'ALL'] } }
);

/** Profile only: the layout each object and record type shows. */
export const profileLayoutAssignments: ChildRule = {
  tag: 'layoutAssignments',
  shape: 'keyed',
  key: ['layout', 'recordType'],
  keyMode: 'composite',
  ordered: false,
  removal: 'none',
  // One layout per object and record type (none for the master): a layout name starts with its object.
  supersedes: [{ field: 'layout', before: '-' }, 'recordType'],
};

/** PermissionSet only: tab settings, least visible first. */
export const permissionSetTabSettings: ChildRule = permissionEntries('tabSettings', ['tab'], {
  flags: { visibility: ['None', 'Available', 'Visible'] },
});

export const permissionSetExternalCredentialAccesses: ChildRule = permissionEntries(
  'externalCredentialPrincipalAccesses',
  ['externalCredentialPrincipal'],
  enabled
);
