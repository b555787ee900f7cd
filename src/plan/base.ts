/*
 * The base of a three-way merge given explicitly, one base for every target: a folder (--base-dir,
 * the previous release's reference, read as --reference-dir is) or an org (--base-org, retrieved
 * with what the targets are asked for). Either wins over the base recorded in a target.
 */
import { keyOf, type ComponentKey, type MetadataComponent, type OrgHandle, type readLocalFolder, type retrieveComponents } from '../org/index.js';
import type { BaseRecord } from './planTypes.js';
import { baseHash } from './recordedBase.js';

export type BaseSide = {
  readonly record: BaseRecord;
  readonly components: ReadonlyMap<string, MetadataComponent>;
};

export const NO_BASE: BaseRecord = { source: 'none' };

export async function readBaseDir(dir: string, read: typeof readLocalFolder): Promise<BaseSide> {
  const local = await read(dir);
  const components = new Map(local.components.map((component) => [keyOf(component), component]));
  return { record: { source: 'dir', path: dir, hash: baseHash(components) }, components };
}

export async function readBaseOrg(
  handle: OrgHandle,
  keys: ComponentKey[],
  wanted: ReadonlySet<string>,
  retrieve: typeof retrieveComponents,
  options: { apiVersion: string; waitMs?: number; signal?: AbortSignal }
): Promise<BaseSide> {
  const outcome = await retrieve(handle, keys, { ...options, keep: (key) => wanted.has(keyOf(key)) });
  const components = new Map(outcome.components.map((component) => [keyOf(component), component]));
  const { name, username, orgId } = handle.identity;
  return { record: { source: 'org-alias', org: name, username, orgId, hash: baseHash(components) }, components };
}
