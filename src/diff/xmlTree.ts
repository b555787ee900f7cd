/**
 * The value tree of one component. The parser yields every child tag as an array (repeated or not),
 * text as trimmed strings. Normalization replaces keyed collections by a KeyedCollection in place,
 * keeping raw strings: comparison coerces them (canonicalScalar), serialization writes them back
 * untouched, so an encoded layout name is deployed as it was retrieved.
 */
export type TreeNode = string | TreeElement;

export type TreeElement = {
  [tag: string]: TreeNode[] | KeyedCollection;
}

/** Entries of a keyed child collection, by key, in document order. */
export class KeyedCollection {
  public constructor(public readonly entries: Map<string, TreeNode>) {}

  public get size(): number {
    return this.entries.size;
  }
}

export type ParsedComponent = {
  readonly rootTag: string;
  readonly root: TreeElement;
}

export function isElement(node: TreeNode | undefined): node is TreeElement {
  return typeof node === 'object' && node !== null;
}

/** The text of a field (dotted paths walk single children), or undefined when absent or not text. */
export function readText(element: TreeElement, fieldPath: string): string | undefined {
  if (!fieldPath.includes('.')) {
    // a field of the element itself: most calls, from keys and permission fields
    const values = element[fieldPath];
    const value = Array.isArray(values) ? values[0] : undefined;
    return typeof value === 'string' ? value : undefined;
  }
  let current: TreeElement = element;
  const segments = fieldPath.split('.');
  for (let index = 0; index < segments.length; index++) {
    const values = current[segments[index]];
    if (!Array.isArray(values) || values.length === 0) return undefined;
    const value = values[0];
    if (index === segments.length - 1) return typeof value === 'string' ? value : undefined;
    if (!isElement(value)) return undefined;
    current = value;
  }
  return undefined;
}
