/*
 * The base of a three-way merge given as a folder (--base-dir): the previous release's reference,
 * read as --reference-dir is, one base for every target.
 */
import { hashComponent } from '../diff/index.js';
import { keyOf, type MetadataComponent, type readLocalFolder } from '../org/index.js';
import { sha256 } from './canonicalJson.js';
import type { BaseRecord } from './planTypes.js';

export type BaseSide = {
  readonly record: BaseRecord;
  readonly components: ReadonlyMap<string, MetadataComponent>;
};

export const NO_BASE: BaseRecord = { source: 'none' };

export async function readBaseDir(dir: string, read: typeof readLocalFolder): Promise<BaseSide> {
  const local = await read(dir);
  const components = new Map(local.components.map((component) => [keyOf(component), component]));
  // one line per component, sorted: the same folder content gives the same hash whatever its layout
  const lines = [...components.entries()].map(([key, component]) => `${key} ${hashComponent(component.type, component.xml)}`).sort();
  return { record: { source: 'dir', path: dir, hash: sha256(lines.join('\n')) }, components };
}
