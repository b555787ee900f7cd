/*
 * What the module of one metadata type declares (one file per type in this folder, registered in
 * registry.ts). Generic code, the diff engine, the planner and the org layer, loops over the
 * registry and calls these hooks; a hook a type does not need is absent. A hook that needs what the
 * plan knows of a target gets it as plain data (TargetFacts, declared here), never from src/plan.
 */
import type { TypeRule } from '../ruleTypes.js';

/** What a subscriber may change of an installed component: everything, or these top-level elements. */
export type SubscriberEditable = 'all' | readonly string[];

/** An element of a component as the planner reads it: opaque here, read through a NodeReader. */
export type XmlNode = Readonly<Record<string, unknown>>;

/** How hooks read a component's elements (the planner's reader: raw or the diff engine's normalized tree). */
export type NodeReader = {
  rootOf(xml: string): XmlNode | undefined;
  entries(node: XmlNode | undefined, tag: string): XmlNode[];
  textOf(node: XmlNode | undefined, tag: string): string | undefined;
  /** text children (`<fields>A</fields><fields>B</fields>`) */
  textsOf(node: XmlNode | undefined, tag: string): string[];
  /** a name as the diff engine keys it: partly URL-encoded names compare decoded */
  decoded(name: string): string;
};

/** What the target has of what components name (quick actions, fields, picklist values), plain sets. */
export type ReferenceFacts = {
  /** quick actions the target has or receives with this deploy; undefined: not listed, unknown */
  quickActions?: Set<string>;
  /** custom fields `Object.Field` the target has (listed) or receives; undefined: not listed */
  listedFields?: Set<string>;
  /** object -> its fields, for the target's objects the plan retrieved (complete for those objects) */
  objectFields: Map<string, Set<string>>;
  /** custom fields the deploy carries (fields of the selected reference objects and fields) */
  fieldsAlong: Set<string>;
  /** `Object.Field` -> picklist values the target has or receives; absent: unknown */
  fieldValues: Map<string, Set<string>>;
  /** StandardValueSet name -> values the target has or receives; absent: unknown */
  standardValues: Map<string, Set<string>>;
};

export type TargetFacts = {
  /** the target's name for reasons, e.g. t3 */
  name: string;
  /** `Object.Field` of required and master-detail fields: their field permissions cannot be deployed */
  requiredFields: Set<string>;
  /** user permission names the target knows (its PermissionSet describe); undefined: unknown, nothing is vetoed */
  userPermissions?: Set<string>;
  /** custom tabs the plan asked the target for and it does not have */
  missingTabs: Set<string>;
  /** objects the plan asked the target for that it does not have, nor receives with this deploy */
  missingObjects: Set<string>;
  /** `Type:Name` of what the plan asked the target for and it does not have (classes, pages, apps, flows, ...) */
  missing: Set<string>;
  /** detail object -> its master, for the target's objects the plan retrieved (their MasterDetail field) */
  masters: Map<string, string>;
  /** `Type:Object` -> the target's components of that type that belong to the object (among those retrieved) */
  ofObject: Map<string, string[]>;
  /** what the target has of what components name (quick actions, fields, picklist values, ...) */
  references: ReferenceFacts;
};

/** One reference component checked against what a target can take. */
export type ComponentCheck = {
  readonly fullName: string;
  readonly reference: XmlNode;
  readonly target: XmlNode | undefined;
  readonly facts: TargetFacts;
  readonly mode: 'merge' | 'overwrite';
  readonly read: NodeReader;
  /** the target refuses the entry at this path (as the diff engine names it), for this reason */
  veto(path: string, reason: string): void;
  /** the target refuses the whole component */
  vetoWhole(reason: string): void;
};

/** What a plan may leave out of the deploy because it carries it (keys `Type:Name`, fields `Object.Field`). */
export type CarriedAlong = { readonly keys: ReadonlySet<string>; readonly fields: ReadonlySet<string> };

export type TypeHandler = {
  /** how the diff engine compares and deploys the type (docs/metadata-types.md) */
  readonly rule: TypeRule;
  /** part of the default selection (types deployments leave to each org's admins), in registry order */
  readonly selectedByDefault?: true;
  /** false: listMetadata does not list the type; its member names are known instead */
  readonly listable?: false;
  /** a permission file whose entries are scoped to its retrieve request, before this API version (absent: always) */
  readonly scopedToRequest?: { readonly beforeApi?: number };
  /** managed components: what the subscriber may edit; absent: nothing */
  readonly subscriberEditable?: SubscriberEditable;
  /** the object a component belongs to, when its name says it */
  readonly objectOf?: (fullName: string) => string;
  /** the name a retrieve accepts for a member listMetadata lists under this name, installed by this namespace */
  readonly retrievableName?: (listedName: string, namespace: string) => string;
  /** other names a selection may give a member installed by this namespace */
  readonly selectableNames?: (fullName: string, namespace: string) => string[];
  /** what the target's retrieved component tells about the target: read even when only in the scope */
  readonly addTargetFacts?: (fullName: string, xml: string, read: NodeReader, facts: TargetFacts) => void;
  /** types to list in each target so that the component can be checked (what the deploy does not carry) */
  readonly typesToList?: (fullName: string, root: XmlNode | undefined, along: CarriedAlong, read: NodeReader) => string[];
  /** entries (or all) of a reference component that the target would refuse */
  readonly vetoes?: (check: ComponentCheck) => void;
  /** why the target refuses to delete this component, beyond the rule's `deletion.refused: 'always'` */
  readonly refusedDeletion?: (fullName: string, facts: TargetFacts) => string | undefined;
  /** what the user does when the org refuses to delete a component of the type, whatever its sentence */
  readonly deletionAction?: string;
};
