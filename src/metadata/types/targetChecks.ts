/*
 * What several types' checks ask of a target's facts: whether it will lack a field or an object once
 * the deploy completes. A fact that is not known never blocks: the org has the last word. Pure.
 */
import { isCustom, namespaced, objectOfChild } from '../names.js';
import type { ReferenceFacts } from './handler.js';

/** The action of every refusal for objects or fields a fresh org does not have yet. */
export const OBJECTS_FIRST = 'deploy the objects first: `sf project deploy start -d force-app/main/default/objects`';

/** Whether the target will lack the field once the deploy completes; false when not known. */
export function lacksField(facts: ReferenceFacts, qualified: string): boolean {
  if (facts.fieldsAlong.has(qualified) || namespaced(qualified)) return false;
  if (facts.listedFields) return !facts.listedFields.has(qualified);
  const known = facts.objectFields.get(objectOfChild(qualified));
  return known !== undefined && !known.has(qualified.slice(qualified.indexOf('.') + 1));
}

/** A custom field whose object the target lacks (asked for, not there, not carried), or that its object lacks. */
export function fieldMissing(missingObjects: ReadonlySet<string>, facts: ReferenceFacts, qualified: string): boolean {
  if (!isCustom(qualified) || facts.fieldsAlong.has(qualified)) return false;
  return missingObjects.has(qualified.slice(0, qualified.indexOf('.'))) || lacksField(facts, qualified);
}
