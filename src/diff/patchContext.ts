import type { ChildRule, ElementRule } from '../metadata/index.js';
import { childRuleOf } from './ruleLookup.js';
import { isElement, KeyedCollection, type TreeElement } from './xmlTree.js';

/** A child component to delete with a destructive change (extra children of upsert types). */
export type ChildComponentRef = {
  readonly type: string;
  readonly fullName: string;
}

/** What patch building learns on the way: steps that cannot be undone, things it could not do. */
export class PatchContext {
  public readonly irreversible: string[] = [];
  public readonly notes: string[] = [];
  public readonly destructiveChildren: ChildComponentRef[] = [];
  private readonly documentKeyCache = new Map<ChildRule, Set<string>>();

  public constructor(
    public readonly type: string,
    public readonly fullName: string,
    public readonly deleteExtra: boolean,
    private readonly typeRule: ElementRule | undefined,
    private readonly targetRoot: TreeElement
  ) {}

  public get label(): string {
    return `${this.type} ${this.fullName}`;
  }

  /**
   * Keys of a `keysUniqueInDocument` collection anywhere in the target (a field placed in any
   * section). Merge adds to the set what it places, so nothing is placed twice.
   */
  public documentKeys(rule: ChildRule): Set<string> {
    let keys = this.documentKeyCache.get(rule);
    if (!keys) {
      keys = new Set();
      if (this.typeRule) collectKeys(this.typeRule, this.targetRoot, rule, keys);
      this.documentKeyCache.set(rule, keys);
    }
    return keys;
  }
}

function collectKeys(rule: ElementRule, element: TreeElement, wanted: ChildRule, into: Set<string>): void {
  for (const tag of Object.keys(element)) {
    const childRule = childRuleOf(rule, tag);
    if (!childRule) continue;
    const value = element[tag];
    if (childRule === wanted && value instanceof KeyedCollection) {
      for (const key of value.entries.keys()) if (!key.startsWith('#')) into.add(key);
      continue;
    }
    if (!childRule.children) continue;
    const nodes = value instanceof KeyedCollection ? value.entries.values() : value;
    for (const node of nodes) if (isElement(node)) collectKeys(childRule, node, wanted, into);
  }
}
