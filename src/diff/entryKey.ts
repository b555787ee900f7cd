import type { ChildRule } from '../metadata/index.js';
import { decodeName } from './scalar.js';
import { isElement, readText, type TreeNode } from './xmlTree.js';

export const TEXT_KEY = '#text';

/** The key of one entry from its key fields, decoded; undefined when the entry has none. */
function naturalKey(rule: ChildRule, entry: TreeNode): string | undefined {
  const fields = rule.key ?? [];
  if (fields.length === 1 && fields[0] === TEXT_KEY) {
    return typeof entry === 'string' && entry !== '' ? decodeName(entry) : undefined;
  }
  if (!isElement(entry)) return undefined;
  if (rule.keyMode === 'firstPresent') {
    for (const field of fields) {
      const value = readText(entry, field);
      if (value) return decodeName(value);
    }
    return undefined;
  }
  const parts: string[] = [];
  for (const field of fields) {
    const value = readText(entry, field);
    if (value) parts.push(decodeName(value));
  }
  return parts.length === 0 ? undefined : parts.join('|');
}

/**
 * Assigns keys in document order. Entries without key get "#1", "#2"... (ordinal among keyless
 * entries); a repeated key gets " (2)", " (3)"... (a repeated layout section label).
 */
export class EntryKeyer {
  private keyless = 0;
  private readonly seen = new Map<string, number>();

  /** `byPosition`: every entry is keyed by its ordinal ("#1", "#2"...), whatever its fields. */
  public constructor(private readonly rule: ChildRule, private readonly byPosition = false) {}

  public next(entry: TreeNode): string {
    const key = this.byPosition ? undefined : naturalKey(this.rule, entry);
    if (key === undefined) return `#${++this.keyless}`;
    const count = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, count);
    return count === 1 ? key : `${key} (${count})`;
  }
}

/** Top-level fields that make up the key: compared through the (decoded) key, not as raw text. */
export function topLevelKeyFields(rule: ChildRule): ReadonlySet<string> {
  // entries keyed by position in some documents: there the key stands for none of their fields
  if (rule.positionalWith) return new Set();
  return new Set((rule.key ?? []).filter((field) => field !== TEXT_KEY && !field.includes('.')));
}
