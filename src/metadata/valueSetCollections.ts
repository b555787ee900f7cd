import type { ChildRule } from './ruleTypes.js';

/**
 * Picklist values of a value set (GlobalValueSet customValue, StandardValueSet standardValue,
 * CustomField valueSetDefinition value). Order is the display order; an omitted value is
 * deactivated by Salesforce, never deleted, so overwrite keeps it with isActive false.
 */
export function valueSetValues(tag: string): ChildRule {
  return {
    tag,
    shape: 'keyed',
    key: ['fullName'],
    keyMode: 'composite',
    ordered: true,
    removal: 'deactivate',
    // CustomValue elements come in this order: fullName, color, default, description, isActive, label.
    deactivation: { field: 'isActive', value: 'false', before: 'label' },
    singleTrueField: 'default',
    placement: 'append',
  };
}

/** A custom field's value set: its own values, or a reference to a global value set plus dependencies. */
export const customFieldValueSet: ChildRule = {
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
