import type { ElementRule } from '../metadata/index.js';
import { EntryKeyer } from './entryKey.js';
import { childRuleOf } from './ruleLookup.js';
import { isElement, KeyedCollection, type TreeElement, type TreeNode } from './xmlTree.js';

/**
 * An empty element (`<layoutColumns/>`, or open and close tags around whitespace) parses as empty
 * text; where the rule says the tag holds elements it is an element with no children, so that
 * merge, which rebuilds such tags as elements, does not see a change where there is none.
 */
function asElementIfEmpty(entry: TreeNode): TreeNode {
  return entry === '' ? {} : entry;
}

/**
 * Turns the keyed child collections of a parsed element into KeyedCollections, in place (the parse
 * output is ours; copying a 20 MB profile would double its memory). Tags without rules are left
 * as they are: nothing below them needs keys.
 */
export function normalizeElement(rule: ElementRule | undefined, element: TreeElement): TreeElement {
  if (!rule?.children) return element;
  for (const tag of Object.keys(element)) {
    const childRule = childRuleOf(rule, tag);
    const value = element[tag];
    if (!childRule || !Array.isArray(value)) continue;
    if (childRule.children) {
      for (let index = 0; index < value.length; index++) value[index] = asElementIfEmpty(value[index]);
    }
    if (childRule.shape === 'keyed') {
      const keyer = new EntryKeyer(childRule, childRule.positionalWith !== undefined && element[childRule.positionalWith] !== undefined);
      const entries = new Map<string, TreeNode>();
      for (const entry of value) {
        if (isElement(entry)) normalizeElement(childRule, entry);
        entries.set(keyer.next(entry), entry);
      }
      element[tag] = new KeyedCollection(entries);
    } else if (childRule.children) {
      for (const entry of value) if (isElement(entry)) normalizeElement(childRule, entry);
    }
  }
  return element;
}
