import type { ChildRule, ElementRule } from '../metadata/index.js';
import { TEXT_KEY, topLevelKeyFields } from './entryKey.js';
import { isNoAccess, permissionField, permissionFieldNames } from './permissionEntry.js';
import { childRuleOf } from './ruleLookup.js';
import { canonicalScalar } from './scalar.js';
import { isElement, KeyedCollection, type TreeElement, type TreeNode } from './xmlTree.js';

/** Receives canonical JSON piece by piece, so a hash never needs the whole string in memory. */
export type CanonicalSink = {
  write(text: string): void;
}

const keyFieldCache = new WeakMap<ChildRule, ReadonlySet<string>>();

export function keyFieldsOf(rule: ChildRule): ReadonlySet<string> {
  let fields = keyFieldCache.get(rule);
  if (!fields) {
    fields = topLevelKeyFields(rule);
    keyFieldCache.set(rule, fields);
  }
  return fields;
}

/** Entries that count: permission entries granting nothing are as good as absent. */
export function visibleEntries(rule: ChildRule, collection: KeyedCollection): Array<[string, TreeNode]> {
  const entries = [...collection.entries];
  const permission = rule.permission;
  if (!permission) return entries;
  return entries.filter(([, entry]) => !isElement(entry) || !isNoAccess(permission, entry));
}

function writeScalar(raw: string, sink: CanonicalSink): void {
  sink.write(JSON.stringify(canonicalScalar(raw)));
}

function writeNode(rule: ElementRule | undefined, node: TreeNode, sink: CanonicalSink, skip?: ReadonlySet<string>): void {
  if (isElement(node)) writeElement(rule, node, sink, skip);
  else writeScalar(node, sink);
}

function writePermissionEntry(rule: ChildRule, entry: TreeElement, sink: CanonicalSink): void {
  const permission = rule.permission!;
  const keyFields = keyFieldsOf(rule);
  sink.write('{');
  let first = true;
  for (const field of permissionFieldNames(permission, [entry], keyFields)) {
    const value = permissionField(permission, entry, field);
    if (value === undefined) continue;
    sink.write(`${first ? '' : ','}${JSON.stringify(field)}:`);
    writeScalar(value, sink);
    first = false;
  }
  sink.write('}');
}

function writeEntry(rule: ChildRule, entry: TreeNode, sink: CanonicalSink): void {
  if (rule.permission && isElement(entry)) writePermissionEntry(rule, entry, sink);
  else writeNode(rule, entry, sink, keyFieldsOf(rule));
}

/**
 * Entries in key order (UTF-16 code units, as `<` compares strings). Keys are unique, so sorting the
 * keys alone and looking the entries up is the same order; the sort without a comparator runs
 * without calling back into JavaScript (a 5 MB profile's 30,000 entries: several times faster).
 */
function byKey(entries: Array<[string, TreeNode]>): Array<[string, TreeNode]> {
  const byName = new Map(entries);
  return entries
    .map(([key]) => key)
    .sort()
    .map((key) => [key, byName.get(key)!]);
}

function writeKeyed(rule: ChildRule, collected: Array<[string, TreeNode]>, sink: CanonicalSink): void {
  const textEntries = rule.key?.[0] === TEXT_KEY;
  const entries = rule.ordered ? collected : byKey(collected);
  if (textEntries) {
    sink.write(JSON.stringify(entries.map(([key]) => key)));
    return;
  }
  // Ordered collections keep their order: an array of [key, entry]; sets become an object by key.
  sink.write(rule.ordered ? '[' : '{');
  entries.forEach(([key, entry], index) => {
    sink.write(rule.ordered ? `${index ? ',' : ''}[${JSON.stringify(key)},` : `${index ? ',' : ''}${JSON.stringify(key)}:`);
    writeEntry(rule, entry, sink);
    if (rule.ordered) sink.write(']');
  });
  sink.write(rule.ordered ? ']' : '}');
}

/** Canonical JSON: tags sorted, scalars coerced, sets sorted by key, no-access entries dropped. */
export function writeElement(
  rule: ElementRule | undefined,
  element: TreeElement,
  sink: CanonicalSink,
  skip?: ReadonlySet<string>
): void {
  sink.write('{');
  let first = true;
  for (const tag of Object.keys(element).sort()) {
    if (skip?.has(tag)) continue;
    const value = element[tag];
    const childRule = childRuleOf(rule, tag);
    if (value instanceof KeyedCollection && childRule?.positionalWith && element[childRule.positionalWith] !== undefined) {
      // keyed by position: written as the list it is, so the hash is the one a positional rule gave
      sink.write(`${first ? '' : ','}${JSON.stringify(tag)}:[`);
      [...value.entries.values()].forEach((entry, index) => {
        if (index) sink.write(',');
        writeEntry(childRule, entry, sink);
      });
      sink.write(']');
    } else if (value instanceof KeyedCollection) {
      const entries = childRule ? visibleEntries(childRule, value) : [];
      if (!childRule || entries.length === 0) continue;
      sink.write(`${first ? '' : ','}${JSON.stringify(tag)}:`);
      writeKeyed(childRule, entries, sink);
    } else {
      sink.write(`${first ? '' : ','}${JSON.stringify(tag)}:[`);
      value.forEach((node, index) => {
        if (index) sink.write(',');
        writeNode(childRule, node, sink);
      });
      sink.write(']');
    }
    first = false;
  }
  sink.write('}');
}

/** Canonical JSON of one entry of a keyed collection (key fields excluded: the key stands for them). */
export function canonicalEntry(rule: ChildRule, entry: TreeNode): string {
  const parts: string[] = [];
  writeEntry(rule, entry, { write: (text) => parts.push(text) });
  return parts.join('');
}

/** Canonical JSON of any node under a rule. */
export function canonicalNode(rule: ElementRule | undefined, node: TreeNode | TreeNode[] | KeyedCollection): string {
  const parts: string[] = [];
  const sink = { write: (text: string): void => void parts.push(text) };
  if (node instanceof KeyedCollection) writeKeyed(rule as ChildRule, visibleEntries(rule as ChildRule, node), sink);
  else if (Array.isArray(node)) {
    sink.write('[');
    node.forEach((item, index) => {
      if (index) sink.write(',');
      writeNode(rule, item, sink);
    });
    sink.write(']');
  }
  else writeNode(rule, node, sink);
  return parts.join('');
}
