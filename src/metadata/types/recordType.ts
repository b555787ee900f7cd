/*
 * RecordType: an object's record type (`Account.Partner`). It cannot be deleted through the API,
 * and the picklist values it offers must exist in the target's picklists.
 */
import type { ChildRule } from '../ruleTypes.js';
import { isCustom, objectOfChild } from '../names.js';
import type { ComponentCheck, ReferenceFacts, TypeHandler, XmlNode } from './handler.js';

const recordTypePicklistValues: ChildRule = {
  tag: 'picklistValues',
  shape: 'keyed',
  key: ['picklist'],
  ordered: false,
  placement: 'append',
  removal: 'omit',
  children: [
    { tag: 'values', shape: 'keyed', key: ['fullName'], ordered: false, placement: 'append', removal: 'omit', singleTrueField: 'default' },
  ],
};

/** The values a record type's picklist can offer in the target: of its field, or of the standard value set of that name. */
function picklistValues(facts: ReferenceFacts, object: string, picklist: string): Set<string> | undefined {
  return facts.fieldValues.get(`${object}.${picklist}`) ?? (isCustom(picklist) ? undefined : facts.standardValues.get(picklist));
}

/** Values a record type offers that its picklist lacks in the target; `base`: the record type's path in its file. */
export function recordTypeVetoes(check: ComponentCheck, object: string, recordType: XmlNode, base: string): void {
  const { read, facts } = check;
  for (const entry of read.entries(recordType, 'picklistValues')) {
    const picklist = read.decoded(read.textOf(entry, 'picklist') ?? '');
    const known = picklistValues(facts.references, object, picklist);
    if (!known) continue;
    for (const value of read.entries(entry, 'values')) {
      const name = read.decoded(read.textOf(value, 'fullName') ?? '');
      if (known.has(name)) continue;
      check.veto(
        `${base}picklistValues[${picklist}].values[${name}]`,
        `the picklist ${object}.${picklist} in ${facts.name} has no value ${name} (the org answers "Picklist value: ${name} in picklist: ${picklist} not found"); add the value to the picklist (or its value set) in ${facts.name} first`
      );
    }
  }
}

export const recordType: TypeHandler = {
  rule: {
    type: 'RecordType',
    deploy: 'replace',
    removeComponent: 'cannot be deleted through the API: deactivate it (active false), delete it in Setup',
    keepsExtraComponents: 'a record type cannot be deleted through the API: deactivate it, then delete it in Setup',
    revokeChildren: 'deploy without the value',
    deletion: {
      refused: 'always',
      deactivate: { field: 'active', value: 'false' },
      reason: 'a record type cannot be deleted through the API (deactivate it, then delete it in Setup)',
    },
    noise: ['picklist value names partly URL-encoded: compared decoded'],
    children: [recordTypePicklistValues],
    unverified: ['deploy: whether picklists omitted from picklistValues stay untouched (treated as replace)'],
  },
  selectedByDefault: true,
  // the label and description are the package's; picklist values per record type are the subscriber's
  subscriberEditable: ['picklistValues'],
  vetoes: (check) => recordTypeVetoes(check, objectOfChild(check.fullName), check.reference, ''),
  deletionAction: 'Deactivate the record type, then delete it in Setup.',
};
