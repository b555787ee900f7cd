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
