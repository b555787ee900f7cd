import { findTypeRule, type ChildRule, type ElementRule } from '../metadata/index.js';

const childIndexes = new WeakMap<ElementRule, Map<string, ChildRule>>();

/** The rule of a child tag, or undefined when the tag is plain structure. */
export function childRuleOf(rule: ElementRule | undefined, tag: string): ChildRule | undefined {
  if (!rule?.children) return undefined;
  let index = childIndexes.get(rule);
  if (!index) {
    index = new Map(rule.children.map((child) => [child.tag, child]));
    childIndexes.set(rule, index);
  }
  return index.get(tag);
}

const descendantCaches = new Map<string, WeakMap<ElementRule, boolean>>();

/** Whether the rule or a rule below it matches; cached so deep walks are skipped when pointless. */
export function hasRuleBelow(rule: ElementRule, name: string, matches: (child: ChildRule) => boolean): boolean {
  let cache = descendantCaches.get(name);
  if (!cache) {
    cache = new WeakMap();
    descendantCaches.set(name, cache);
  }
  const cached = cache.get(rule);
  if (cached !== undefined) return cached;
  const found = (rule.children ?? []).some((child) => matches(child) || hasRuleBelow(child, name, matches));
  cache.set(rule, found);
  return found;
}

/** The grid's item collection: a transparent positional rule holds exactly one keyed child. */
export function gridItemsRule(columns: ChildRule): ChildRule {
  const items = columns.children?.find((child) => child.shape === 'keyed');
  if (!items) throw new Error(`grid rule ${columns.tag} has no keyed item collection`);
  return items;
}

/** A type outside the table is compared as one whole component: its changes are not element-level. */
export function isComparedAsWhole(type: string): boolean {
  return findTypeRule(type) === undefined;
}
