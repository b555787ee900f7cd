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
function isVisible(rule: ChildRule, entry: TreeNode): boolean {
  return !rule.permission || !isElement(entry) || !isNoAccess(rule.permission, entry);
}

function hasVisible(rule: ChildRule, collection: KeyedCollection): boolean {
  for (const entry of collection.entries.values()) if (isVisible(rule, entry)) return true;
  return false;
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
 * Keys in key order (UTF-16 code units, as `<` compares strings): the entries are looked up in the
 * collection's own map, and the sort without a comparator runs without calling back into
 * JavaScript (a 5 MB profile's 30,000 entries: several times faster).
 */
function sortedKeys(collection: KeyedCollection): string[] {
  return [...collection.entries.keys()].sort();
}

function writeKeyed(rule: ChildRule, collection: KeyedCollection, sink: CanonicalSink): void {
  const keys = rule.ordered ? [...collection.entries.keys()] : sortedKeys(collection);
  const visible = rule.permission ? keys.filter((key) => isVisible(rule, collection.entries.get(key)!)) : keys;
  if (rule.key?.[0] === TEXT_KEY) {
    sink.write(JSON.stringify(visible));
    return;
  }
  // Ordered collections keep their order: an array of [key, entry]; sets become an object by key.
  sink.write(rule.ordered ? '[' : '{');
  for (let index = 0; index < visible.length; index++) {
    const key = visible[index];
    sink.write(rule.ordered ? `${index ? ',' : ''}[${JSON.stringify(key)},` : `${index ? ',' : ''}${JSON.stringify(key)}:`);
    writeEntry(rule, collection.entries.get(key)!, sink);
    if (rule.ordered) sink.write(']');
  }
  sink.write(rule.ordered ? ']' : '}');
}

/** How writeElement writes one tag's value; undefined when the tag is left out (no visible entries, no rule). */
type TagValue =
  | { readonly kind: 'positional'; readonly rule: ChildRule; readonly value: KeyedCollection }
  | { readonly kind: 'keyed'; readonly rule: ChildRule; readonly value: KeyedCollection }
  | { readonly kind: 'list'; readonly rule: ChildRule | undefined; readonly value: TreeNode[] };

function tagValue(rule: ElementRule | undefined, element: TreeElement, tag: string): TagValue | undefined {
  const value = element[tag];
  const childRule = childRuleOf(rule, tag);
  if (value instanceof KeyedCollection && childRule?.positionalWith && element[childRule.positionalWith] !== undefined) {
    return { kind: 'positional', rule: childRule, value };
  }
  if (value instanceof KeyedCollection) {
    return childRule && hasVisible(childRule, value) ? { kind: 'keyed', rule: childRule, value } : undefined;
  }
  return { kind: 'list', rule: childRule, value };
}

function writeTagValue(tagged: TagValue, sink: CanonicalSink): void {
  if (tagged.kind === 'positional') {
    // keyed by position: written as the list it is, so the hash is the one a positional rule gave
    sink.write('[');
    let index = 0;
    for (const entry of tagged.value.entries.values()) {
      if (index++) sink.write(',');
      writeEntry(tagged.rule, entry, sink);
    }
    sink.write(']');
  } else if (tagged.kind === 'keyed') {
    writeKeyed(tagged.rule, tagged.value, sink);
  } else {
    sink.write('[');
    tagged.value.forEach((node, index) => {
      if (index) sink.write(',');
      writeNode(tagged.rule, node, sink);
    });
    sink.write(']');
  }
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
    const tagged = tagValue(rule, element, tag);
    if (!tagged) continue;
    sink.write(`${first ? '' : ','}${JSON.stringify(tag)}:`);
    writeTagValue(tagged, sink);
    first = false;
  }
  sink.write('}');
}

/**
 * Two sinks fed side by side, each receiving exactly what writeElement gives for its own tree:
 * text that both trees share (the same node object on both sides) is produced once and written to `both`.
 */
export type CanonicalPair = {
  readonly first: CanonicalSink;
  readonly second: CanonicalSink;
  readonly both: CanonicalSink;
}

/**
 * The second collection's keys in key order, from the first's already sorted: a patched collection
 * holds nearly the keys of the target it was built from, and sorting only the keys it adds costs
 * far less than sorting them all again.
 */
function sortedKeysAlong(sortedFirst: string[], first: KeyedCollection, second: KeyedCollection): string[] {
  const common = sortedFirst.filter((key) => second.entries.has(key));
  if (common.length === second.size) return common;
  const added = [...second.entries.keys()].filter((key) => !first.entries.has(key)).sort();
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  while (i < common.length || j < added.length) {
    if (j >= added.length || (i < common.length && common[i] < added[j])) merged.push(common[i++]);
    else merged.push(added[j++]);
  }
  return merged;
}

/** One side's entry alone, after its comma when it is not that side's first; returns whether it was written. */
function writeOneSide(rule: ChildRule, key: string, entry: TreeNode, written: number, sink: CanonicalSink): boolean {
  if (!isVisible(rule, entry)) return false;
  sink.write(`${written ? ',' : ''}${JSON.stringify(key)}:`);
  writeEntry(rule, entry, sink);
  return true;
}

/** An entry under the same key on both sides: shared text written once when both show it; returns which side wrote it. */
function writeBothSides(rule: ChildRule, key: string, first: TreeNode, second: TreeNode, counts: readonly [number, number], pair: CanonicalPair): [boolean, boolean] {
  const firstShown = isVisible(rule, first);
  const secondShown = first === second ? firstShown : isVisible(rule, second);
  if (firstShown && secondShown) {
    const name = `${JSON.stringify(key)}:`;
    if ((counts[0] > 0) === (counts[1] > 0)) pair.both.write(`${counts[0] ? ',' : ''}${name}`);
    else {
      pair.first.write(`${counts[0] ? ',' : ''}${name}`);
      pair.second.write(`${counts[1] ? ',' : ''}${name}`);
    }
    writeEntryPair(rule, first, second, pair);
  } else if (firstShown) writeOneSide(rule, key, first, counts[0], pair.first);
  else if (secondShown) writeOneSide(rule, key, second, counts[1], pair.second);
  return [firstShown, secondShown];
}

function writeKeyedPair(rule: ChildRule, first: KeyedCollection, second: KeyedCollection, pair: CanonicalPair, firstKeys = sortedKeys(first)): void {
  const secondKeys = sortedKeysAlong(firstKeys, first, second);
  pair.both.write('{');
  const counts: [number, number] = [0, 0];
  let i = 0;
  let j = 0;
  while (i < firstKeys.length || j < secondKeys.length) {
    const firstKey = firstKeys[i];
    const secondKey = secondKeys[j];
    if (firstKey !== undefined && firstKey === secondKey) {
      const [firstShown, secondShown] = writeBothSides(rule, firstKey, first.entries.get(firstKey)!, second.entries.get(secondKey)!, counts, pair);
      if (firstShown) counts[0]++;
      if (secondShown) counts[1]++;
      i++;
      j++;
    } else if (secondKey === undefined || (firstKey !== undefined && firstKey < secondKey)) {
      if (writeOneSide(rule, firstKey, first.entries.get(firstKey)!, counts[0], pair.first)) counts[0]++;
      i++;
    } else {
      if (writeOneSide(rule, secondKey, second.entries.get(secondKey)!, counts[1], pair.second)) counts[1]++;
      j++;
    }
  }
  pair.both.write('}');
}

function writeEntryPair(rule: ChildRule, first: TreeNode, second: TreeNode, pair: CanonicalPair): void {
  if (first === second) writeEntry(rule, first, pair.both);
  else if (rule.permission && (isElement(first) || isElement(second))) {
    writeEntry(rule, first, pair.first);
    writeEntry(rule, second, pair.second);
  } else writeNodePair(rule, first, second, pair, keyFieldsOf(rule));
}

function writeNodePair(rule: ElementRule | undefined, first: TreeNode, second: TreeNode, pair: CanonicalPair, skip?: ReadonlySet<string>): void {
  if (first === second) writeNode(rule, first, pair.both, skip);
  else if (isElement(first) && isElement(second)) writeElementPair(rule, first, second, pair, skip);
  else {
    writeNode(rule, first, pair.first, skip);
    writeNode(rule, second, pair.second, skip);
  }
}

function writeTagValuePair(first: TagValue, second: TagValue, pair: CanonicalPair): void {
  if (first.kind === second.kind && first.value === second.value) writeTagValue(first, pair.both);
  else if (first.kind === 'keyed' && second.kind === 'keyed' && !first.rule.ordered && first.rule.key?.[0] !== TEXT_KEY) {
    writeKeyedPair(first.rule, first.value, second.value, pair);
  } else if (first.kind === 'list' && second.kind === 'list' && first.value.length === second.value.length) {
    pair.both.write('[');
    first.value.forEach((node, index) => {
      if (index) pair.both.write(',');
      writeNodePair(first.rule, node, second.value[index], pair);
    });
    pair.both.write(']');
  } else {
    writeTagValue(first, pair.first);
    writeTagValue(second, pair.second);
  }
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
  if (node instanceof KeyedCollection) writeKeyed(rule as ChildRule, node, sink);
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

/** The tags of both elements in sorted order, each once. */
function tagUnion(first: TreeElement, second: TreeElement): string[] {
  const firstTags = Object.keys(first).sort();
  const secondTags = Object.keys(second).sort();
  const tags: string[] = [];
  let i = 0;
  let j = 0;
  while (i < firstTags.length || j < secondTags.length) {
    const tag = j >= secondTags.length || (i < firstTags.length && firstTags[i] < secondTags[j]) ? firstTags[i] : secondTags[j];
    if (firstTags[i] === tag) i++;
    if (secondTags[j] === tag) j++;
    tags.push(tag);
  }
  return tags;
}

/** writeElement of two trees at once (see CanonicalPair); the cheaper the more nodes they share. */
export function writeElementPair(
  rule: ElementRule | undefined,
  first: TreeElement,
  second: TreeElement,
  pair: CanonicalPair,
  skip?: ReadonlySet<string>
): void {
  if (first === second) {
    writeElement(rule, first, pair.both, skip);
    return;
  }
  pair.both.write('{');
  let firstWritten = false;
  let secondWritten = false;
  for (const tag of tagUnion(first, second)) {
    if (skip?.has(tag)) continue;
    const firstValue = first[tag] === undefined ? undefined : tagValue(rule, first, tag);
    const secondValue = second[tag] === undefined ? undefined : tagValue(rule, second, tag);
    const name = `${JSON.stringify(tag)}:`;
    if (firstValue) pair.first.write(`${firstWritten ? ',' : ''}${name}`);
    if (secondValue) pair.second.write(`${secondWritten ? ',' : ''}${name}`);
    if (firstValue && secondValue) writeTagValuePair(firstValue, secondValue, pair);
    else if (firstValue) writeTagValue(firstValue, pair.first);
    else if (secondValue) writeTagValue(secondValue, pair.second);
    firstWritten ||= firstValue !== undefined;
    secondWritten ||= secondValue !== undefined;
  }
  pair.both.write('}');
}
