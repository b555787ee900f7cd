/*
 * The Metadata API schema as the org's parser applies it to a deployed file (README "Metadata API
 * schema"): each element of a type in the type's sequence order (base type's elements first), no
 * element the type does not have at the deploy's API version, enumeration values from their enum.
 * The data is derived from Salesforce's WSDL by scripts/deriveSchema.ts (schema/NOTICE).
 *
 * The check is one pass over the document's text, beside the parse that builds its tree: the tree
 * (every element an array under its tag) keeps no order between different tags.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { METADATA_NS, XmlNode, XmlValue, decodeXmlText } from './xml.js';

type Range = [] | [number, number];
type RawElement = [string, string, number, number, ...Range];
type RawData = {
  versions: string[];
  types: Record<string, { versions?: Array<[number, number]>; base?: Array<[string, ...Range]>; elements: RawElement[] }>;
  enums: Record<string, Array<string | [string, number, number]>>;
};

const data = JSON.parse(gunzipSync(readFileSync(new URL('../schema/metadata-schema.json.gz', import.meta.url))).toString('utf8')) as RawData;

/** One element of a type's sequence at one API version. */
export type SchemaElement = { name: string; type: string; index: number; repeats: boolean; required: boolean };
export type SchemaType = { name: string; elements: Map<string, SchemaElement>; sequence: SchemaElement[] };

const FIRST = 0;
const LAST = data.versions.length - 1;

/** The API versions the schema data holds, oldest first. */
export const SCHEMA_VERSIONS: readonly string[] = data.versions;

function inRange(range: number[], index: number): boolean {
  return range.length === 0 || (range[0] <= index && index <= range[1]);
}

/**
 * Which version's schema applies to an API version: its own, or the nearest the data holds (the
 * WSDL history starts at 47.0; a newer client gets the newest schema known).
 */
export function schemaVersionIndex(apiVersion: string | number | undefined): number {
  const wanted = Number(apiVersion);
  if (!Number.isFinite(wanted)) return LAST;
  const exact = data.versions.findIndex((version) => Number(version) === wanted);
  if (exact !== -1) return exact;
  return wanted < Number(data.versions[FIRST]) ? FIRST : LAST;
}

/** per version index: the types and enumerations compiled so far (null: none of that name at that version) */
const compiledTypes = data.versions.map(() => new Map<string, SchemaType | null>());
const compiledEnums = data.versions.map(() => new Map<string, Set<string> | null>());

/** A complexType of the schema at one version, its base type's elements first; undefined when the version has no such type. */
export function schemaType(name: string, versionIndex: number): SchemaType | undefined {
  const known = compiledTypes[versionIndex].get(name);
  if (known !== undefined) return known ?? undefined;
  const raw = data.types[name];
  let compiled: SchemaType | null = null;
  const own = raw?.elements.filter((element) => inRange(element.slice(4) as number[], versionIndex)) ?? [];
  const baseName = raw?.base?.find((entry) => inRange(entry.slice(1) as number[], versionIndex))?.[0];
  const base = baseName ? schemaType(baseName, versionIndex) : undefined;
  if (raw && (!raw.versions || raw.versions.some((range) => inRange(range, versionIndex)))) {
    const sequence: SchemaElement[] = [...(base?.sequence ?? [])];
    for (const [elementName, type, min, max] of own) {
      sequence.push({ name: elementName, type, index: sequence.length, repeats: max === -1 || max > 1, required: min > 0 });
    }
    compiled = { name, sequence, elements: new Map(sequence.map((element) => [element.name, element])) };
  }
  compiledTypes[versionIndex].set(name, compiled);
  return compiled ?? undefined;
}

/** The values of an enumeration at one version, or undefined when the type is not an enumeration. */
export function schemaEnum(name: string, versionIndex: number): Set<string> | undefined {
  const known = compiledEnums[versionIndex].get(name);
  if (known !== undefined) return known ?? undefined;
  const raw = data.enums[name];
  const values = raw
    ? new Set(raw.filter((value) => typeof value === 'string' || inRange(value.slice(1) as number[], versionIndex)).map((value) => (typeof value === 'string' ? value : value[0])))
    : null;
  compiledEnums[versionIndex].set(name, values);
  return values ?? undefined;
}

export type SchemaProblem = { problem: string; lineNumber: number; columnNumber: number };

