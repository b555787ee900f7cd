/*
 * The per-type rows the diff engine reads, taken from the type modules (types/registry.ts).
 */
import type { TypeRule } from './ruleTypes.js';
import { TYPE_HANDLERS, typeHandler } from './types/registry.js';

/** One row per type, as docs/metadata-types.md describes them. */
export const typeTable: readonly TypeRule[] = [...TYPE_HANDLERS.values()].map((handler) => handler.rule);

/** The row of a type, or undefined: such a component is compared as a whole. */
export function findTypeRule(type: string): TypeRule | undefined {
  return typeHandler(type)?.rule;
}
