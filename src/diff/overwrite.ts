import type { ChildRule, ElementRule } from '../metadata/index.js';
import { joinPath } from './change.js';
import { deactivated, isDeactivated } from './deactivation.js';
import type { PatchContext } from './patchContext.js';
import { childRuleOf, hasRuleBelow } from './ruleLookup.js';
import { isElement, KeyedCollection, type TreeElement, type TreeNode } from './xmlTree.js';

export const hasDeactivationBelow = (rule: ElementRule): boolean =>
  hasRuleBelow(rule, 'deactivate', (child) => child.removal === 'deactivate');

const needsWork = (rule: ChildRule): boolean => rule.removal === 'deactivate' || hasDeactivationBelow(rule);

export function deactivationStep(context: PatchContext, key: string, collectionPath: string): string {
  const where = collectionPath.includes('[') ? ` (${collectionPath})` : '';
  return `${context.label}: value '${key}'${where} can only be deactivated, never deleted`;
}

function overwriteKeyed(
  rule: ChildRule,
  reference: KeyedCollection | undefined,
  target: KeyedCollection | undefined,
  context: PatchContext,
  path: string
): KeyedCollection | undefined {
  if (!target) return reference;
  const result = new Map(reference?.entries);
  let changed = false;
  if (hasDeactivationBelow(rule)) {
    for (const [key, entry] of result) {
      const targetEntry = target.entries.get(key);
      if (!isElement(entry) || !isElement(targetEntry)) continue;
      const overwritten = overwriteElement(rule, entry, targetEntry, context, `${path}[${key}]`);
      if (overwritten !== entry) {
        result.set(key, overwritten);
        changed = true;
      }
    }
  }
  if (rule.removal === 'deactivate') {
    // The Metadata API cannot delete a picklist value: the reference's omission means inactive.
    for (const [key, entry] of target.entries) {
      if (result.has(key) || !isElement(entry)) continue;
      if (!isDeactivated(rule, entry)) context.irreversible.push(deactivationStep(context, key, path));
      result.set(key, deactivated(rule, entry));
      changed = true;
    }
  }
  return changed ? new KeyedCollection(result) : reference;
}

/**
 * Overwrite mode for a replace document: the reference, except values a target has that the
 * reference lacks in deactivate-only collections, kept inactive. Returns `reference` itself when
 * nothing had to be kept, so its text can be deployed as it is.
 */
export function overwriteElement(
  rule: ElementRule | undefined,
  reference: TreeElement,
  target: TreeElement,
  context: PatchContext,
  path = ''
): TreeElement {
  if (!rule || !hasDeactivationBelow(rule)) return reference;
  let result: TreeElement | undefined;
  const tags = new Set([...Object.keys(reference), ...Object.keys(target)]);
  for (const tag of tags) {
    const childRule = childRuleOf(rule, tag);
    if (!childRule || !needsWork(childRule)) continue;
    const referenceValue = reference[tag];
    const targetValue = target[tag];
    let value: TreeNode[] | KeyedCollection | undefined = referenceValue;
    if (childRule.shape === 'keyed') {
      value = overwriteKeyed(
        childRule,
        referenceValue instanceof KeyedCollection ? referenceValue : undefined,
        targetValue instanceof KeyedCollection ? targetValue : undefined,
        context,
        joinPath(path, tag)
      );
    } else if (Array.isArray(referenceValue) && Array.isArray(targetValue) && referenceValue.length === 1 && targetValue.length === 1) {
      const [referenceElement] = referenceValue;
      const [targetElement] = targetValue;
      if (isElement(referenceElement) && isElement(targetElement)) {
        const overwritten = overwriteElement(childRule, referenceElement, targetElement, context, joinPath(path, tag));
        if (overwritten !== referenceElement) value = [overwritten];
      }
    }
    if (value !== referenceValue && value !== undefined) {
      result ??= { ...reference };
      result[tag] = value;
    }
  }
  return result ?? reference;
}
