import type { ChildRule, TypeRule } from '../metadata/index.js';
import { canonicalEntry, canonicalNode, keyFieldsOf } from './canonical.js';
import { overwriteElement } from './overwrite.js';
import type { PatchContext } from './patchContext.js';
import { isNoAccess, revocationOf } from './permissionEntry.js';
import { childRuleOf } from './ruleLookup.js';
import { supersedeSlot } from './supersedes.js';
import { withReferenceTags } from './tagOrder.js';
import { isElement, KeyedCollection, type TreeElement, type TreeNode } from './xmlTree.js';

/**
 * Whether a deploy sends this collection entry by entry: every keyed collection of an overlay
 * type (Profile), the child components of an upsert type (CustomObject fields, CustomLabels labels).
 */
export function isDeployedPerEntry(typeRule: TypeRule, rule: ChildRule | undefined): rule is ChildRule {
  if (rule?.shape !== 'keyed' || rule.sentWhole) return false;
  if (typeRule.deploy === 'overlay') return true;
  return typeRule.deploy === 'upsert' && rule.childType !== undefined;
}

export function targetOnlyEntry(rule: ChildRule, key: string, entry: TreeNode, result: Map<string, TreeNode>, context: PatchContext, path: string): void {
  const where = `${context.label}: ${path}[${key}]`;
  switch (rule.removal) {
    case 'revoke':
      if (rule.permission && isElement(entry) && !isNoAccess(rule.permission, entry)) {
        result.set(key, revocationOf(rule.permission, entry, keyFieldsOf(rule)));
      }
      return;
    case 'destructive':
      if (context.deleteExtra && rule.childType) {
        result.delete(key);
        const fullName = rule.childNameIsKey ? key : `${context.fullName}.${key}`;
        context.destructiveChildren.push({ type: rule.childType, fullName });
      } else {
        context.notes.push(`${where} exists only in the target; it stays unless extra components are deleted (--delete-extra)`);
      }
      return;
    default:
      context.notes.push(`${where} exists only in the target and no deploy of this type can remove it`);
  }
}

function overlayKeyed(rule: ChildRule, reference: KeyedCollection | undefined, target: KeyedCollection | undefined, context: PatchContext, path: string): KeyedCollection {
  const result = new Map(target?.entries);
  const superseded = new Set<string>();
  for (const [key, entry] of reference?.entries ?? []) {
    const targetEntry = target?.entries.get(key);
    // An upserted child replaces the target's child whole, keeping picklist values inactive.
    const value = rule.childType && isElement(entry) ? overwriteElement(rule, entry, isElement(targetEntry) ? targetEntry : {}, context, `${path}[${key}]`) : entry;
    result.set(key, value);
    if (rule.supersedes && target) {
      const sent = supersedeSlot(rule.supersedes, entry);
      for (const [targetKey, existing] of target.entries) {
        if (targetKey !== key && !reference?.entries.has(targetKey) && supersedeSlot(rule.supersedes, existing) === sent) {
          result.delete(targetKey);
          superseded.add(targetKey);
        }
      }
    }
  }
  for (const [key, entry] of target?.entries ?? []) {
    if (!reference?.entries.has(key) && !superseded.has(key)) targetOnlyEntry(rule, key, entry, result, context, path);
  }
  return new KeyedCollection(result);
}

/**
 * Overwrite mode for overlay and upsert types: what the target holds after the deploy. Entries
 * the reference has replace the target's; entries only the target has are revoked (permissions),
 * scheduled for deletion (children, with deleteExtra) or reported as left in place.
 */
export function overwriteOverlay(typeRule: TypeRule, reference: TreeElement, target: TreeElement, context: PatchContext): TreeElement {
  const targetOrdered: Array<[string, TreeElement[string]]> = [];
  for (const tag of Object.keys(target)) {
    const rule = childRuleOf(typeRule, tag);
    const referenceValue = reference[tag];
    const targetValue = target[tag];
    if (isDeployedPerEntry(typeRule, rule)) {
      const asCollection = (value: TreeElement[string] | undefined): KeyedCollection | undefined =>
        value instanceof KeyedCollection ? value : undefined;
      targetOrdered.push([tag, overlayKeyed(rule, asCollection(referenceValue), asCollection(targetValue), context, tag)]);
    } else {
      // A field the file mentions is set; one it omits is left as it is.
      targetOrdered.push([tag, referenceValue ?? targetValue]);
    }
  }
  const referenceOnly = new Map<string, TreeElement[string]>();
  for (const tag of Object.keys(reference)) {
    if (target[tag] !== undefined) continue;
    const rule = childRuleOf(typeRule, tag);
    const value = reference[tag];
    referenceOnly.set(tag, isDeployedPerEntry(typeRule, rule) && value instanceof KeyedCollection ? overlayKeyed(rule, value, undefined, context, tag) : value);
  }
  return withReferenceTags(targetOrdered, Object.keys(reference), referenceOnly);
}

function changedEntries(rule: ChildRule, patched: KeyedCollection, target: TreeElement[string] | undefined): Map<string, TreeNode> {
  const targetEntries = target instanceof KeyedCollection ? target.entries : new Map<string, TreeNode>();
  const changed = new Map<string, TreeNode>();
  for (const [key, entry] of patched.entries) {
    const targetEntry = targetEntries.get(key);
    const same =
      targetEntry === undefined
        ? rule.permission !== undefined && isElement(entry) && isNoAccess(rule.permission, entry)
        : entry === targetEntry || canonicalEntry(rule, entry) === canonicalEntry(rule, targetEntry);
    if (!same) changed.set(key, entry);
  }
  return changed;
}

/**
 * The file an overlay or upsert deploy needs: only the entries that change (an overlay never
 * needs the rest, and sending less keeps the deploy small), plus the type's required fields.
 * An upsert type also carries its own non-child fields, which its deploy replaces.
 * undefined when nothing is left to send (the change is a destructive one only).
 */
export function deltaContent(typeRule: TypeRule, patched: TreeElement, target: TreeElement): TreeElement | undefined {
  const content: TreeElement = {};
  const required = new Set(typeRule.requiredFields ?? []);
  let changed = false;
  for (const tag of Object.keys(patched)) {
    const rule = childRuleOf(typeRule, tag);
    const value = patched[tag];
    if (isDeployedPerEntry(typeRule, rule) && value instanceof KeyedCollection) {
      const entries = changedEntries(rule, value, target[tag]);
      if (entries.size > 0) content[tag] = new KeyedCollection(entries);
      changed ||= entries.size > 0;
      continue;
    }
    const targetValue = target[tag];
    const differs = targetValue === undefined || (value !== targetValue && canonicalNode(rule, value) !== canonicalNode(rule, targetValue));
    if (typeRule.deploy === 'upsert' || required.has(tag) || differs) content[tag] = value;
    changed ||= differs;
  }
  return changed ? content : undefined;
}
