import type { PlainValue } from './plainValue.js';

export type ChangeOp = 'add' | 'remove' | 'change';

/**
 * One element-level difference, read as "what the target needs to become the other side":
 * `before` is the target's value, `after` the reference's (or the patched) value.
 * `path` reads like `fieldPermissions[Account.Rating].editable`; the empty path is the whole component.
 */
export type Change = {
  readonly op: ChangeOp;
  readonly path: string;
  readonly before: PlainValue;
  readonly after: PlainValue;
}

export const WHOLE_COMPONENT_PATH = '';

export function joinPath(parent: string, tag: string): string {
  return parent === '' ? tag : `${parent}.${tag}`;
}

/** merge: add and update what the reference has; overwrite: the target becomes the reference. */
export const modes = ['merge', 'overwrite'] as const;
export type Mode = (typeof modes)[number];
