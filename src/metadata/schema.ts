/*
 * The Metadata API schema as the plugin reads it: for each complex type the ordered elements
 * (base type's first), their types and occurrence, enumeration values, and the API versions each
 * exists in. Derived from Salesforce's WSDL by scripts/deriveSchema.ts (schema/NOTICE says from
 * which commits); loaded at the first question, not when a command starts. Pure.
 */
import { createRequire } from 'node:module';

type Span = { readonly since?: string; readonly until?: string };

export type SchemaElement = Span & {
  readonly name: string;
  /** a complex type, an enumeration, or an XML Schema type (`xsd:string`, `xsd:boolean`...) */
  readonly type: string;
  readonly optional?: true;
  readonly many?: true;
};

export type EnumerationValue = Span & { readonly value: string };

export type SchemaType = Span & {
  readonly name: string;
  /** base type's elements first, in sequence order */
  readonly elements: readonly SchemaElement[];
  /** each element's place in `elements` */
  readonly rank: ReadonlyMap<string, number>;
  readonly element: ReadonlyMap<string, SchemaElement>;
  /** API versions whose order is not the one of `elements` (Salesforce reordered a type once) */
  readonly orders?: Readonly<Record<string, readonly string[]>>;
};

type RawType = Span & { base?: string; elements: SchemaElement[]; orders?: Record<string, string[]> };
type RawSchema = {
  versions: string[];
  types: Record<string, RawType>;
  enumerations: Record<string, Array<string | EnumerationValue>>;
};

const require = createRequire(import.meta.url);
let raw: RawSchema | undefined;
const schema = (): RawSchema => (raw ??= require('./schema/metadata-schema.json') as RawSchema);

const types = new Map<string, SchemaType | null>();
const enumerations = new Map<string, readonly EnumerationValue[] | null>();

function ownAndBaseElements(name: string): SchemaElement[] {
  const type = schema().types[name];
  if (!type) return [];
  return [...(type.base ? ownAndBaseElements(type.base) : []), ...type.elements];
}

/** The complex type of that name, or undefined when the schema does not hold it (not a complex type, or not one the plugin reaches). */
export function schemaType(name: string): SchemaType | undefined {
  let known = types.get(name);
  if (known === undefined) {
    const type = schema().types[name];
    if (type) {
      const elements = ownAndBaseElements(name);
      known = {
        name,
        since: type.since,
        until: type.until,
        elements,
        rank: new Map(elements.map((element, index) => [element.name, index])),
        element: new Map(elements.map((element) => [element.name, element])),
        orders: type.orders,
      };
    } else known = null;
    types.set(name, known);
  }
  return known ?? undefined;
}

/** The complex type of an element of a type, or undefined for text (a simple type) or an unknown element. */
export function childSchemaType(type: SchemaType | undefined, tag: string): SchemaType | undefined {
  const element = type?.element.get(tag);
  return element ? schemaType(element.type) : undefined;
}

/** The values of an enumeration type, or undefined when the type is not one. */
export function enumerationValues(name: string): readonly EnumerationValue[] | undefined {
  let known = enumerations.get(name);
  if (known === undefined) {
    const values = schema().enumerations[name];
    known = values ? values.map((value) => (typeof value === 'string' ? { value } : value)) : null;
    enumerations.set(name, known);
  }
  return known ?? undefined;
}

/** The API versions the schema was derived for, oldest first. */
export function schemaVersions(): readonly string[] {
  return schema().versions;
}

const versionNumber = (version: string): number => Number.parseFloat(version);

/** Whether something that exists from `since` to `until` exists at the API version. */
export function existsAt(span: Span, apiVersion: string): boolean {
  const version = versionNumber(apiVersion);
  if (span.since !== undefined && version < versionNumber(span.since)) return false;
  return span.until === undefined || version <= versionNumber(span.until);
}

/** The element order of a type at an API version (undefined: the type's own order). */
export function orderAt(type: SchemaType, apiVersion: string | undefined): readonly string[] | undefined {
  if (apiVersion === undefined || !type.orders) return undefined;
  const own = type.orders[apiVersion];
  if (!own) return undefined;
  // a reordered type keeps its base's elements first
  const base = type.elements.filter((element) => !own.includes(element.name)).map((element) => element.name);
  return [...base, ...own];
}

/**
 * The tags of an element of the type in schema order: `tags` itself when they are in it already
 * (the usual case, checked without sorting), else sorted. A tag the type does not know (an
 * element of a newer API version than the schema's) stays right after the known tag it followed.
 */
export function schemaOrderedTags(type: SchemaType | undefined, tags: string[], apiVersion?: string): string[] {
  if (!type || tags.length < 2) return tags;
  const own = orderAt(type, apiVersion);
  const rank = own ? new Map(own.map((name, index) => [name, index])) : type.rank;
  let previous = -1;
  let ordered = true;
  for (const tag of tags) {
    const current = rank.get(tag);
    if (current === undefined) continue;
    if (current < previous) {
      ordered = false;
      break;
    }
    previous = current;
  }
  if (ordered) return tags;
  let lastKnown = -1;
  const placed = tags.map((tag, index) => {
    const known = rank.get(tag);
    if (known !== undefined) lastKnown = known;
    // an unknown tag sorts just after the known one before it, in the order the tags came
    return { tag, rank: known ?? lastKnown + 0.5, index };
  });
  return placed.sort((left, right) => left.rank - right.rank || left.index - right.index).map((entry) => entry.tag);
}
