export type {
  ChildRule,
  DeactivationRule,
  DeploySemantics,
  ElementRule,
  EntryField,
  PermissionRule,
  RemovalRule,
  TypeRule,
} from './ruleTypes.js';
export { findTypeRule, typeTable } from './typeTable.js';
