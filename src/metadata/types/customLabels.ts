/* CustomLabels: the file holding every label of the org; each label is a CustomLabel child. */
import type { TypeHandler } from './handler.js';

export const customLabels: TypeHandler = {
  rule: {
    type: 'CustomLabels',
    deploy: 'upsert',
    removeComponent: 'destructiveChanges of each CustomLabel',
    keepsExtraComponents: 'CustomLabels holds every label of the org: its extra labels are deleted as its children',
    revokeChildren: 'destructiveChanges CustomLabel',
    children: [
      {
        tag: 'labels',
        shape: 'keyed',
        key: ['fullName'],
        ordered: false,
        placement: 'append',
        removal: 'destructive',
        childType: 'CustomLabel',
        childNameIsKey: true,
      },
    ],
  },
};
