import type { TreeElement } from './xmlTree.js';

/**
 * Builds an element from the target's tags plus tags only the reference has, each of those placed
 * after the nearest tag preceding it in the reference: Salesforce's element order is kept.
 */
export function withReferenceTags(
  targetOrdered: ReadonlyArray<[string, TreeElement[string]]>,
  referenceTags: readonly string[],
  referenceOnly: ReadonlyMap<string, TreeElement[string]>
): TreeElement {
  const order = targetOrdered.map(([tag]) => tag);
  const values = new Map(targetOrdered);
  referenceTags.forEach((tag, index) => {
    const value = referenceOnly.get(tag);
    if (value === undefined) return;
    let position = 0;
    for (let previous = index - 1; previous >= 0; previous--) {
      const at = order.indexOf(referenceTags[previous]);
      if (at >= 0) {
        position = at + 1;
        break;
      }
    }
    order.splice(position, 0, tag);
    values.set(tag, value);
  });
  const element: TreeElement = {};
  for (const tag of order) element[tag] = values.get(tag)!;
  return element;
}
