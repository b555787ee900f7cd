/*
 * Profile: an overlay permission file. Its entries are scoped to the retrieve request, a standard
 * profile's user permissions are the org's, and View/Modify All Data imply object access.
 */
import {
  profileCategoryGroupVisibilities,
  profileLayoutAssignments,
  profileTabVisibilities,
  sharedPermissionCollections,
} from '../permissionCollections.js';
import type { ComponentCheck, TypeHandler, XmlNode } from './handler.js';
import { masterReadVetoes, missingDefinitionVetoes, permissionEntryVetoes } from './permissionChecks.js';

function defaultApp(check: ComponentCheck, profile: XmlNode | undefined): string | undefined {
  const entry = check.read.entries(profile, 'applicationVisibilities').find((e) => check.read.textOf(e, 'default') === 'true');
  return entry ? check.read.textOf(entry, 'application') : undefined;
}

function enabled(check: ComponentCheck, root: XmlNode | undefined, permission: string): boolean {
  return check.read.entries(root, 'userPermissions').some((entry) => check.read.textOf(entry, 'name') === permission && check.read.textOf(entry, 'enabled') === 'true');
}

/**
 * What a deploy cannot change in the target's profile: the user permissions of a standard profile,
 * and object access that View All Data / Modify All Data imply while the target keeps them.
 */
function profileLimits(check: ComponentCheck, target: XmlNode): void {
  const { fullName: profile, reference, facts, read } = check;
  const standard = read.textOf(target, 'custom') === 'false';
  if (standard) {
    for (const entry of [...read.entries(reference, 'userPermissions'), ...read.entries(target, 'userPermissions')]) {
      const permission = read.textOf(entry, 'name');
      if (permission) check.veto(`userPermissions[${permission}]`, `${profile} is a standard profile in ${facts.name}: its user permissions cannot be changed (clone it into a custom profile to change them)`);
    }
  }
  const keeps = (permission: string): boolean => enabled(check, target, permission) && (standard || enabled(check, reference, permission));
  const implied = keeps('ModifyAllData') ? 'Modify All Data' : keeps('ViewAllData') ? 'View All Data' : undefined;
  if (!implied) return;
  const readable = new Set(read.entries(reference, 'objectPermissions').filter((e) => read.textOf(e, 'allowRead') === 'true').map((e) => read.textOf(e, 'object')));
  for (const entry of read.entries(target, 'objectPermissions')) {
    const object = read.textOf(entry, 'object');
    if (!object) continue;
    // View All Data implies read; Modify All Data implies every object flag
    if (implied === 'Modify All Data' || !readable.has(object)) {
      check.veto(`objectPermissions[${object}]`, `${profile} has ${implied} in ${facts.name}: access to ${object} is implied and cannot be revoked (remove ${implied} from the profile first)`);
    }
  }
}

function vetoes(check: ComponentCheck): void {
  // the only default app cannot be taken away: an entry that would take it keeps the target's
  const app = defaultApp(check, check.target);
  if (app && !defaultApp(check, check.reference)) {
    check.veto(
      `applicationVisibilities[${check.read.decoded(app)}]`,
      `${app} is the only default app of ${check.fullName} in ${check.facts.name}: it cannot be taken away (the org answers "You can't remove the only default app from the profile."); make another app the default in the reference`
    );
  }
  missingDefinitionVetoes(check);
  if (check.target) profileLimits(check, check.target);
  permissionEntryVetoes(check, 'Profile');
  masterReadVetoes(check);
}

export const profile: TypeHandler = {
  rule: {
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
  },
  selectedByDefault: true,
  scopedToRequest: {},
  subscriberEditable: 'all',
  vetoes,
};
