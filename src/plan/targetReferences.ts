/*
 * What the reference's components name that the target must have once the deploy completes
 * (docs/metadata-types.md "Blocked drift"): the quick actions and related-list fields of layouts, the
 * picklist values of record types, the owner a "My" list view needs, a profile's only default app.
 * Facts come from what the plan retrieved from the target (objects, fields, value sets), one
 * listMetadata of the target when a layout names what nothing else tells (made by the planner
 * through src/org), and the reference components the same deploy carries (they exist once it
 * completes). A fact that is not known never blocks: the org has the last word. Pure.
 */
import { WHOLE_COMPONENT_PATH } from '../diff/index.js';
import { objectOfLayout } from '../metadata/index.js';
import { type ComponentKey, type MetadataComponent, keyOf } from '../org/index.js';
import { Node, decoded, entries, rootOf, textOf, textsOf } from './xmlRead.js';

/** Members of some types the target was listed for (listMetadata): complete for those types. */
export type ListedMembers = { types: string[]; members: ComponentKey[] };

export type ReferenceFacts = {
  /** quick actions the target has or receives with this deploy; undefined: not listed, unknown */
  quickActions?: Set<string>;
  /** custom fields `Object.Field` the target has (listed) or receives; undefined: not listed */
  listedFields?: Set<string>;
  /** object -> its fields, for the target's objects the plan retrieved (complete for those objects) */
  objectFields: Map<string, Set<string>>;
  /** custom fields the deploy carries (fields of the selected reference objects and fields) */
  fieldsAlong: Set<string>;
  /** `Object.Field` -> picklist values the target has or receives; absent: unknown */
  fieldValues: Map<string, Set<string>>;
  /** StandardValueSet name -> values the target has or receives; absent: unknown */
  standardValues: Map<string, Set<string>>;
};

const isCustom = (name: string): boolean => /__[a-z]+$/i.test(name);
const objectOfChild = (name: string): string => (name.includes('.') ? name.slice(0, name.indexOf('.')) : name);

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

/** What the deploy carries is the same for every target: read once per plan (the planner passes one array). */
const alongCache = new WeakMap<MetadataComponent[], AlongFacts>();

function alongFacts(along: MetadataComponent[]): AlongFacts {
  let facts = alongCache.get(along);
  if (!facts) {
    facts = {
      fields: fieldsOf(along),
      globalSets: valueSets(along, 'GlobalValueSet', 'customValue'),
      standardSets: valueSets(along, 'StandardValueSet', 'standardValue'),
      quickActions: along.filter((c) => c.type === 'QuickAction').map((c) => c.fullName),
    };
    alongCache.set(along, facts);
  }
  return facts;
}

