/*
 * The base of a three-way merge. Given explicitly, it is one base for every target: a folder
 * (--base-dir, the previous release's reference, read as --reference-dir is) or an org (--base-org,
 * retrieved with what the targets are asked for). Else a target may hold the base this tool
 * recorded in it. `chooseBase` is the one place that decides which a target uses, and why none.
 */
import type { Mode } from '../diff/index.js';
import { keyOf, type ComponentKey, type MetadataComponent, type OrgHandle, type readLocalFolder, type resolveOrg, type retrieveComponents } from '../org/index.js';
import type { BaseRecord } from './planTypes.js';
import { FIRST_PART, baseHash, type ReadBase } from './recordedBase.js';

export type BaseSide = {
  readonly record: BaseRecord;
  readonly components: ReadonlyMap<string, MetadataComponent>;
};

export const NO_BASE: BaseRecord = { source: 'none' };

/** The base given explicitly, the same for every target: a folder read already, or an org's retrieve under way. */
export type GivenBase = { folder?: BaseSide; org?: Promise<BaseSide> };

/**
 * What a target records as its base: `base` the components (undefined when it holds none, or none
 * that could be read: `unreadable` says why), `parts` its static resources as retrieved.
 */
export type Recorded = { base?: ReadBase; parts: Map<string, MetadataComponent>; unreadable?: BaseRecord };

/** The base a target is compared with (`side`), and what its plan records of it: which one, or why none. */
export type BaseChoice = { side?: BaseSide; record?: BaseRecord };

/**
 * One given explicitly wins over the recorded one, which only merge uses. A merge always records
 * what it was compared with, or why nothing; overwrite only when a base was given.
 */
export async function chooseBase(mode: Mode, given: GivenBase, recorded: Recorded): Promise<BaseChoice> {
  const explicit = given.folder ?? (await given.org);
  const side = explicit ?? (mode === 'merge' && recorded.base ? recordedSide(recorded.base) : undefined);
  if (mode !== 'merge' && !side) return {};
  return { side, record: side?.record ?? recorded.unreadable ?? NO_BASE };
}

function recordedSide(base: ReadBase): BaseSide {
  return { record: { source: 'org', resource: FIRST_PART.fullName, parts: base.parts, components: base.components.size, hash: base.hash }, components: base.components };
}

/** The base given explicitly, before any org is read: a folder read now, an org resolved now (an unknown alias stops the plan first). */
export async function prepareGivenBase(
  base: { dir: string } | { org: string } | undefined,
  orgs: { readLocalFolder: typeof readLocalFolder; resolveOrg: typeof resolveOrg }
): Promise<{ folder?: BaseSide; org?: OrgHandle }> {
  if (!base) return {};
  if ('dir' in base) return { folder: await readBaseDir(base.dir, orgs.readLocalFolder) };
  return { org: await orgs.resolveOrg(base.org) };
}

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
