/*
 * Every metadata type the plugin knows by name, one module each (this folder). Adding a type is
 * one file and one line here. The default selection follows this order.
 */
import { compactLayout } from './compactLayout.js';
import { customApplication } from './customApplication.js';
import { customField } from './customField.js';
import { customLabel } from './customLabel.js';
import { customLabels } from './customLabels.js';
import { customObject } from './customObject.js';
import { customObjectTranslation } from './customObjectTranslation.js';
import { flexiPage } from './flexiPage.js';
import { globalValueSet } from './globalValueSet.js';
import type { TypeHandler } from './handler.js';
import { layout } from './layout.js';
import { listView } from './listView.js';
import { permissionSet } from './permissionSet.js';
import { profile } from './profile.js';
import { quickAction } from './quickAction.js';
import { recordType } from './recordType.js';
import { standardValueSet } from './standardValueSet.js';

const HANDLERS: readonly TypeHandler[] = [
  layout,
  listView,
  compactLayout,
  recordType,
  globalValueSet,
  standardValueSet,
  quickAction,
  flexiPage,
  customApplication,
  profile,
  permissionSet,
  customField,
  customObjectTranslation,
  customLabels,
  customLabel,
  customObject,
];

/** Type name -> its module. */
export const TYPE_HANDLERS: ReadonlyMap<string, TypeHandler> = new Map(HANDLERS.map((handler) => [handler.rule.type, handler]));

/** The module of a type, or undefined: such a component is compared as a whole and nothing else is known of it. */
export function typeHandler(type: string): TypeHandler | undefined {
  return TYPE_HANDLERS.get(type);
}

/** The types whose module declares this hook or property. */
export function typesWith(hook: keyof TypeHandler): string[] {
  return HANDLERS.filter((handler) => handler[hook] !== undefined).map((handler) => handler.rule.type);
}
