/*
 * StandardValueSet: the values of a standard picklist (`LeadSource`). listMetadata does not list
 * the type: its member names are the fixed ones SDR ships, so a wildcard expands to every known
 * name and an org without one of them is not worth a warning.
 */
import { valueSetValues } from '../valueSetCollections.js';
import type { TypeHandler } from './handler.js';

export const standardValueSet: TypeHandler = {
  rule: {
    type: 'StandardValueSet',
    deploy: 'replace',
    removeComponent: 'cannot be removed',
    keepsExtraComponents: 'a standard value set cannot be removed',
    revokeChildren: 'deactivate the value (isActive false); the API cannot delete it',
    children: [valueSetValues('standardValue')],
  },
  selectedByDefault: true,
  listable: false,
};
