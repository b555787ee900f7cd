/*
 * Lists of types that the planner and the org layer choose by: which types a plan covers by
 * default, and which types listMetadata cannot list.
 */

/** Types that deployments and package upgrades leave to each org's admins (docs/metadata-types.md). */
export const SUBSCRIBER_CONTROLLED_TYPES = [
  'Layout',
  'ListView',
  'CompactLayout',
  'RecordType',
  'GlobalValueSet',
  'StandardValueSet',
  'QuickAction',
  'FlexiPage',
  'CustomApplication',
  'Profile',
] as const;

/**
 * Types listMetadata does not list: their member names are known instead (StandardValueSet: the
 * fixed names SDR ships), so a wildcard expands to every known name and an org without one of
 * them is not worth a warning.
 */
const UNLISTABLE_TYPES: ReadonlySet<string> = new Set(['StandardValueSet']);

export function isListable(type: string): boolean {
  return !UNLISTABLE_TYPES.has(type);
}
