/* GlobalValueSet: picklist values shared by the picklist fields that use the set. */
import { valueSetValues } from '../valueSetCollections.js';
import type { TypeHandler } from './handler.js';

export const globalValueSet: TypeHandler = {
  rule: {
    type: 'GlobalValueSet',
    deploy: 'replace',
    removeComponent: 'destructiveChanges (only when no field uses it)',
    revokeChildren: 'deactivate the value (isActive false); the API cannot delete it',
    children: [valueSetValues('customValue')],
  },
  selectedByDefault: true,
  deletionAction: 'Point the picklist fields that use the value set elsewhere first, then delete it.',
};
