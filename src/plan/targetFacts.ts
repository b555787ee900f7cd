/*
 * What a target can take (docs/metadata-types.md "Blocked drift"), from what the plan already
 * retrieved from it (the objects of the permission scope: required and master-detail fields; the
 * scope members it lacks: tabs; its layouts) and the user permissions its PermissionSet describe
 * lists (one REST call, made by the planner through src/org). What components name that the target
 * must have (quick actions, related-list fields, picklist values, ...) is in targetReferences.ts.
 * Pure.
 *
 * Not predicted: "The user license doesn't allow the permission: X". Which permissions a license
 * allows is in no metadata the plan reads (no public list exists either), so blocking would be a
 * guess; the org's refusal is reported per component with the action instead.
 */
import { WHOLE_COMPONENT_PATH } from '../diff/index.js';
import { PERMISSION_REFERENCES, type PermissionReference, findTypeRule, objectOfLayout } from '../metadata/index.js';
import type { ComponentKey, MetadataComponent } from '../org/index.js';
import { blockAllElements, blockComponent, withBlockedDrift } from './blocked.js';
import type { BlockedDrift, PlannedComponent } from './planTypes.js';
import { ListedMembers, ReferenceFacts, referenceFacts, referenceVetoes } from './targetReferences.js';
import { Node, entries, rootOf, textOf } from './xmlRead.js';
import { missingDefinitionVetoes } from './missingDefinitions.js';

/** Types whose retrieved content tells what the target can take: read out of the target's zip even when only in the scope. */
export const FACT_TYPES: ReadonlySet<string> = new Set(['CustomObject', 'Layout']);

export type TargetFacts = {
  /** the target's name for reasons, e.g. t3 */
  name: string;
  /** `Object.Field` of required and master-detail fields: their field permissions cannot be deployed */
  requiredFields: Set<string>;
  /** user permission names the target knows (its PermissionSet describe); undefined: unknown, nothing is vetoed */
  userPermissions?: Set<string>;
  /** custom tabs the plan asked the target for and it does not have */
  missingTabs: Set<string>;
  /** objects the plan asked the target for that it does not have, nor receives with this deploy */
  missingObjects: Set<string>;
  /** `Type:Name` of what the plan asked the target for and it does not have (classes, pages, apps, flows, ...) */
  missing: Set<string>;
  /** detail object -> its master, for the target's objects the plan retrieved (their MasterDetail field) */
  masters: Map<string, string>;
  /** objects -> the target's layouts of it (among those retrieved) */
  layouts: Map<string, string[]>;
  /** what the target has of what components name (quick actions, fields, picklist values, ...) */
  references: ReferenceFacts;
};

/** Beside the target's retrieve: what the plan listed in the target, and the reference components the deploy carries. */
export type FactSources = { listed?: ListedMembers; along?: MetadataComponent[] };


export function targetFacts(name: string, components: MetadataComponent[], missing: ComponentKey[], userPermissions?: Set<string>, sources: FactSources = {}): TargetFacts {
  const references = referenceFacts(components, sources.along ?? [], sources.listed);
  const facts: TargetFacts = {
    name,
    requiredFields: new Set(),
    missingTabs: new Set(),
    missingObjects: new Set(),
    missing: new Set(missing.map((key) => `${key.type}:${key.fullName}`)),
    masters: new Map(),
    layouts: new Map(),
    references,
    ...(userPermissions ? { userPermissions } : {}),
  };
  for (const component of components) {
    if (component.type === 'Layout') {
      const object = objectOfLayout(component.fullName);
      facts.layouts.set(object, [...(facts.layouts.get(object) ?? []), component.fullName]);
      continue;
    }
    if (component.type !== 'CustomObject') continue;
    for (const field of entries(rootOf(component.xml), 'fields')) {
      const fieldName = textOf(field, 'fullName');
      if (fieldName && (textOf(field, 'required') === 'true' || textOf(field, 'type') === 'MasterDetail')) facts.requiredFields.add(`${component.fullName}.${fieldName}`);
      const master = textOf(field, 'type') === 'MasterDetail' ? textOf(field, 'referenceTo') : undefined;
      if (master) facts.masters.set(component.fullName, master);
    }
  }
  for (const key of missing) if (key.type === 'CustomTab') facts.missingTabs.add(key.fullName);
  const carried = new Set((sources.along ?? []).filter((c) => c.type === 'CustomObject').map((c) => c.fullName));
  for (const key of missing) if (key.type === 'CustomObject' && !carried.has(key.fullName)) facts.missingObjects.add(key.fullName);
  return facts;
}

/** Types whose components name what the target must have (only these are read again here). */
const CHECKED_TYPES = new Set(['Profile', 'PermissionSet', 'Layout', 'RecordType', 'ListView', 'CustomObject']);

/**
 * Entries of a reference component that the target would refuse, by the path the diff engine
 * gives them, with the reason a user can act on (WHOLE_COMPONENT_PATH: all of it is refused).
 * Both roots are the components as the diff engine reads them (componentReads.ts), read once for
 * these checks and the diff.
 */
