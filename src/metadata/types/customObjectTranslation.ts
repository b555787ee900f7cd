/* CustomObjectTranslation: an object's translations, one file per language (`Account-fr`). */
import { keyedByName } from './collections.js';
import type { TypeHandler } from './handler.js';

export const customObjectTranslation: TypeHandler = {
  rule: {
    type: 'CustomObjectTranslation',
    deploy: 'replace',
    removeComponent: 'destructiveChanges',
    revokeChildren: 'deploy without the translation',
    noise: ['one file per language'],
    unverified: ['deploy: treated as replace'],
    children: [
      keyedByName('fields', 'name', [keyedByName('picklistValues', 'masterLabel')]),
      keyedByName('layouts', 'layout', [keyedByName('sections', 'section')]),
      keyedByName('recordTypes'),
      keyedByName('quickActions'),
      keyedByName('webLinks'),
      keyedByName('validationRules'),
      keyedByName('sharingReasons'),
      keyedByName('standardFields'),
      keyedByName('fieldSets'),
      keyedByName('workflowTasks'),
    ],
  },
};
