/* CustomApplication: an app (its tabs, overrides, console settings). */
import { keyedByName } from './collections.js';
import type { TypeHandler } from './handler.js';

export const customApplication: TypeHandler = {
  rule: {
    type: 'CustomApplication',
    deploy: 'replace',
    removeComponent: 'destructiveChanges',
    revokeChildren: 'deploy without the entry',
    unverified: ['keys of actionOverrides, profileActionOverrides and workspaceConfig mappings (no public source: docs/metadata-types.md)'],
    children: [
      { tag: 'tabs', shape: 'keyed', key: ['#text'], ordered: true, placement: 'append' },
      {
        tag: 'actionOverrides',
        shape: 'keyed',
        key: ['actionName', 'pageOrSobjectType', 'formFactor'],
        keyMode: 'composite',
        ordered: false,
        placement: 'append',
      },
      {
        tag: 'profileActionOverrides',
        shape: 'keyed',
        key: ['actionName', 'pageOrSobjectType', 'recordType', 'profile', 'formFactor'],
        keyMode: 'composite',
        ordered: false,
        placement: 'append',
      },
      { tag: 'workspaceConfig', shape: 'single', ordered: false, children: [keyedByName('mappings', 'tab')] },
    ],
  },
  selectedByDefault: true,
  subscriberEditable: 'all',
};
