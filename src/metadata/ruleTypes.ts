/**
 * The shape of the per-type table. Rows are plain data (the `rule` of each module in types/,
 * gathered by typeTable.ts); the diff engine reads them and contains no per-type branches, so a
 * semantic choice is one line of a row.
 */

/** How a deploy of the component file treats what the file does not mention. */
export type DeploySemantics =
  /** Only entries present in the file change; omitted entries stay as they are (Profile). */
  | 'overlay'
  /** The file becomes the whole component; omitted children disappear (Layout, PermissionSet >= 40). */
  | 'replace'
  /** Children sent are created or updated; others stay; removing one needs a destructive change of the child type. */
  | 'upsert';

/** How an entry the reference lacks is taken out of a target (overwrite mode, rollback). */
export type RemovalRule =
  /** Deploy without the entry (replace types). */
  | 'omit'
  /** Deploy the entry explicitly with every permission flag at its no-access level (overlay types). */
  | 'revoke'
  /** Keep the entry but mark it inactive: the Metadata API cannot delete it (picklist values). */
  | 'deactivate'
  /** Only a destructive change of `childType` removes it (children of upsert types). */
  | 'destructive'
  /** No deploy can remove it (e.g. a profile layout assignment is only ever replaced). */
  | 'none';

/**
 * A permission entry: flags ordered from no access to full access. An entry whose flags are all at
 * their first level (and whose `absentAs` fields hold their absent value) equals an absent entry,
 * because a retrieve may or may not return such entries.
 */
export type PermissionRule = {
  readonly flags: Readonly<Record<string, readonly string[]>>;
  /** Other fields and the value they have when the element is absent; not merged "more permissive". */
  readonly absentAs?: Readonly<Record<string, string>>;
}

/** Marks the entry inactive instead of removing it. */
export type DeactivationRule = {
  readonly field: string;
  readonly value: string;
  /** Insert the field before this sibling when the entry lacks it (keeps Salesforce's element order). */
  readonly before?: string;
}

/**
 * A field of an entry compared as is, or only the part of its value before the first `before`
 * (the object of a layout name: `Account` of `Account-Account Layout`).
 */
export type EntryField = string | { readonly field: string; readonly before: string };

export type ElementRule = {
  /** Rules for child tags; any tag not listed is compared positionally as plain structure. */
  readonly children?: readonly ChildRule[];
}

export type ChildRule = {
  readonly tag: string;
  /**
   * single: at most one element, a wrapper whose own children have rules;
   * keyed: repeated, matched by `key` whatever their position;
   * positional: repeated, matched by position (no identity exists).
   */
  readonly shape: 'single' | 'keyed' | 'positional';
  /**
   * keyed only. Field names (dotted paths allowed) of the element, or the single value `'#text'`
   * when the entries are strings that are their own key (string sets, ordered string lists).
   */
  readonly key?: readonly string[];
  /** composite: every present key field joined with '|'; firstPresent: the first field that exists. */
  readonly keyMode?: 'composite' | 'firstPresent';
  /** Order is meaning: a reorder is drift. */
  readonly ordered: boolean;
  readonly permission?: PermissionRule;
  readonly removal?: RemovalRule;
  readonly deactivation?: DeactivationRule;
  /** Metadata type of an entry, for destructive changes of upsert children (e.g. CustomField). */
  readonly childType?: string;
  /** The child's fullName is its key alone (CustomLabel), not `<parent>.<key>` (CustomField). */
  readonly childNameIsKey?: boolean;
  /** Only one entry may carry this boolean field as true (the default picklist value). */
  readonly singleTrueField?: string;
  /**
   * positional only: the collection is a layout grid (columns). Paths skip it and name the
   * grandchildren (`layoutSections[X].layoutItems[Industry]`), whose keys are unique across columns.
   */
  readonly transparentInPath?: boolean;
  /**
   * keyed only: when the parent element holds this tag (a list view's booleanFilter, which names
   * filters by their position), the entries are keyed by position, and the collection and that tag
   * are one unit: compared, kept and replaced together.
   */
  readonly positionalWith?: string;
  /** keyed only: a key appears at most once in the whole document (a field on a layout). */
  readonly keysUniqueInDocument?: boolean;
  /** Where merge inserts an entry the target lacks: at the end, or after its predecessor in the reference. */
  readonly placement?: 'append' | 'afterPredecessor';
  /** keyed only: a numeric field that orders the entries (sortOrder); merge numbers appended entries after the target's. */
  readonly sequenceField?: string;
  /**
   * keyed overlay entries only: a change sends the whole collection, never single entries
   * (loginIpRanges: whether a deploy replaces the list is undocumented, and a partial list can lock users out).
   */
  readonly sentWhole?: boolean;
  /**
   * keyed overlay entries only: sending an entry replaces the target's entry that has the same
   * values of these fields (an object's record type, or the object itself when there is no record
   * type, has one assigned layout), whatever its key.
   */
  readonly supersedes?: readonly EntryField[];
} & ElementRule

/** When the org refuses to delete a component of the type through the API (destructiveChanges). */
export type DeletionRule = {
  /** always: never deletable through the API; whenActive: not while assigned; lastOfObject: not an object's last one */
  readonly refused: 'always' | 'whenActive' | 'lastOfObject';
  /** what rollback deploys instead of the deletion: the component with this field set */
  readonly deactivate?: { readonly field: string; readonly value: string };
  /** for people: why, and what to do instead */
  readonly reason: string;
}

export type TypeRule = {
  readonly type: string;
  readonly deploy: DeploySemantics;
  /** How the whole component is removed, and how children are revoked: for people, not for code. */
  readonly removeComponent: string;
  readonly revokeChildren: string;
  /** The org refuses some deletions of the type; absent: destructiveChanges always work. */
  readonly deletion?: DeletionRule;
  /**
   * Why `--delete-extra` never deletes a whole component of this type that only a target has
   * (for people: what to do instead); absent: such a component is deleted with a destructive change.
   */
  readonly keepsExtraComponents?: string;
  /** Top-level fields an overlay or upsert file must carry even when they did not change. */
  readonly requiredFields?: readonly string[];
  /** Semantics docs/metadata-types.md marks as not verified against Salesforce; each is one line of this row. */
  readonly unverified?: readonly string[];
  /** Noise this row normalizes, for people reading the table. */
  readonly noise?: readonly string[];
} & ElementRule
