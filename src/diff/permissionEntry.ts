import type { PermissionRule } from '../metadata/index.js';
import { readText, type TreeElement } from './xmlTree.js';

function levelOf(levels: readonly string[], raw: string | undefined): number {
  const index = raw === undefined ? 0 : levels.indexOf(raw);
  return index < 0 ? 0 : index;
}

/** The field as compared: a missing flag is no access, a missing `absentAs` field its absent value. */
export function permissionField(permission: PermissionRule, entry: TreeElement | undefined, field: string): string | undefined {
  const raw = entry ? readText(entry, field) : undefined;
  const levels = permission.flags[field];
  if (levels) return levels[levelOf(levels, raw)];
  return raw ?? permission.absentAs?.[field];
}

const baseNameCache = new WeakMap<PermissionRule, readonly string[]>();

/** Names of the fields compared for an entry: flags, absentAs fields, and any other field present. */
export function permissionFieldNames(
  permission: PermissionRule,
  entries: ReadonlyArray<TreeElement | undefined>,
  keyFields: ReadonlySet<string>
): readonly string[] {
  let base = baseNameCache.get(permission);
  if (!base) {
    base = [...new Set([...Object.keys(permission.flags), ...Object.keys(permission.absentAs ?? {})])].sort();
    baseNameCache.set(permission, base);
  }
  // Hot path of 20 MB profiles: entries almost never carry fields beyond the rule's, so no set is built.
  let extra: Set<string> | undefined;
  for (const entry of entries) {
    if (!entry) continue;
    for (const tag of Object.keys(entry)) {
      if (keyFields.has(tag) || permission.flags[tag] !== undefined || permission.absentAs?.[tag] !== undefined) continue;
      (extra ??= new Set()).add(tag);
    }
  }
  return extra ? [...new Set([...base, ...extra])].sort() : base;
}

/** An entry granting nothing equals an absent entry: retrieves return such entries or not. */
export function isNoAccess(permission: PermissionRule, entry: TreeElement): boolean {
  // for...in, not Object.entries: called for every entry of a profile, several times per plan
  for (const flag in permission.flags) {
    if (levelOf(permission.flags[flag], readText(entry, flag)) !== 0) return false;
  }
  for (const [field, absent] of Object.entries(permission.absentAs ?? {})) {
    const raw = readText(entry, field);
    if (raw !== undefined && raw !== absent) return false;
  }
  return true;
}

function withFields(entry: TreeElement, values: ReadonlyMap<string, string>): TreeElement {
  const result: TreeElement = { ...entry };
  for (const [field, value] of values) result[field] = [value];
  return result;
}

/** The target's entry with each flag raised to the reference's level when the reference grants more. */
export function morePermissive(permission: PermissionRule, reference: TreeElement, target: TreeElement): TreeElement {
  const raised = new Map<string, string>();
  // eslint-disable-next-line guard-for-in
  for (const flag in permission.flags) {
    const levels = permission.flags[flag];
    const referenceLevel = levelOf(levels, readText(reference, flag));
    if (referenceLevel > levelOf(levels, readText(target, flag))) raised.set(flag, levels[referenceLevel]);
  }
  return raised.size === 0 ? target : withFields(target, raised);
}

/** The explicit revocation an overlay deploy needs: same key, every flag at no access, same element order. */
export function revocationOf(permission: PermissionRule, entry: TreeElement, keyFields: ReadonlySet<string>): TreeElement {
  const revocation: TreeElement = {};
  const absentAs = permission.absentAs ?? {};
  for (const tag of Object.keys(entry)) {
    const levels = permission.flags[tag];
    if (keyFields.has(tag)) revocation[tag] = entry[tag];
    else if (levels) revocation[tag] = [levels[0]];
    else if (absentAs[tag] !== undefined) revocation[tag] = [absentAs[tag]];
  }
  // Flags the entry does not carry stay out of the file: an older API version may not know them.
  return revocation;
}
