/* CustomLabel: one label, compared as a whole. */
import type { TypeHandler } from './handler.js';

export const customLabel: TypeHandler = {
  rule: {
    type: 'CustomLabel',
    deploy: 'replace',
    removeComponent: 'destructiveChanges CustomLabel',
    revokeChildren: '—',
    children: [],
  },
};
