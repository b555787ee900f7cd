import type { ChildRule } from './ruleTypes.js';

const stringSet = (tag: string): ChildRule => ({ tag, shape: 'keyed', key: ['#text'], ordered: false, placement: 'append' });
const orderedStrings = (tag: string): ChildRule => ({ tag, shape: 'keyed', key: ['#text'], ordered: true, placement: 'append' });

/** Layout items are identified by what they show; blank spaces have no key and match by ordinal. */
const layoutItems: ChildRule = {
  tag: 'layoutItems',
  shape: 'keyed',
  key: ['field', 'customLink', 'page', 'component', 'scontrol', 'canvas', 'analyticsCloudComponent'],
  keyMode: 'firstPresent',
  ordered: true,
  keysUniqueInDocument: true,
  placement: 'afterPredecessor',
};

/**
 * Sections have no id: key = label; a repeated label gets " (2)", " (3)"...; an empty label gets
 * "#1", "#2"... by ordinal among the unlabelled sections (stable when labelled sections move).
 */
export const layoutCollections: readonly ChildRule[] = [
  {
    tag: 'layoutSections',
    shape: 'keyed',
    key: ['label'],
    ordered: true,
    placement: 'append',
    children: [{ tag: 'layoutColumns', shape: 'positional', ordered: true, transparentInPath: true, children: [layoutItems] }],
  },
  {
    tag: 'relatedLists',
    shape: 'keyed',
    key: ['relatedList'],
    ordered: true,
    placement: 'append',
    children: [orderedStrings('fields'), stringSet('customButtons'), stringSet('excludeButtons')],
  },
  {
    tag: 'platformActionList',
    shape: 'single',
    ordered: false,
    children: [
      {
        tag: 'platformActionListItems',
        shape: 'keyed',
        key: ['actionName'],
        ordered: true,
        placement: 'append',
        sequenceField: 'sortOrder',
      },
    ],
  },
  {
    tag: 'quickActionList',
    shape: 'single',
    ordered: false,
    children: [
      { tag: 'quickActionListItems', shape: 'keyed', key: ['quickActionName'], ordered: true, placement: 'append' },
    ],
  },
  stringSet('customButtons'),
  stringSet('excludeButtons'),
  {
    tag: 'miniLayout',
    shape: 'single',
    ordered: false,
    children: [
      orderedStrings('fields'),
      { tag: 'relatedLists', shape: 'keyed', key: ['relatedList'], ordered: true, placement: 'append' },
    ],
  },
  { tag: 'summaryLayout', shape: 'single', ordered: false, children: [{ tag: 'summaryLayoutItems', shape: 'positional', ordered: true }] },
];

export const compactLayoutCollections: readonly ChildRule[] = [orderedStrings('fields')];

const sharedToMembers = [
  'allCustomerPortalUsers', 'allInternalUsers', 'allPartnerUsers', 'channelProgramGroups', 'group', 'groups',
  'managerSubordinates', 'managers', 'portalRole', 'portalRoleAndSubordinates', 'queue', 'role',
  'roleAndSubordinates', 'roleAndSubordinatesInternal', 'roles', 'rolesAndSubordinates', 'territories',
  'territoriesAndSubordinates', 'territory', 'territoryAndSubordinates',
];

export const listViewCollections: readonly ChildRule[] = [
  orderedStrings('columns'),
  // Without a booleanFilter the filters are ANDed: a filter is what it tests, wherever it stands.
  // A booleanFilter names filters by position, so then position is their identity.
  {
    tag: 'filters',
    shape: 'keyed',
    key: ['field', 'operation', 'value'],
    keyMode: 'composite',
    ordered: false,
    placement: 'append',
    positionalWith: 'booleanFilter',
  },
  { tag: 'sharedTo', shape: 'single', ordered: false, children: sharedToMembers.map(stringSet) },
];

export const quickActionCollections: readonly ChildRule[] = [
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
];

export { orderedStrings, stringSet };
