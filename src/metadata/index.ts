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
export { isStandardQuickAction } from './standardQuickActions.js';
export { objectOfLayout } from './names.js';