export function referenceFacts(target: MetadataComponent[], along: MetadataComponent[], listed?: ListedMembers): ReferenceFacts {
  const targetFields = fieldsOf(target);
  const carried = alongFacts(along);
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
 * A name of an installed package's component (`ns__Action`, `Widget__c.ns__Size__c`): such members
 * may be left out of what the plan lists (package scope), so their absence is not a fact.
 */
function namespaced(name: string): boolean {
  return name.split('.').some((part) => /^[A-Za-z][A-Za-z0-9]*__(?!(c|r|mdt|e|b|x|pc)$)/.test(part));
}

/**
 * A feed publisher action (`FeedItem.TextPost`): retrieved real orgs name these in their layouts
 * and hold no QuickAction of that name, so their presence is not a fact the plan can read. Every
 * other action, the global actions an org is created with included, is one the target lists.
 */
function isFeedAction(name: string): boolean {
  return name.startsWith('FeedItem.');
}

type LayoutReference = { path: string; kind: 'action'; name: string } | { path: string; kind: 'field'; qualified: string; field: string; list: string };

/** Quick actions (global or of the layout's object) and related-list custom fields of custom child objects a layout names. */
function layoutReferences(layout: Node | undefined): LayoutReference[] {
  const found: LayoutReference[] = [];
  for (const list of entries(layout, 'quickActionList')) {
    for (const item of entries(list, 'quickActionListItems')) {
      const name = textOf(item, 'quickActionName');
      if (name) found.push({ kind: 'action', name, path: `quickActionList.quickActionListItems[${decoded(name)}]` });
    }
  }
  for (const list of entries(layout, 'platformActionList')) {
    for (const item of entries(list, 'platformActionListItems')) {
      const name = textOf(item, 'actionName');
      if (name && textOf(item, 'actionType') === 'QuickAction') found.push({ kind: 'action', name, path: `platformActionList.platformActionListItems[${decoded(name)}]` });
    }
  }
  for (const related of entries(layout, 'relatedLists')) {
    const list = textOf(related, 'relatedList') ?? '';
    const child = list.includes('.') ? objectOfChild(list) : undefined;
    // only custom fields of custom child objects are checked (as the org checks them; standard ones always exist)
    if (!child || !isCustom(child)) continue;
    for (const field of textsOf(related, 'fields')) {
      if (!isCustom(field)) continue;
      const bare = field.startsWith(`${child}.`) ? field.slice(child.length + 1) : field;
      // `Object__c.Field__c`: a field of an object the child looks up, named with its own object
      const qualified = bare.includes('.') ? bare : `${child}.${bare}`;
      found.push({ kind: 'field', qualified, field, list, path: `relatedLists[${decoded(list)}].fields[${decoded(field)}]` });
    }
  }
  return found;
}

/**
 * The types to list in each target so that the selected layouts can be checked: QuickAction when a
 * layout names a custom quick action, CustomField when a related list names a custom field, unless
 * the deploy carries them anyway. Empty (no call) for most plans.
 */
export function typesToList(selected: MetadataComponent[]): string[] {
  const known = typesCache.get(selected);
  if (known) return known;
  const types = layoutTypesToList(selected);
  typesCache.set(selected, types);
  return types;
}

const typesCache = new WeakMap<MetadataComponent[], string[]>();

function layoutTypesToList(selected: MetadataComponent[]): string[] {
  const carried = new Set(selected.map(keyOf));
  const fieldsAlong = new Set(fieldsOf(selected).map((f) => `${f.object}.${f.name}`));
  const types = new Set<string>();
  for (const layout of selected.filter((c) => c.type === 'Layout')) {
    const object = objectOfLayout(layout.fullName);
    for (const ref of layoutReferences(rootOf(layout.xml))) {
      if (ref.kind === 'action' && !isFeedAction(ref.name) && !carried.has(`QuickAction:${ref.name}`) && !carried.has(`QuickAction:${object}.${ref.name}`)) types.add('QuickAction');
      if (ref.kind === 'field' && !fieldsAlong.has(ref.qualified)) types.add('CustomField');
    }
  }
  return [...types].sort();
}

/** Whether the target will lack the field once the deploy completes; false when not known. */
export function lacksField(facts: ReferenceFacts, qualified: string): boolean {
  if (facts.fieldsAlong.has(qualified) || namespaced(qualified)) return false;
  if (facts.listedFields) return !facts.listedFields.has(qualified);
  const known = facts.objectFields.get(objectOfChild(qualified));
  return known !== undefined && !known.has(qualified.slice(qualified.indexOf('.') + 1));
}

function layoutVetoes(fullName: string, layout: Node | undefined, facts: ReferenceFacts, target: string, vetoed: Map<string, string>): void {
  const object = objectOfLayout(fullName);
  for (const ref of layoutReferences(layout)) {
    if (ref.kind === 'action') {
      const actions = facts.quickActions;
      if (!actions || isFeedAction(ref.name) || namespaced(ref.name) || actions.has(ref.name) || actions.has(`${object}.${ref.name}`)) continue;
      vetoed.set(ref.path, `${target} has no quick action ${ref.name} (the org answers "In field: QuickAction - no QuickAction named ${ref.name} found"); deploy the quick action to ${target} first, or remove it from the reference layout`);
    } else if (lacksField(facts, ref.qualified)) {
      vetoed.set(ref.path, `${target} has no field ${ref.qualified} (the org answers "Invalid field:${ref.field} in related list:${ref.list}"); create the field in ${target} first, or remove it from the related list in the reference`);
    }
  }
}

/** The values a record type's picklist can offer in the target: of its field, or of the standard value set of that name. */
function picklistValues(facts: ReferenceFacts, object: string, picklist: string): Set<string> | undefined {
  return facts.fieldValues.get(`${object}.${picklist}`) ?? (isCustom(picklist) ? undefined : facts.standardValues.get(picklist));
}

function recordTypeVetoes(object: string, recordType: Node, base: string, facts: ReferenceFacts, target: string, vetoed: Map<string, string>): void {
  for (const entry of entries(recordType, 'picklistValues')) {
    const picklist = decoded(textOf(entry, 'picklist') ?? '');
    const known = picklistValues(facts, object, picklist);
    if (!known) continue;
    for (const value of entries(entry, 'values')) {
      const name = decoded(textOf(value, 'fullName') ?? '');
      if (known.has(name)) continue;
      vetoed.set(
        `${base}picklistValues[${picklist}].values[${name}]`,
        `the picklist ${object}.${picklist} in ${target} has no value ${name} (the org answers "Picklist value: ${name} in picklist: ${picklist} not found"); add the value to the picklist (or its value set) in ${target} first`
      );
    }
  }
}

function mineReason(object: string, target: string): string {
  return `a "My" list view of ${object} cannot be deployed to ${target} (Known Issue a028c00000qQ8ldAAC: the org answers "Invalid scope:Mine, not allowed"); set filterScope to Everything in the reference, or change the view in Setup`;
}

/**
 * A "My" list view cannot be deployed at all; one whose custom column the target's object lacks is
 * refused whole ("Could not resolve list view column: X", forcedotcom/cli #2723): either stays out,
 * drift and all.
 */
function listViewVeto(object: string, view: Node, base: string, facts: ReferenceFacts, target: string, vetoed: Map<string, string>): void {
  if (textOf(view, 'filterScope') === 'Mine') {
    vetoed.set(base, mineReason(object, target));
    return;
  }
  const missing = textsOf(view, 'columns').find((column) => isCustom(column) && !column.includes('.') && lacksField(facts, `${object}.${column}`));
  if (missing) vetoed.set(base, `${target} has no field ${object}.${missing} for the column ${missing} of this list view (the org answers "Could not resolve list view column: ${missing}"); create the field in ${target} first, or remove the column in the reference`);
}

function defaultApp(profile: Node | undefined): string | undefined {
  const entry = entries(profile, 'applicationVisibilities').find((e) => textOf(e, 'default') === 'true');
  return entry ? textOf(entry, 'application') : undefined;
}

function byFullName(node: Node | undefined, tag: string): Map<string, Node> {
  return new Map(entries(node, tag).map((e) => [decoded(textOf(e, 'fullName') ?? ''), e]));
}

/**
 * Entries of a reference component that name what the target lacks, by the path the diff engine
 * gives them, with the reason (WHOLE_COMPONENT_PATH: the whole component is refused).
 */
export function referenceVetoes(key: ComponentKey, reference: Node | undefined, target: Node | undefined, facts: ReferenceFacts, targetName: string, vetoed: Map<string, string>): void {
  if (key.type === 'Layout') layoutVetoes(key.fullName, reference, facts, targetName, vetoed);
  else if (key.type === 'RecordType' && reference) recordTypeVetoes(objectOfChild(key.fullName), reference, '', facts, targetName, vetoed);
  else if (key.type === 'ListView' && reference) listViewVeto(objectOfChild(key.fullName), reference, WHOLE_COMPONENT_PATH, facts, targetName, vetoed);
  else if (key.type === 'CustomObject') {
    for (const [name, recordType] of byFullName(reference, 'recordTypes')) recordTypeVetoes(key.fullName, recordType, `recordTypes[${name}].`, facts, targetName, vetoed);
    for (const [name, view] of byFullName(reference, 'listViews')) listViewVeto(key.fullName, view, `listViews[${name}]`, facts, targetName, vetoed);
  } else if (key.type === 'Profile') {
    // the only default app cannot be taken away: an entry that would take it keeps the target's
    const app = defaultApp(target);
    if (app && !defaultApp(reference)) {
      vetoed.set(
        `applicationVisibilities[${decoded(app)}]`,
        `${app} is the only default app of ${key.fullName} in ${targetName}: it cannot be taken away (the org answers "You can't remove the only default app from the profile."); make another app the default in the reference`
      );
    }
  }
}
