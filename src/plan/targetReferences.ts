/*
 * What the target has of what the reference's components name, once the deploy completes
 * (docs/metadata-types.md "Blocked drift"): its fields, picklist values and quick actions. Facts
 * come from what the plan retrieved from the target (objects, fields, value sets), one listMetadata
 * of the target when a component names what nothing else tells (made by the planner through
 * src/org; each type's module says which types to list), and the reference components the same
 * deploy carries (they exist once it completes). What each type checks against these facts is in
 * its module (src/metadata/types). Pure.
 */
import { type ReferenceFacts, objectOfChild, typeHandler } from '../metadata/index.js';
import { type ComponentKey, type MetadataComponent, keyOf } from '../org/index.js';
import { Node, decoded, entries, nodeReader, rootOf, textOf } from './xmlRead.js';

export type { ReferenceFacts } from '../metadata/index.js';

/** Members of some types the target was listed for (listMetadata): complete for those types. */
export type ListedMembers = { types: string[]; members: ComponentKey[] };

type FieldEntry = { object: string; name: string; node: Node };

/** The fields of objects and CustomField components, by object. */
function fieldsOf(components: Iterable<MetadataComponent>): FieldEntry[] {
  const fields: FieldEntry[] = [];
  for (const component of components) {
    if (component.type === 'CustomObject') {
      for (const node of entries(rootOf(component.xml), 'fields')) {
        const name = textOf(node, 'fullName');
        if (name) fields.push({ object: component.fullName, name: decoded(name), node });
      }
    } else if (component.type === 'CustomField') {
      const node = rootOf(component.xml);
      if (node) fields.push({ object: objectOfChild(component.fullName), name: component.fullName.slice(component.fullName.indexOf('.') + 1), node });
    }
  }
  return fields;
}

function valueSets(components: Iterable<MetadataComponent>, type: string, tag: string): Map<string, Set<string>> {
  const sets = new Map<string, Set<string>>();
  for (const component of components) {
    if (component.type !== type) continue;
    sets.set(component.fullName, new Set(entries(rootOf(component.xml), tag).map((v) => decoded(textOf(v, 'fullName') ?? ''))));
  }
  return sets;
}

/** A field's values: its own, or its global value set's (undefined when that set is unknown or it is no picklist). */
function fieldValuesOf(field: Node, globalSets: Map<string, Set<string>>): Set<string> | undefined {
  const valueSet = entries(field, 'valueSet')[0];
  if (!valueSet) return undefined;
  const global = textOf(valueSet, 'valueSetName');
  if (global) return globalSets.get(global);
  const definition = entries(valueSet, 'valueSetDefinition')[0];
  return definition ? new Set(entries(definition, 'value').map((v) => decoded(textOf(v, 'fullName') ?? ''))) : undefined;
}

function union(known: Set<string> | undefined, more: Set<string> | undefined): Set<string> | undefined {
  return known && more ? new Set([...known, ...more]) : known;
}

type AlongFacts = { fields: FieldEntry[]; globalSets: Map<string, Set<string>>; standardSets: Map<string, Set<string>>; quickActions: string[] };

/** What the deploy carries, the same for every target: read once per plan, held by the reference side. */
export type Carried = {
  components: MetadataComponent[];
  facts: AlongFacts;
  /** the types to list in each target to check the carried components (typesToList) */
  typesToList: string[];
};

export function carriedAlong(components: MetadataComponent[]): Carried {
  const facts = {
    fields: fieldsOf(components),
    globalSets: valueSets(components, 'GlobalValueSet', 'customValue'),
    standardSets: valueSets(components, 'StandardValueSet', 'standardValue'),
    quickActions: components.filter((c) => c.type === 'QuickAction').map((c) => c.fullName),
  };
  return { components, facts, typesToList: typesToList(components) };
}

export function referenceFacts(target: MetadataComponent[], along: Carried | undefined, listed?: ListedMembers): ReferenceFacts {
  const targetFields = fieldsOf(target);
  const carried = along?.facts ?? { fields: [], globalSets: new Map<string, Set<string>>(), standardSets: new Map<string, Set<string>>(), quickActions: [] };
  const facts: ReferenceFacts = { objectFields: new Map(), fieldsAlong: new Set(carried.fields.map((f) => `${f.object}.${f.name}`)), fieldValues: new Map(), standardValues: new Map() };
  for (const component of target) if (component.type === 'CustomObject') facts.objectFields.set(component.fullName, new Set());
  // a global set the deploy carries adds its values to the target's (merge adds, overwrite deactivates)
  const globalSets = new Map([...valueSets(target, 'GlobalValueSet', 'customValue')].map(([name, values]) => [name, union(values, carried.globalSets.get(name))!]));
  for (const field of targetFields) {
    facts.objectFields.get(field.object)?.add(field.name);
    const values = fieldValuesOf(field.node, globalSets);
    if (values) facts.fieldValues.set(`${field.object}.${field.name}`, values);
  }
  for (const field of carried.fields) {
    const qualified = `${field.object}.${field.name}`;
    const values = union(facts.fieldValues.get(qualified), fieldValuesOf(field.node, carried.globalSets));
    if (values) facts.fieldValues.set(qualified, values);
  }
  for (const [name, values] of valueSets(target, 'StandardValueSet', 'standardValue')) facts.standardValues.set(name, union(values, carried.standardSets.get(name))!);
  const listedOf = (type: string): Set<string> | undefined =>
    listed?.types.includes(type) ? new Set(listed.members.filter((m) => m.type === type).map((m) => decoded(m.fullName))) : undefined;
  const quickActions = listedOf('QuickAction');
  if (quickActions) facts.quickActions = new Set([...quickActions, ...carried.quickActions]);
  const fields = listedOf('CustomField');
  if (fields) facts.listedFields = new Set([...fields, ...facts.fieldsAlong]);
  return facts;
}

/**
 * The types to list in each target so that the selected components can be checked (a layout's
 * custom quick actions and related-list fields), unless the deploy carries them anyway. Empty (no
 * call) for most plans.
 */
export function typesToList(selected: MetadataComponent[]): string[] {
  const along = { keys: new Set(selected.map(keyOf)), fields: new Set(fieldsOf(selected).map((f) => `${f.object}.${f.name}`)) };
  const types = new Set<string>();
  for (const component of selected) {
    const toList = typeHandler(component.type)?.typesToList;
    if (toList) for (const type of toList(component.fullName, rootOf(component.xml), along, nodeReader)) types.add(type);
  }
  return [...types].sort();
}
