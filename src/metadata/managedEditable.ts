/*
 * What a subscriber may change of a component installed from a managed package ("Editable
 * Properties After Package Promotion or Installation"; docs/metadata-types.md "Managed
 * components"). One row per type: 'all', the top-level elements the subscriber may edit, or nothing
 * for a type that is not listed (where no source says otherwise, the answer is the strict one).
 */
export type SubscriberEditable = 'all' | readonly string[];

const SUBSCRIBER_EDITABLE: Record<string, SubscriberEditable> = {
  Layout: 'all',
  ListView: 'all',
  CompactLayout: 'all',
  CustomApplication: 'all',
  Profile: 'all',
  // the label and description are the package's; picklist values per record type are the subscriber's
  RecordType: ['picklistValues'],
  CustomObject: ['compactLayoutAssignment'],
};

export function subscriberEditable(type: string): SubscriberEditable {
  return SUBSCRIBER_EDITABLE[type] ?? [];
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
