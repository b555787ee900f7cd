/*
 * PermissionSet: a permission file deployed whole (replace); from API 40 on a retrieve returns it
 * whole whatever else the request holds.
 */
import {
  permissionSetExternalCredentialAccesses,
  permissionSetTabSettings,
  sharedPermissionCollections,
} from '../permissionCollections.js';
import type { TypeHandler } from './handler.js';
import { masterReadVetoes, missingDefinitionVetoes, permissionEntryVetoes } from './permissionChecks.js';

export const permissionSet: TypeHandler = {
  rule: {
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
  },
  scopedToRequest: { beforeApi: 40 },
  vetoes(check) {
    missingDefinitionVetoes(check);
    permissionEntryVetoes(check, 'PermissionSet');
    masterReadVetoes(check);
  },
};
