/*
 * Layout: a page layout of an object (`Account-Account Layout`). Everything the plugin knows about
 * the type: how it is compared, what a subscriber may change, how it is named, what it names that
 * the target must have, and when the org refuses to delete it.
 */
import type { ChildRule } from '../ruleTypes.js';
import { isCustom, namespaced, objectOfChild } from '../names.js';
import { orderedStrings, stringSet } from './collections.js';
import type { CarriedAlong, ComponentCheck, NodeReader, TypeHandler, XmlNode } from './handler.js';
import { OBJECTS_FIRST, fieldMissing, lacksField } from './targetChecks.js';

/** Layout items are identified by what they show; blank spaces have no key and match by ordinal. */
const layoutItems: ChildRule = {
  tag: 'layoutItems',
  shape: 'keyed',
  key: ['field', 'customLink', 'page', 'component', 'scontrol', 'canvas', 'analyticsCloudComponent'],
  keyMode: 'firstPresent',
  ordered: true,
  keysUniqueInDocument: true,
  placement: 'afterPredecessor',
};

/**
 * Sections have no id: key = label; a repeated label gets " (2)", " (3)"...; an empty label gets
 * "#1", "#2"... by ordinal among the unlabelled sections (stable when labelled sections move).
 */
const layoutCollections: readonly ChildRule[] = [
  {
    tag: 'layoutSections',
    shape: 'keyed',
    key: ['label'],
    ordered: true,
    placement: 'append',
    children: [{ tag: 'layoutColumns', shape: 'positional', ordered: true, transparentInPath: true, children: [layoutItems] }],
  },
  {
    tag: 'relatedLists',
    shape: 'keyed',
    key: ['relatedList'],
    ordered: true,
    placement: 'append',
    children: [orderedStrings('fields'), stringSet('customButtons'), stringSet('excludeButtons')],
  },
  {
    tag: 'platformActionList',
    shape: 'single',
    ordered: false,
    children: [
      {
        tag: 'platformActionListItems',
        shape: 'keyed',
        key: ['actionName'],
        ordered: true,
        placement: 'append',
        sequenceField: 'sortOrder',
      },
    ],
  },
  {
    tag: 'quickActionList',
    shape: 'single',
    ordered: false,
    children: [
      { tag: 'quickActionListItems', shape: 'keyed', key: ['quickActionName'], ordered: true, placement: 'append' },
    ],
  },
  stringSet('customButtons'),
  stringSet('excludeButtons'),
  {
    tag: 'miniLayout',
    shape: 'single',
    ordered: false,
    children: [
      orderedStrings('fields'),
      { tag: 'relatedLists', shape: 'keyed', key: ['relatedList'], ordered: true, placement: 'append' },
    ],
  },
  { tag: 'summaryLayout', shape: 'single', ordered: false, children: [{ tag: 'summaryLayoutItems', shape: 'positional', ordered: true }] },
];

/** The object a layout belongs to: `Account-Account Layout` -> `Account` (object names never hold a dash). */
function objectOfLayout(fullName: string): string {
  const dash = fullName.indexOf('-');
  return dash === -1 ? fullName : fullName.slice(0, dash);
}

/**
 * A managed layout lists as `ns__Obj__c-Layout Name` but is retrieved and deployed only as
 * `ns__Obj__c-ns__Layout Name` (Gearset, "Retrieving and deploying namespaced layouts").
 */
function retrievableName(listedName: string, namespace: string): string {
  const dash = listedName.indexOf('-');
  const layout = listedName.slice(dash + 1);
  return layout.startsWith(`${namespace}__`) ? listedName : `${listedName.slice(0, dash + 1)}${namespace}__${layout}`;
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
function layoutReferences(layout: XmlNode | undefined, read: NodeReader): LayoutReference[] {
  const decoded = (name: string): string => read.decoded(name);
  const entries = (node: XmlNode | undefined, tag: string): XmlNode[] => read.entries(node, tag);
  const textOf = (node: XmlNode | undefined, tag: string): string | undefined => read.textOf(node, tag);
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
    for (const field of read.textsOf(related, 'fields')) {
      if (!isCustom(field)) continue;
      const bare = field.startsWith(`${child}.`) ? field.slice(child.length + 1) : field;
      // `Object__c.Field__c`: a field of an object the child looks up, named with its own object
      const qualified = bare.includes('.') ? bare : `${child}.${bare}`;
      found.push({ kind: 'field', qualified, field, list, path: `relatedLists[${decoded(list)}].fields[${decoded(field)}]` });
    }
  }
  return found;
}

