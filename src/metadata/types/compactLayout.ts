/* CompactLayout: the fields an object's records show in their highlights (`Account.Compact`). */
import { orderedStrings } from './collections.js';
import type { TypeHandler } from './handler.js';

export const compactLayout: TypeHandler = {
  rule: {
    type: 'CompactLayout',
    deploy: 'replace',
    removeComponent: 'destructiveChanges',
    revokeChildren: 'deploy without the field',
    children: [orderedStrings('fields')],
  },
  selectedByDefault: true,
  subscriberEditable: 'all',
  deletionAction: 'Assign another compact layout to the object first, then delete this one.',
};
