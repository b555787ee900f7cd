/* QuickAction: a global action or an object's action (`Account.LogACall`); layouts name them. */
import type { TypeHandler } from './handler.js';

export const quickAction: TypeHandler = {
  rule: {
    type: 'QuickAction',
    deploy: 'replace',
    removeComponent: 'destructiveChanges',
    revokeChildren: 'deploy without the item',
    children: [
      {
        tag: 'quickActionLayout',
        shape: 'single',
        ordered: false,
        children: [
          {
            tag: 'quickActionLayoutColumns',
            shape: 'positional',
            ordered: true,
            transparentInPath: true,
            children: [
              {
                tag: 'quickActionLayoutItems',
                shape: 'keyed',
                key: ['field'],
                ordered: true,
                keysUniqueInDocument: true,
                placement: 'afterPredecessor',
              },
            ],
          },
        ],
      },
      { tag: 'fieldOverrides', shape: 'keyed', key: ['field'], ordered: false, placement: 'append' },
    ],
  },
  selectedByDefault: true,
  deletionAction: 'Remove the action from the layouts that name it first (the org lists them), then delete it.',
};
