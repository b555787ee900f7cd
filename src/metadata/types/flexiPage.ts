/* FlexiPage: a Lightning page; an active (assigned) page cannot be deleted. */
import { keyedByName } from './collections.js';
import type { TypeHandler } from './handler.js';

export const flexiPage: TypeHandler = {
  rule: {
    type: 'FlexiPage',
    deploy: 'replace',
    removeComponent: 'destructiveChanges; an active (assigned) page cannot be deleted',
    revokeChildren: 'deploy without the component',
    deletion: { refused: 'whenActive', reason: 'an active Lightning page cannot be deleted (remove its assignments in Lightning App Builder, then delete it)' },
    noise: ['from API 49 property arrays come back as valueList'],
    children: [
      keyedByName('flexiPageRegions', 'name', [
        {
          tag: 'itemInstances',
          shape: 'keyed',
          // Component and field instances carry an identifier; anything else matches by ordinal.
          key: ['componentInstance.identifier', 'fieldInstance.identifier'],
          keyMode: 'firstPresent',
          ordered: true,
          placement: 'append',
          children: [
            { tag: 'componentInstance', shape: 'single', ordered: false, children: [keyedByName('componentInstanceProperties')] },
            { tag: 'fieldInstance', shape: 'single', ordered: false, children: [keyedByName('fieldInstanceProperties')] },
          ],
        },
        {
          tag: 'componentInstances',
          shape: 'keyed',
          key: ['identifier'],
          ordered: true,
          placement: 'append',
          children: [keyedByName('componentInstanceProperties')],
        },
      ]),
    ],
  },
  selectedByDefault: true,
  deletionAction: 'Deactivate the page (Lightning App Builder, Activation: remove its assignments) and take it off the tabs and utility bars that use it, then delete it.',
};
