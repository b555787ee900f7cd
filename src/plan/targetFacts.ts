/*
 * What a target can take (docs/metadata-types.md "Blocked drift"), from what the plan already
 * retrieved from it (the objects of the permission scope: required and master-detail fields; the
 * scope members it lacks: tabs; its layouts) and the user permissions its PermissionSet describe
 * lists (one REST call, made by the planner through src/org). What components name that the target
 * must have (quick actions, related-list fields, picklist values, ...) is in targetReferences.ts.
 * Which facts a type's components give and what a type checks against them are in the type's
 * module (src/metadata/types); this file calls them. Pure.
 *
 * Not predicted: "The user license doesn't allow the permission: X". Which permissions a license
 * allows is in no metadata the plan reads (no public list exists either), so blocking would be a
 * guess; the org's refusal is reported per component with the action instead.
 */
import { WHOLE_COMPONENT_PATH } from '../diff/index.js';
import { type TargetFacts, findTypeRule, typeHandler, typesWith } from '../metadata/index.js';
import type { ComponentKey, MetadataComponent } from '../org/index.js';
import { blockAllElements, blockComponent, withBlockedDrift } from './blocked.js';
import type { BlockedDrift, PlannedComponent } from './planTypes.js';
import { Carried, ListedMembers, referenceFacts } from './targetReferences.js';
import { Node, nodeReader } from './xmlRead.js';

export type { TargetFacts } from '../metadata/index.js';

/** Types whose retrieved content tells what the target can take: read out of the target's zip even when only in the scope. */
export const FACT_TYPES: ReadonlySet<string> = new Set(typesWith('addTargetFacts'));

/** Beside the target's retrieve: what the plan listed in the target, and the reference components the deploy carries. */
export type FactSources = { listed?: ListedMembers; along?: Carried };


export function targetFacts(name: string, components: MetadataComponent[], missing: ComponentKey[], userPermissions?: Set<string>, sources: FactSources = {}): TargetFacts {
  const references = referenceFacts(components, sources.along, sources.listed);
  const facts: TargetFacts = {
    name,
    requiredFields: new Set(),
    missingTabs: new Set(),
    missingObjects: new Set(),
    missing: new Set(missing.map((key) => `${key.type}:${key.fullName}`)),
    masters: new Map(),
    ofObject: new Map(),
    references,
    ...(userPermissions ? { userPermissions } : {}),
  };
  for (const component of components) typeHandler(component.type)?.addTargetFacts?.(component.fullName, component.xml, nodeReader, facts);
  for (const key of missing) if (key.type === 'CustomTab') facts.missingTabs.add(key.fullName);
  const carried = new Set((sources.along?.components ?? []).filter((c) => c.type === 'CustomObject').map((c) => c.fullName));
  for (const key of missing) if (key.type === 'CustomObject' && !carried.has(key.fullName)) facts.missingObjects.add(key.fullName);
  return facts;
}

/**
 * Entries of a reference component that the target would refuse, by the path the diff engine
 * gives them, with the reason a user can act on (WHOLE_COMPONENT_PATH: all of it is refused).
 * Both roots are the components as the diff engine reads them (componentReads.ts), read once for
 * these checks and the diff; what is checked is the type's module's `vetoes`.
 */
export function vetoedEntries(key: ComponentKey, reference: Node | undefined, targetRoot: Node | undefined, facts: TargetFacts, mode: 'merge' | 'overwrite' = 'merge'): Map<string, string> {
  const vetoed = new Map<string, string>();
  const vetoes = typeHandler(key.type)?.vetoes;
  if (!reference || !vetoes) return vetoed;
  vetoes({
    fullName: key.fullName,
    reference,
    target: targetRoot,
    facts,
    mode,
    read: nodeReader,
    veto: (path, reason) => vetoed.set(path, reason),
    vetoWhole: (reason) => vetoed.set(WHOLE_COMPONENT_PATH, reason),
  });
  return vetoed;
}

/** Why the target refuses to delete the component through the API, or undefined. */
export function refusedDeletion(key: ComponentKey, facts: TargetFacts): Omit<BlockedDrift, 'path'> | undefined {
  const handler = typeHandler(key.type);
  const deletion = handler?.rule.deletion;
  if (!deletion) return undefined;
  if (deletion.refused === 'always') return { kind: 'refused', reason: `${key.fullName} cannot be deleted in ${facts.name}: ${deletion.reason}` };
  const reason = handler?.refusedDeletion?.(key.fullName, facts);
  return reason === undefined ? undefined : { kind: 'refused', reason };
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
