import type { ChildRule, ElementRule } from '../metadata/index.js';
import { joinPath } from './change.js';
import { hasDeactivationBelow } from './overwrite.js';
import type { PatchContext } from './patchContext.js';
import { childRuleOf } from './ruleLookup.js';
import { isElement, KeyedCollection, type TreeElement, type TreeNode } from './xmlTree.js';

/**
 * Picklist values the patch adds to an existing value set: no rollback can delete them again,
 * only deactivate them. (A component created whole can be deleted whole: not listed.)
 */
export function listIrreversibleAdditions(rule: ElementRule | undefined, patched: TreeElement, target: TreeElement, context: PatchContext, path = ''): void {
  if (!rule || !hasDeactivationBelow(rule)) return;
  for (const tag of Object.keys(patched)) {
    const childRule = childRuleOf(rule, tag);
    if (!childRule || (childRule.removal !== 'deactivate' && !hasDeactivationBelow(childRule))) continue;
    const patchedValue = patched[tag];
    const targetValue = target[tag];
    const childPath = joinPath(path, tag);
    if (patchedValue instanceof KeyedCollection) {
      listKeyedAdditions(childRule, patchedValue, targetValue, context, childPath);
    } else if (Array.isArray(patchedValue) && Array.isArray(targetValue) && patchedValue.length === 1 && targetValue.length === 1) {
      const [patchedElement] = patchedValue;
      const [targetElement] = targetValue;
      if (isElement(patchedElement) && isElement(targetElement)) {
        listIrreversibleAdditions(childRule, patchedElement, targetElement, context, childPath);
      }
    }
  }
}

/** The entries of one keyed collection that the patch adds, and the additions nested in entries both have. */
function listKeyedAdditions(
  childRule: ChildRule,
  patchedValue: KeyedCollection,
  targetValue: TreeElement[string] | undefined,
  context: PatchContext,
  childPath: string
): void {
  const targetEntries = targetValue instanceof KeyedCollection ? targetValue.entries : new Map<string, TreeNode>();
  for (const [key, entry] of patchedValue.entries) {
    const targetEntry = targetEntries.get(key);
    if (targetEntry === undefined && childRule.removal === 'deactivate') {
      const where = childPath.includes('[') ? ` (${childPath})` : '';
      context.irreversible.push(`${context.label}: value '${key}'${where} is added; later it can only be deactivated, never deleted`);
    } else if (isElement(entry) && isElement(targetEntry)) {
      listIrreversibleAdditions(childRule, entry, targetEntry, context, `${childPath}[${key}]`);
    }
  }
}
