import type { EntryField } from '../metadata/index.js';
import { decodeName } from './scalar.js';
import { isElement, readText, type TreeElement, type TreeNode } from './xmlTree.js';

function fieldValue(entry: TreeElement, field: EntryField): string {
  if (typeof field === 'string') return decodeName(readText(entry, field) ?? '');
  const value = decodeName(readText(entry, field.field) ?? '');
  const end = value.indexOf(field.before);
  return end < 0 ? value : value.slice(0, end);
}

/**
 * What an overlay entry occupies in its component (a layout assignment: object and record type):
 * two entries with the same slot cannot both stay. undefined for a text entry.
 */
export function supersedeSlot(fields: readonly EntryField[], entry: TreeNode): string | undefined {
  return isElement(entry) ? fields.map((field) => fieldValue(entry, field)).join('|') : undefined;
}
