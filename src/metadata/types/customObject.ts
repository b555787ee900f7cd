/*
 * CustomObject: an object with its children (fields, list views, record types, ...), each a
 * component of its own type deployed inside the object's file. Its required and master-detail
 * fields tell what the target's permission files can take.
 */
import type { ChildRule } from '../ruleTypes.js';
import { compactLayout } from './compactLayout.js';
import { customField } from './customField.js';
import type { ComponentCheck, TypeHandler, XmlNode } from './handler.js';
import { listView, listViewVeto } from './listView.js';
import { recordType, recordTypeVetoes } from './recordType.js';

const objectChild = (tag: string, childType: string, children?: readonly ChildRule[]): ChildRule => ({
  tag,
  shape: 'keyed',
  key: ['fullName'],
  ordered: false,
  placement: 'append',
  removal: 'destructive',
  childType,
  children,
});

function byFullName(check: ComponentCheck, tag: string): Map<string, XmlNode> {
  return new Map(check.read.entries(check.reference, tag).map((e) => [check.read.decoded(check.read.textOf(e, 'fullName') ?? ''), e]));
}

export const customObject: TypeHandler = {
  rule: {
    type: 'CustomObject',
    deploy: 'upsert',
    removeComponent: 'destructiveChanges',
    keepsExtraComponents: 'deleting an object deletes its records: delete it in Setup, or with a destructive change of your own',
    revokeChildren: 'destructiveChanges with the child type (CustomField, ListView, ...)',
    children: [
      objectChild('fields', 'CustomField', customField.rule.children),
      objectChild('listViews', 'ListView', listView.rule.children),
      objectChild('recordTypes', 'RecordType', recordType.rule.children),
      objectChild('compactLayouts', 'CompactLayout', compactLayout.rule.children),
      objectChild('validationRules', 'ValidationRule'),
      objectChild('webLinks', 'WebLink'),
      objectChild('fieldSets', 'FieldSet'),
      objectChild('businessProcesses', 'BusinessProcess'),
      objectChild('sharingReasons', 'SharingReason'),
      objectChild('indexes', 'Index'),
    ],
  },
  // which compact layout the object's records show is the subscriber's (compactLayoutAssignment)
  subscriberEditable: ['compactLayoutAssignment'],
  addTargetFacts(fullName, xml, read, facts) {
    for (const field of read.entries(read.rootOf(xml), 'fields')) {
      const fieldName = read.textOf(field, 'fullName');
      if (fieldName && (read.textOf(field, 'required') === 'true' || read.textOf(field, 'type') === 'MasterDetail')) facts.requiredFields.add(`${fullName}.${fieldName}`);
      const master = read.textOf(field, 'type') === 'MasterDetail' ? read.textOf(field, 'referenceTo') : undefined;
      if (master) facts.masters.set(fullName, master);
    }
  },
  vetoes(check) {
    for (const [name, node] of byFullName(check, 'recordTypes')) recordTypeVetoes(check, check.fullName, node, `recordTypes[${name}].`);
    for (const [name, view] of byFullName(check, 'listViews')) listViewVeto(check, check.fullName, view, (reason) => check.veto(`listViews[${name}]`, reason));
  },
};
