/*
 * Collection rules that the rows of several types are built from.
 */
import type { ChildRule } from '../ruleTypes.js';

/** Strings that are their own key; order is no meaning (buttons). */
export const stringSet = (tag: string): ChildRule => ({ tag, shape: 'keyed', key: ['#text'], ordered: false, placement: 'append' });

/** Strings that are their own key; order is meaning (columns, fields of a compact layout). */
export const orderedStrings = (tag: string): ChildRule => ({ tag, shape: 'keyed', key: ['#text'], ordered: true, placement: 'append' });

export const keyedByName = (tag: string, key = 'name', children?: readonly ChildRule[]): ChildRule => ({
  tag,
  shape: 'keyed',
  key: [key],
  ordered: false,
  placement: 'append',
  children,
});
