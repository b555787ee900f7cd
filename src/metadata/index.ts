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
export type {
  CarriedAlong,
  ComponentCheck,
  NodeReader,
  ReferenceFacts,
  TargetFacts,
  TypeHandler,
  XmlNode,
} from './types/handler.js';
export { TYPE_HANDLERS, typeHandler, typesWith } from './types/registry.js';
export { lacksField } from './types/targetChecks.js';
export { findTypeRule, typeTable } from './typeTable.js';
export { refusalAction } from './refusalActions.js';
export { lockedPaths, subscriberEditable, type SubscriberEditable } from './managedEditable.js';
export { isCustom, objectOfChild } from './names.js';
export { isListable, PERMISSION_TYPES, scopedToRequest, SUBSCRIBER_CONTROLLED_TYPES } from './typeLists.js';
export {
  PERMISSION_REFERENCES,
  PERMISSION_SCOPE_TYPES,
  STANDARD_NON_OBJECT_TABS,
  type PermissionReference,
} from './permissionScope.js';