function position(source: string, index: number): { lineNumber: number; columnNumber: number } {
  let line = 1;
  let lineStart = -1;
  for (let i = source.indexOf('\n'); i !== -1 && i < index; i = source.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i;
  }
  return { lineNumber: line, columnNumber: index - lineStart };
}

const localName = (qualified: string): string => qualified.slice(qualified.indexOf(':') + 1);

/** What the check knows about an open element: a complex type (its sequence place), an enumeration (its text), or nothing to check inside. */
type Frame =
  | { kind: 'complex'; type: SchemaType; at: number }
  | { kind: 'enum'; type: string; values: Set<string>; text: string }
  | { kind: 'other' };

const OTHER: Frame = { kind: 'other' };

function frameFor(typeName: string, versionIndex: number): Frame {
  const complex = schemaType(typeName, versionIndex);
  if (complex) return { kind: 'complex', type: complex, at: -1 };
  const values = schemaEnum(typeName, versionIndex);
  if (values) return { kind: 'enum', type: typeName, values, text: '' };
  return OTHER;
}

const XSI_TYPE = /\bxsi:type\s*=\s*(["'])([^"']*)\1/;

function invalidAt(tag: string, typeName: string): string {
  return `Error parsing file: Element {${METADATA_NS}}${tag} invalid at this location in type ${typeName}`;
}

/**
 * The first place where a metadata file breaks the schema at an API version, as the org's parser
 * reports it, or undefined. A root type the schema does not have at that version is not checked
 * (README "Metadata API schema": what the schema cannot settle). Malformed XML is left to the parser.
 * `rootOrdered` false: the root's own elements may come in any order (a parent file SDR recomposes
 * from its children: README), each still one its type knows.
 */
export function schemaProblem(xml: string, apiVersion: string | number | undefined, { rootOrdered = true }: { rootOrdered?: boolean } = {}): SchemaProblem | undefined {
  const versionIndex = schemaVersionIndex(apiVersion);
  const stack: Frame[] = [];
  let pos = 0;
  const length = xml.length;
  while (pos < length) {
    const open = xml.indexOf('<', pos);
    const top = stack.at(-1);
    if (top?.kind === 'enum') top.text += xml.slice(pos, open === -1 ? length : open);
    if (open === -1) break;
    const next = xml.charCodeAt(open + 1);
    if (next === 63 /* ? */ || next === 33 /* ! */) {
      const [after, cdata] = skipMarkup(xml, open);
      if (top?.kind === 'enum') top.text += cdata;
      pos = after;
      continue;
    }
    if (next === 47 /* / */) {
      const close = xml.indexOf('>', open);
      if (close === -1) return undefined;
      pos = close + 1;
      const done = stack.pop();
      const problem = done?.kind === 'enum' ? enumProblem(done, done.text) : undefined;
      if (problem) return { problem, ...position(xml, pos) };
      continue;
    }
    const start = startTag(xml, open);
    if (!start) return undefined;
    pos = start.close + 1;
    const frame = openElement(stack, start.tag, start.declared, versionIndex, rootOrdered);
    // a root type the schema lacks at this version: nothing to check
    if (frame === undefined) return undefined;
    if (typeof frame === 'string') return { problem: frame, ...position(xml, pos) };
    if (!start.selfClosing) {
      stack.push(frame);
      continue;
    }
    const empty = frame.kind === 'enum' ? enumProblem(frame, '') : undefined;
    if (empty) return { problem: empty, ...position(xml, pos) };
  }
  return undefined;
}

/** The start tag opened at `open`: its local name, its xsi:type, where it closes; undefined when it does not. */
function startTag(xml: string, open: number): { tag: string; declared?: string; close: number; selfClosing: boolean } | undefined {
  let nameEnd = open + 1;
  for (let code = xml.charCodeAt(nameEnd); nameEnd < xml.length && code !== 62 && code !== 47 && code > 32; code = xml.charCodeAt(++nameEnd));
  // attributes (the root's xmlns, an xsi:type) may hold a quoted '>'
  const close = xml.charCodeAt(nameEnd) === 62 ? nameEnd : tagEnd(xml, nameEnd);
  if (close === -1) return undefined;
  return {
    tag: localName(xml.slice(open + 1, nameEnd)),
    declared: close > nameEnd + 1 ? XSI_TYPE.exec(xml.slice(nameEnd, close))?.[2] : undefined,
    close,
    selfClosing: xml.charCodeAt(close - 1) === 47,
  };
}

/** The frame of an element opened inside the stack's top, its parse error, or undefined for a root the schema lacks. */
function openElement(stack: Frame[], tag: string, declared: string | undefined, versionIndex: number, rootOrdered: boolean): Frame | string | undefined {
  const top = stack.at(-1);
  if (!top) {
    // the root element names its type
    const root = frameFor(tag, versionIndex);
    return root.kind === 'complex' ? root : undefined;
  }
  if (top.kind !== 'complex') return OTHER;
  const element = top.type.elements.get(tag);
  const ordered = rootOrdered || stack.length > 1;
  if (!element || (ordered && (element.index < top.at || (element.index === top.at && !element.repeats)))) return invalidAt(tag, top.type.name);
  top.at = element.index;
  return frameFor(declared ? localName(declared) : element.type, versionIndex);
}

function enumProblem(frame: { type: string; values: Set<string> }, text: string): string | undefined {
  const value = decodeXmlText(text.trim());
  return frame.values.has(value) ? undefined : `Error parsing file: '${value}' is not a valid value for the enum '${frame.type}'`;
}

/** Past a declaration, processing instruction, comment or CDATA section opened at `open`: where it ends, and a CDATA section's text. */
function skipMarkup(xml: string, open: number): [number, string] {
  const skipTo = (end: string, from: number): [number, string] => {
    const at = xml.indexOf(end, from);
    return [at === -1 ? xml.length : at + end.length, ''];
  };
  if (xml.startsWith('<!--', open)) return skipTo('-->', open + 4);
  if (xml.startsWith('<![CDATA[', open)) {
    const end = xml.indexOf(']]>', open + 9);
    // CDATA is text as it stands: no references to decode in it
    return [end === -1 ? xml.length : end + 3, encodeAmpersands(xml.slice(open + 9, end === -1 ? xml.length : end))];
  }
  if (xml.startsWith('<?', open)) return skipTo('?>', open + 2);
  return skipTo('>', open + 2);
}

/** CDATA text joined to referenced text: its own `&` must survive the decoding of the whole. */
function encodeAmpersands(value: string): string {
  return value.replaceAll('&', '&amp;');
}

/** The index of the `>` that ends a tag, from `from` inside it (quoted attribute values may hold `>`), or -1. */
function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from; i < xml.length; i++) {
    const code = xml.charCodeAt(i);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === 34 || code === 39) {
      quote = code;
    } else if (code === 62) {
      return i;
    }
  }
  return -1;
}