/** The custom fields a layout places in its sections, qualified with the layout's object. */
function layoutFields(layout: XmlNode | undefined, object: string, read: NodeReader): string[] {
  const fields: string[] = [];
  for (const section of read.entries(layout, 'layoutSections')) {
    for (const column of read.entries(section, 'layoutColumns')) {
      for (const item of read.entries(column, 'layoutItems')) {
        const field = read.textOf(item, 'field');
        if (field && isCustom(field)) fields.push(`${object}.${read.decoded(field)}`);
      }
    }
  }
  return fields;
}

/**
 * Listing QuickAction when the layout names a custom quick action, CustomField when a related list
 * names a custom field, unless the deploy carries them anyway.
 */
function typesToList(fullName: string, root: XmlNode | undefined, along: CarriedAlong, read: NodeReader): string[] {
  const object = objectOfLayout(fullName);
  const types: string[] = [];
  for (const ref of layoutReferences(root, read)) {
    if (ref.kind === 'action' && !isFeedAction(ref.name) && !along.keys.has(`QuickAction:${ref.name}`) && !along.keys.has(`QuickAction:${object}.${ref.name}`)) types.push('QuickAction');
    if (ref.kind === 'field' && !along.fields.has(ref.qualified)) types.push('CustomField');
  }
  return types;
}

function vetoes(check: ComponentCheck): void {
  const { fullName, reference, facts, read } = check;
  const target = facts.name;
  const references = facts.references;
  const object = objectOfLayout(fullName);
  for (const ref of layoutReferences(reference, read)) {
    if (ref.kind === 'action') {
      const actions = references.quickActions;
      if (!actions || isFeedAction(ref.name) || namespaced(ref.name) || actions.has(ref.name) || actions.has(`${object}.${ref.name}`)) continue;
      check.veto(ref.path, `${target} has no quick action ${ref.name} (the org answers "In field: QuickAction - no QuickAction named ${ref.name} found"); deploy the quick action to ${target} first, or remove it from the reference layout`);
    } else if (lacksField(references, ref.qualified)) {
      check.veto(ref.path, `${target} has no field ${ref.qualified} (the org answers "Invalid field:${ref.field} in related list:${ref.list}"); create the field in ${target} first, or remove it from the related list in the reference`);
    }
  }
  // a fresh org planned from a source folder may lack the layout's object or fields: not this plugin's to deploy
  if (facts.missingObjects.has(object)) {
    check.vetoWhole(`${target} has no object ${object} (the org answers "no CustomObject named ${object} found"); ${OBJECTS_FIRST} (to ${target}), then plan again`);
    return;
  }
  const lacking = layoutFields(reference, object, read).filter((field) => fieldMissing(facts.missingObjects, references, field));
  if (lacking.length > 0) {
    check.vetoWhole(`${target} has no field ${lacking.join(', ')} (the org answers "no CustomField named ${lacking[0]} found"); ${OBJECTS_FIRST} (to ${target}), then plan again`);
  }
}

const DELETION_REFUSED = 'an object\'s last page layout cannot be deleted through the API';

export const layout: TypeHandler = {
  rule: {
    type: 'Layout',
    deploy: 'replace',
    removeComponent: 'destructiveChanges; an object\'s last layout cannot be deleted',
    revokeChildren: 'deploy without the item',
    deletion: { refused: 'lastOfObject', reason: DELETION_REFUSED },
    keepsExtraComponents: 'a layout may be assigned to profiles and record types, and an object\'s last layout cannot be deleted: reassign it and delete it in Setup',
    noise: ['names URL-encoded (%2E, %28...)'],
    children: layoutCollections,
  },
  selectedByDefault: true,
  subscriberEditable: 'all',
  objectOf: objectOfLayout,
  retrievableName,
  // `ns__*` also selects what package ns installed under another name (`Account-ns__Layout`)
  selectableNames: (fullName, namespace) => [fullName.replace(`-${namespace}__`, '-')],
  addTargetFacts(fullName, _xml, _read, facts) {
    const key = `Layout:${objectOfLayout(fullName)}`;
    facts.ofObject.set(key, [...(facts.ofObject.get(key) ?? []), fullName]);
  },
  typesToList,
  vetoes,
  refusedDeletion(fullName, facts) {
    const object = objectOfLayout(fullName);
    const others = (facts.ofObject.get(`Layout:${object}`) ?? []).filter((name) => name !== fullName);
    return others.length === 0 ? `${fullName} is the last layout of ${object} in ${facts.name}: ${DELETION_REFUSED}` : undefined;
  },
  deletionAction: 'Create another layout for the object first (an object keeps at least one), or keep this one.',
};
