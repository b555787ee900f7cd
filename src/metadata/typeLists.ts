/*
 * Lists of types that the planner and the org layer choose by, taken from the type modules: which
 * types a plan covers by default, which types listMetadata cannot list, which are permission files.
 */
import { typeHandler, typesWith } from './types/registry.js';

/** Types that deployments and package upgrades leave to each org's admins (docs/metadata-types.md). */
export const SUBSCRIBER_CONTROLLED_TYPES: readonly string[] = typesWith('selectedByDefault');

/** Whether listMetadata lists the type (otherwise its member names are known instead). */
export function isListable(type: string): boolean {
  return typeHandler(type)?.listable !== false;
}

/** The permission file types (their entries are scoped to the request, or whole from some API version on). */
export const PERMISSION_TYPES: ReadonlySet<string> = new Set(typesWith('scopedToRequest'));

/** Whether a retrieve at this API version returns the file's entries only for what the same request holds. */
export function scopedToRequest(type: string, apiVersion: string): boolean {
  const scope = typeHandler(type)?.scopedToRequest;
  return scope !== undefined && (scope.beforeApi === undefined || Number(apiVersion) < scope.beforeApi);
}
