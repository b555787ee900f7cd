export type {
  ChildRule,
  DeactivationRule,
  DeletionRule,
  DeploySemantics,
  ElementRule,
  PermissionRule,
  RemovalRule,
  TypeRule,
} from './ruleTypes.js';
export { findTypeRule, typeTable } from './typeTable.js';
export { refusalAction } from './refusalActions.js';
