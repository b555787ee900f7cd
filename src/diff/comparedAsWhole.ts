import { findTypeRule } from '../metadata/index.js';

/** A type outside the table is compared as one whole component: its changes are not element-level. */
export function isComparedAsWhole(type: string): boolean {
  return findTypeRule(type) === undefined;
}