/**
 * A stored body with its elements in the schema's order for its type at an API version, at every
 * depth, as an org writes a file it returns. `retrieved`: as a retrieve at that version returns it,
 * without the elements the version does not have (an org answers each API version in its own
 * schema); else those keep their place after the known ones.
 */
export function inSchemaOrder(typeName: string, body: XmlNode, apiVersion: string | number | undefined = undefined, { retrieved = false } = {}): XmlNode {
  const versionIndex = schemaVersionIndex(apiVersion);
  return orderNode(body, schemaType(typeName, versionIndex), versionIndex, retrieved);
}

const everElements = new Map<string, Set<string>>();

/** Whether any version of the type (or of its base types) has the element. */
function everElement(typeName: string, tag: string): boolean {
  let names = everElements.get(typeName);
  if (!names) {
    names = new Set<string>();
    const bases = [typeName];
    for (let name = bases.pop(); name !== undefined; name = bases.pop()) {
      for (const element of data.types[name]?.elements ?? []) names.add(element[0]);
      for (const base of data.types[name]?.base ?? []) bases.push(base[0]);
    }
    everElements.set(typeName, names);
  }
  return names.has(tag);
}

function orderNode(node: XmlNode, type: SchemaType | undefined, versionIndex: number, retrieved: boolean): XmlNode {
  if (!type) return node;
  // an element of another version of the type is left out; one of no version stays (a subtype's, named by an xsi:type not stored)
  const entries = Object.entries(node).filter(([tag]) => !retrieved || type.elements.has(tag) || !everElement(type.name, tag));
  const rank = (tag: string): number => type.elements.get(tag)?.index ?? Number.MAX_SAFE_INTEGER;
  entries.sort(([a], [b]) => rank(a) - rank(b));
  const result: XmlNode = {};
  for (const [tag, values] of entries) {
    const elementType = type.elements.get(tag)?.type;
    const childType = elementType ? schemaType(elementType, versionIndex) : undefined;
    result[tag] = childType ? values.map((value: XmlValue) => (typeof value === 'string' ? value : orderNode(value, childType, versionIndex, retrieved))) : values;
  }
  return result;
}
