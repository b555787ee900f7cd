/* CustomField: a field of an object (`Account.Size__c`); compared for its picklist values. */
import type { ChildRule } from '../ruleTypes.js';
import { valueSetValues } from '../valueSetCollections.js';
import type { TypeHandler } from './handler.js';

/** A custom field's value set: its own values, or a reference to a global value set plus dependencies. */
const customFieldValueSet: ChildRule = {
  tag: 'valueSet',
  shape: 'single',
  ordered: false,
  children: [
    { tag: 'valueSetDefinition', shape: 'single', ordered: false, children: [valueSetValues('value')] },
    {
      tag: 'valueSettings',
      shape: 'keyed',
      key: ['valueName'],
      ordered: false,
      removal: 'omit',
      children: [{ tag: 'controllingFieldValue', shape: 'keyed', key: ['#text'], ordered: false }],
    },
  ],
};

export const customField: TypeHandler = {
  rule: {
    type: 'CustomField',
    deploy: 'replace',
    removeComponent: 'destructiveChanges',
    keepsExtraComponents: 'deleting a field deletes its data: delete it in Setup, or with a destructive change of your own',
    revokeChildren: 'picklist values: deactivate (isActive false); the API cannot delete them',
    children: [customFieldValueSet],
  },
};
