/*
 * What a subscriber may change of a component installed from a managed package ("Editable
 * Properties After Package Promotion or Installation"; docs/metadata-types.md "Managed
 * components"). Each type's module says: 'all', the top-level elements the subscriber may edit, or
 * nothing (where no source says otherwise, the answer is the strict one).
 */
import type { SubscriberEditable } from './types/handler.js';
import { typeHandler } from './types/registry.js';

export type { SubscriberEditable } from './types/handler.js';

export function subscriberEditable(type: string): SubscriberEditable {
  return typeHandler(type)?.subscriberEditable ?? [];
}

/** The top-level element a change path starts with: `picklistValues[Stage].values[Won]` -> `picklistValues`. */
function topElement(path: string): string {
  return /^[^[.]+/.exec(path)?.[0] ?? path;
}

/** The change paths a subscriber may not make to an installed component of this type. */
export function lockedPaths(type: string, paths: string[]): string[] {
  const editable = subscriberEditable(type);
  if (editable === 'all') return [];
  return paths.filter((path) => !editable.includes(topElement(path)));
}