export function vetoedEntries(key: ComponentKey, reference: Node | undefined, targetRoot: Node | undefined, facts: TargetFacts, mode: 'merge' | 'overwrite' = 'merge'): Map<string, string> {
  const vetoed = new Map<string, string>();
  if (!reference || !CHECKED_TYPES.has(key.type)) return vetoed;
  referenceVetoes(key, reference, targetRoot, facts.references, facts.name, vetoed);
  missingDefinitionVetoes(key, reference, facts.missingObjects, facts.references, facts.name, vetoed);
  if (key.type === 'Profile' || key.type === 'PermissionSet') {
    permissionVetoes(key, reference, targetRoot, facts, vetoed);
    masterReadVetoes(key, reference, targetRoot, facts, mode, vetoed);
  }
  return vetoed;
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
function masterReadVetoes(key: ComponentKey, reference: Node | undefined, target: Node | undefined, facts: TargetFacts, mode: 'merge' | 'overwrite', vetoed: Map<string, string>): void {
  if (facts.masters.size === 0) return;
  const byObject = (root: Node | undefined): Map<string, Node> => new Map(entries(root, 'objectPermissions').map((entry) => [textOf(entry, 'object') ?? '', entry]));
  const ours = byObject(reference);
  const theirs = byObject(target);
  const after = (object: string): Node | undefined => ours.get(object) ?? (mode === 'merge' ? theirs.get(object) : undefined);
  const granted = (entry: Node | undefined): boolean => OBJECT_FLAGS.some((flag) => textOf(entry, flag) === 'true');
  const reads = (entry: Node | undefined): boolean => textOf(entry, 'allowRead') === 'true';
  for (const [detail, master] of facts.masters) {
    if (!granted(after(detail)) || reads(after(master))) continue;
    const answer = `the org answers "Permission Read ${detail} depends on permission(s): Read ${master}"`;
    if (reads(theirs.get(master))) {
      vetoed.set(`objectPermissions[${master}]`, `access to ${detail} in ${key.fullName} needs Read on its master ${master} in ${facts.name}: the Read of ${master} is kept (${answer}); revoke ${detail} in the reference first`);
    } else {
      vetoed.set(`objectPermissions[${detail}]`, `access to ${detail} needs Read on its master ${master}, which ${key.fullName} does not grant in ${facts.name} (${answer}); grant Read ${master} in the reference`);
    }
  }
}

function permissionVetoes(key: ComponentKey, root: Node | undefined, target: Node | undefined, facts: TargetFacts, vetoed: Map<string, string>): void {
  if (key.type === 'Profile' && target) profileLimits(key.fullName, root, target, facts, vetoed);
  for (const entry of entries(root, 'fieldPermissions')) {
    const field = textOf(entry, 'field');
    if (field && facts.requiredFields.has(field)) {
      vetoed.set(`fieldPermissions[${field}]`, `${field.slice(field.indexOf('.') + 1)} is required in ${facts.name}: its field permission cannot be deployed (the org answers "You cannot deploy to a required field: ${field}")`);
    }
  }
  for (const entry of entries(root, 'userPermissions')) {
    const permission = textOf(entry, 'name');
    if (permission && facts.userPermissions && !facts.userPermissions.has(permission)) {
      vetoed.set(`userPermissions[${permission}]`, `${facts.name} does not know the user permission ${permission} (the org answers "Unknown user permission: ${permission}"); enable the feature or license in ${facts.name} first`);
    }
  }
  for (const { tag, field, type, what } of NAMED_IN_PERMISSIONS) {
    for (const entry of entries(root, tag)) {
      const name = textOf(entry, field);
      // Salesforce's own apps (standard__Sales) are in every org, listed or not
      if (name && facts.missing.has(`${type}:${name}`) && !name.startsWith('standard__')) {
        vetoed.set(`${tag}[${name}]`, `${facts.name} has no ${what} ${name}: the entry is left out (one entry naming what the org lacks fails the whole ${key.type}); deploy the ${what} to ${facts.name} first to grant it`);
      }
    }
  }
  for (const tag of ['tabVisibilities', 'tabSettings']) {
    for (const entry of entries(root, tag)) {
      const tab = textOf(entry, 'tab');
      if (tab && facts.missingTabs.has(tab)) {
        vetoed.set(`${tag}[${tab}]`, `${facts.name} has no tab ${tab} (the org answers "You can't edit tab settings for ${tab}, as it's not a valid tab"); deploy the tab first`);
      }
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

function enabled(root: Node | undefined, permission: string): boolean {
  return entries(root, 'userPermissions').some((entry) => textOf(entry, 'name') === permission && textOf(entry, 'enabled') === 'true');
}

/**
 * What a deploy cannot change in the target's profile: the user permissions of a standard profile,
 * and object access that View All Data / Modify All Data imply while the target keeps them.
 */
function profileLimits(profile: string, reference: Node | undefined, target: Node | undefined, facts: TargetFacts, vetoed: Map<string, string>): void {
  const standard = textOf(target, 'custom') === 'false';
  if (standard) {
    for (const entry of [...entries(reference, 'userPermissions'), ...entries(target, 'userPermissions')]) {
      const permission = textOf(entry, 'name');
      if (permission) vetoed.set(`userPermissions[${permission}]`, `${profile} is a standard profile in ${facts.name}: its user permissions cannot be changed (clone it into a custom profile to change them)`);
    }
  }
  const keeps = (permission: string): boolean => enabled(target, permission) && (standard || enabled(reference, permission));
  const implied = keeps('ModifyAllData') ? 'Modify All Data' : keeps('ViewAllData') ? 'View All Data' : undefined;
  if (!implied) return;
  const readable = new Set(entries(reference, 'objectPermissions').filter((e) => textOf(e, 'allowRead') === 'true').map((e) => textOf(e, 'object')));
  for (const entry of entries(target, 'objectPermissions')) {
    const object = textOf(entry, 'object');
    if (!object) continue;
    // View All Data implies read; Modify All Data implies every object flag
    if (implied === 'Modify All Data' || !readable.has(object)) {
      vetoed.set(`objectPermissions[${object}]`, `${profile} has ${implied} in ${facts.name}: access to ${object} is implied and cannot be revoked (remove ${implied} from the profile first)`);
    }
  }
}

/** Why the target refuses to delete the component through the API, or undefined. */
export function refusedDeletion(key: ComponentKey, facts: TargetFacts): Omit<BlockedDrift, 'path'> | undefined {
  const deletion = findTypeRule(key.type)?.deletion;
  if (!deletion) return undefined;
  if (deletion.refused === 'always') return { kind: 'refused', reason: `${key.fullName} cannot be deleted in ${facts.name}: ${deletion.reason}` };
  if (deletion.refused === 'lastOfObject') {
    const object = objectOfLayout(key.fullName);
    const others = (facts.layouts.get(object) ?? []).filter((name) => name !== key.fullName);
    if (others.length === 0) return { kind: 'refused', reason: `${key.fullName} is the last layout of ${object} in ${facts.name}: ${deletion.reason}` };
  }
  return undefined;
}

/** What rollback of a created component cannot undo, declared in the plan up front. */
export function partlyUndoable(key: ComponentKey): string | undefined {
  const deletion = findTypeRule(key.type)?.deletion;
  if (!deletion) return undefined;
  if (deletion.deactivate) return `${key.type} ${key.fullName}: rollback deactivates it instead of deleting it (${deletion.reason})`;
  if (deletion.refused === 'whenActive') return `${key.type} ${key.fullName}: rollback deletes it only if it is not active; an active page stays, with the org's reason (${deletion.reason})`;
  return undefined;
}

/** The plan entry as the target can take it: refused drift blocked with its reason, partial undo declared. */
export function withTargetLimits(planned: PlannedComponent, blockedPaths: string[], blockedChanges: PlannedComponent['changes'], vetoed: Map<string, string>, facts: TargetFacts): PlannedComponent {
  const whole = vetoed.get(WHOLE_COMPONENT_PATH);
  if (whole !== undefined) return blockComponent(planned, { kind: 'refused', reason: whole });
  const drift: BlockedDrift[] = blockedPaths.map((path) => ({ kind: 'refused', path, reason: vetoed.get(path) ?? `${facts.name} refuses it` }));
  let result = planned;
  if (planned.action === 'noop' && drift.length > 0) {
    // all the drift is refused: listed for the reader, nothing deployed
    result = blockAllElements(planned, blockedChanges.map((c) => ({ op: c.op, path: c.path, before: c.before ?? undefined, after: c.after ?? undefined })), drift);
  } else result = withBlockedDrift(planned, drift);
  if (result.action === 'delete') {
    const refused = refusedDeletion(result, facts);
    if (refused) return blockComponent(result, refused);
    const deletion = findTypeRule(result.type)?.deletion;
    // whether a page is active is not known before the deploy: say what the org may answer
    if (deletion) result = { ...result, notes: [...result.notes, `${result.type} ${result.fullName}: ${deletion.reason}; a refused deletion fails this target's deploy with the org's message`] };
  }
  if (result.action === 'create') {
    const partly = partlyUndoable(result);
    if (partly) result = { ...result, irreversible: [...result.irreversible, partly] };
  }
  const keptChildren = result.destructiveChildren.map((child) => ({ child, refused: refusedDeletion(child, facts) }));
  if (keptChildren.some((c) => c.refused)) {
    result = withBlockedDrift(
      { ...result, destructiveChildren: keptChildren.filter((c) => !c.refused).map((c) => c.child) },
      keptChildren.filter((c) => c.refused).map(({ child, refused }) => ({ ...refused!, path: child.fullName }))
    );
  }
  return result;
}
