/*
 * A fresh org (a scratch org) planned from a source folder: the layouts and profiles name objects
 * and fields the org does not have yet. The objects are not this plugin's to deploy, so what names
 * them is refused at plan time, with the command that deploys the objects first, instead of an
 * apply that fails with one error per entry. Objects are missing when the plan asked the target for
 * them and it had none; fields when their object is missing, or the target's object (retrieved
 * whole) lacks them. What the deploy carries along exists once it completes. Pure.
 */
import { WHOLE_COMPONENT_PATH } from '../diff/index.js';
import { objectOfLayout } from '../metadata/index.js';
import type { ComponentKey } from '../org/index.js';
import { type ReferenceFacts, lacksField } from './targetReferences.js';
import { Node, decoded, entries, textOf } from './xmlRead.js';

const OBJECTS_FIRST = 'deploy the objects first: `sf project deploy start -d force-app/main/default/objects`';

const isCustom = (name: string): boolean => /__[a-z]+$/i.test(name);

function objectMissing(missingObjects: ReadonlySet<string>, object: string): boolean {
  return missingObjects.has(object);
}

function fieldMissing(missingObjects: ReadonlySet<string>, facts: ReferenceFacts, qualified: string): boolean {
  if (!isCustom(qualified) || facts.fieldsAlong.has(qualified)) return false;
  return objectMissing(missingObjects, qualified.slice(0, qualified.indexOf('.'))) || lacksField(facts, qualified);
}

/** The custom fields a layout places in its sections, qualified with the layout's object. */
function layoutFields(layout: Node | undefined, object: string): string[] {
  const fields: string[] = [];
  for (const section of entries(layout, 'layoutSections')) {
    for (const column of entries(section, 'layoutColumns')) {
      for (const item of entries(column, 'layoutItems')) {
        const field = textOf(item, 'field');
        if (field && isCustom(field)) fields.push(`${object}.${decoded(field)}`);
      }
    }
  }
  return fields;
}

/** Entries of a reference layout, profile or permission set that name objects or fields the target lacks. */
export function missingDefinitionVetoes(key: ComponentKey, reference: Node | undefined, missingObjects: ReadonlySet<string>, facts: ReferenceFacts, target: string, vetoed: Map<string, string>): void {
  if (key.type === 'Layout') {
    const object = objectOfLayout(key.fullName);
    if (objectMissing(missingObjects, object)) {
      vetoed.set(WHOLE_COMPONENT_PATH, `${target} has no object ${object} (the org answers "no CustomObject named ${object} found"); ${OBJECTS_FIRST} (to ${target}), then plan again`);
      return;
    }
    const lacking = layoutFields(reference, object).filter((field) => fieldMissing(missingObjects, facts, field));
    if (lacking.length > 0) {
      vetoed.set(WHOLE_COMPONENT_PATH, `${target} has no field ${lacking.join(', ')} (the org answers "no CustomField named ${lacking[0]} found"); ${OBJECTS_FIRST} (to ${target}), then plan again`);
    }
    return;
  }
  if (key.type !== 'Profile' && key.type !== 'PermissionSet') return;
  for (const entry of entries(reference, 'objectPermissions')) {
    const object = textOf(entry, 'object');
    if (object && objectMissing(missingObjects, decoded(object))) {
      vetoed.set(`objectPermissions[${decoded(object)}]`, `${target} has no object ${decoded(object)} (the org answers "no CustomObject named ${decoded(object)} found"); ${OBJECTS_FIRST} (to ${target}), then plan again`);
    }
  }
  for (const entry of entries(reference, 'fieldPermissions')) {
    const field = textOf(entry, 'field');
    if (field && fieldMissing(missingObjects, facts, decoded(field))) {
      vetoed.set(`fieldPermissions[${decoded(field)}]`, `${target} has no field ${decoded(field)} (the org answers "no CustomField named ${decoded(field)} found"); ${OBJECTS_FIRST} (to ${target}), then plan again`);
    }
  }
}
