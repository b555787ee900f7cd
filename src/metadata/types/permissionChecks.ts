/*
 * What a target refuses of a permission file (Profile, PermissionSet): entries naming what it
 * lacks, field permissions of required fields, user permissions it does not know, a detail object's
 * access without Read on its master. Shared by profile.ts and permissionSet.ts. Pure.
 */
import { PERMISSION_REFERENCES, type PermissionReference } from '../permissionScope.js';
import type { ComponentCheck, XmlNode } from './handler.js';
import { OBJECTS_FIRST, fieldMissing } from './targetChecks.js';

/** Entries naming objects or fields a fresh org does not have yet (planned from a source folder). */
export function missingDefinitionVetoes(check: ComponentCheck): void {
  const { reference, facts, read } = check;
  const target = facts.name;
  for (const entry of read.entries(reference, 'objectPermissions')) {
    const object = read.textOf(entry, 'object');
    if (object && facts.missingObjects.has(read.decoded(object))) {
      check.veto(`objectPermissions[${read.decoded(object)}]`, `${target} has no object ${read.decoded(object)} (the org answers "no CustomObject named ${read.decoded(object)} found"); ${OBJECTS_FIRST} (to ${target}), then plan again`);
    }
  }
  for (const entry of read.entries(reference, 'fieldPermissions')) {
    const field = read.textOf(entry, 'field');
    if (field && fieldMissing(facts.missingObjects, facts.references, read.decoded(field))) {
      check.veto(`fieldPermissions[${read.decoded(field)}]`, `${target} has no field ${read.decoded(field)} (the org answers "no CustomField named ${read.decoded(field)} found"); ${OBJECTS_FIRST} (to ${target}), then plan again`);
    }
  }
}

/** What a user calls the components permission entries name; the others (objects, layouts, tabs) have their own checks. */
const REFERENCE_LABELS: Readonly<Record<string, string>> = {
  ApexClass: 'Apex class',
  ApexPage: 'Visualforce page',
  CustomApplication: 'app',
  CustomPermission: 'custom permission',
  Flow: 'flow',
};

/**
 * Entries that name a component the target must have: a real org refuses the whole file for one
 * stale entry (NebulaLogger #122: "In field: apexClass - no ApexClass named ... found"), so the
 * planner leaves such entries out, as profile tools are asked to (sfpowerkit #133, #674).
 */
const NAMED_IN_PERMISSIONS: ReadonlyArray<PermissionReference & { what: string }> = PERMISSION_REFERENCES.filter((ref) => !ref.objectPart && REFERENCE_LABELS[ref.type]).map((ref) => ({
  ...ref,
  what: REFERENCE_LABELS[ref.type],
}));

/** Entries the target cannot take: field permissions of required fields, unknown user permissions, what it lacks. */
export function permissionEntryVetoes(check: ComponentCheck, type: string): void {
  const { reference: root, facts, read } = check;
  for (const entry of read.entries(root, 'fieldPermissions')) {
    const field = read.textOf(entry, 'field');
    if (field && facts.requiredFields.has(field)) {
      check.veto(`fieldPermissions[${field}]`, `${field.slice(field.indexOf('.') + 1)} is required in ${facts.name}: its field permission cannot be deployed (the org answers "You cannot deploy to a required field: ${field}")`);
    }
  }
  for (const entry of read.entries(root, 'userPermissions')) {
    const permission = read.textOf(entry, 'name');
    if (permission && facts.userPermissions && !facts.userPermissions.has(permission)) {
      check.veto(`userPermissions[${permission}]`, `${facts.name} does not know the user permission ${permission} (the org answers "Unknown user permission: ${permission}"); enable the feature or license in ${facts.name} first`);
    }
  }
  for (const { tag, field, type: named, what } of NAMED_IN_PERMISSIONS) {
    for (const entry of read.entries(root, tag)) {
      const name = read.textOf(entry, field);
      // Salesforce's own apps (standard__Sales) are in every org, listed or not
      if (name && facts.missing.has(`${named}:${name}`) && !name.startsWith('standard__')) {
        check.veto(`${tag}[${name}]`, `${facts.name} has no ${what} ${name}: the entry is left out (one entry naming what the org lacks fails the whole ${type}); deploy the ${what} to ${facts.name} first to grant it`);
      }
    }
  }
  for (const tag of ['tabVisibilities', 'tabSettings']) {
    for (const entry of read.entries(root, tag)) {
      const tab = read.textOf(entry, 'tab');
      if (tab && facts.missingTabs.has(tab)) {
        check.veto(`${tag}[${tab}]`, `${facts.name} has no tab ${tab} (the org answers "You can't edit tab settings for ${tab}, as it's not a valid tab"); deploy the tab first`);
      }
    }
  }
}

const OBJECT_FLAGS = ['allowCreate', 'allowDelete', 'allowEdit', 'allowRead', 'modifyAllRecords', 'viewAllRecords'];

/**
 * Access to a detail object needs Read on its master in the same file: a deploy that leaves a
 * detail granted and its master unread fails ("Permission Read Line__c depends on permission(s):
 * Read Order__c", quoted in public deploy logs). As the deploy leaves the file: the reference's
 * entry, or in merge mode the target's where the reference has none. The master's entry keeps the
 * target's Read when the reference would take it away; a detail whose master the target never
 * lets it read stays out.
 */
export function masterReadVetoes(check: ComponentCheck): void {
  const { fullName, reference, target, facts, mode, read } = check;
  if (facts.masters.size === 0) return;
  const byObject = (root: XmlNode | undefined): Map<string, XmlNode> => new Map(read.entries(root, 'objectPermissions').map((entry) => [read.textOf(entry, 'object') ?? '', entry]));
  const ours = byObject(reference);
  const theirs = byObject(target);
  const after = (object: string): XmlNode | undefined => ours.get(object) ?? (mode === 'merge' ? theirs.get(object) : undefined);
  const granted = (entry: XmlNode | undefined): boolean => OBJECT_FLAGS.some((flag) => read.textOf(entry, flag) === 'true');
  const reads = (entry: XmlNode | undefined): boolean => read.textOf(entry, 'allowRead') === 'true';
  for (const [detail, master] of facts.masters) {
    if (!granted(after(detail)) || reads(after(master))) continue;
    const answer = `the org answers "Permission Read ${detail} depends on permission(s): Read ${master}"`;
    if (reads(theirs.get(master))) {
      check.veto(`objectPermissions[${master}]`, `access to ${detail} in ${fullName} needs Read on its master ${master} in ${facts.name}: the Read of ${master} is kept (${answer}); revoke ${detail} in the reference first`);
    } else {
      check.veto(`objectPermissions[${detail}]`, `access to ${detail} needs Read on its master ${master}, which ${fullName} does not grant in ${facts.name} (${answer}); grant Read ${master} in the reference`);
    }
  }
}
