export type {
  ChildRule,
  DeactivationRule,
  DeletionRule,
  DeploySemantics,
  ElementRule,
  EntryField,
  PermissionRule,
  RemovalRule,
  TypeRule,
} from './ruleTypes.js';
export { findTypeRule, typeTable } from './typeTable.js';
export { refusalAction } from './refusalActions.js';
export { lockedPaths, subscriberEditable, type SubscriberEditable } from './managedEditable.js';
export { objectOfLayout } from './names.js';
export { isListable, SUBSCRIBER_CONTROLLED_TYPES } from './typeLists.js';
export {
  PERMISSION_REFERENCES,
  PERMISSION_SCOPE_TYPES,
  PERMISSION_TYPES,
  STANDARD_NON_OBJECT_TABS,
  type PermissionReference,
} from './permissionScope.js';
