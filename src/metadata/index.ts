export type {
  ChildRule,
  DeactivationRule,
  DeploySemantics,
  ElementRule,
  PermissionRule,
  RemovalRule,
  TypeRule,
} from './ruleTypes.js';
export { findTypeRule, typeTable } from './typeTable.js';
export { lockedPaths, subscriberEditable, type SubscriberEditable } from './managedEditable.js';
