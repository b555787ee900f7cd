import type { ElementRule } from '../metadata/index.js';
import type { TreeElement } from './xmlTree.js';

/** A keyed collection and the tag that names its entries by position (filters and booleanFilter). */
export type BoundUnit = readonly [collection: string, bound: string];

/**
 * The units these elements hold as one: where any side has the bound tag, its collection is keyed
 * by position there, so the collection and the tag are compared, kept and replaced together.
 */
export function boundUnits(rule: ElementRule | undefined, ...elements: Array<TreeElement | undefined>): BoundUnit[] {
  const units: BoundUnit[] = [];
  for (const child of rule?.children ?? []) {
    const bound = child.positionalWith;
    if (bound && elements.some((element) => element?.[bound] !== undefined)) units.push([child.tag, bound]);
  }
  return units;
}

export function holdsUnit(element: TreeElement | undefined, unit: BoundUnit): boolean {
  return element?.[unit[0]] !== undefined || element?.[unit[1]] !== undefined;
}

/** The element without the unit's tags (the same object when it holds none). */
export function withoutUnit(element: TreeElement, unit: BoundUnit): TreeElement {
  if (!holdsUnit(element, unit)) return element;
  const rest = { ...element };
  delete rest[unit[0]];
  delete rest[unit[1]];
  return rest;
}
