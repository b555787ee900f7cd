/*
 * Checks a Metadata API document against the schema (schema.ts) as a real org does before it
 * deploys it: every element known to its type at the API version, in sequence order, repeated only
 * where the sequence allows, and enumeration values among the type's values. One pass over the
 * text (elements, text, comments, CDATA), so it also sees an element repeated after another one,
 * which a value tree groups away. Pure.
 */
import { enumerationValues, existsAt, orderAt, schemaType, type SchemaType } from './schema.js';

const NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

export type SchemaProblemKind = 'order' | 'unknown' | 'version' | 'enumeration';

export type SchemaProblem = {
  readonly kind: SchemaProblemKind;
  /** where, from the root: `Profile.fieldPermissions.editable` */
  readonly path: string;
  /** the element's name */
  readonly element: string;
  /** the complex type it is in */
  readonly inType: string;
  /** as a real org words it */
  readonly message: string;
  /** version problems: the versions the element exists in */
  readonly since?: string;
  readonly until?: string;
};

type Level = {
  readonly tag: string;
  readonly path: string;
  /** undefined: a simple element, or one the schema does not know (not looked into) */
  readonly type: SchemaType | undefined;
  readonly order: ReadonlyMap<string, number> | undefined;
  lastRank: number;
  readonly enumeration: string | undefined;
  textStart: number;
  hasChildren: boolean;
};

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([^\s/>!?]+)(?:[^>"']|"[^"]*"|'[^']*')*?(\/?)>/g;

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** Text as an XML parser hands it over: the five entities and numeric character references decoded. */
export function decodeXmlText(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|apos|quot);/g, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code <= 0x10_ff_ff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name];
  });
}

const invalidHere = (tag: string, type: string): string => `Element {${NAMESPACE}}${tag} invalid at this location in type ${type}`;

export type SchemaCheckOptions = {
  /** the deploy's API version: elements and values it does not know are problems; undefined: any version */
  readonly apiVersion?: string;
  /** stop at the first problem (a yes/no question) */
  readonly first?: boolean;
  /** only these kinds (e.g. order alone, to decide whether a document must be rewritten) */
  readonly kinds?: ReadonlySet<SchemaProblemKind>;
};

function levelFor(tag: string, path: string, type: SchemaType | undefined, enumeration: string | undefined, apiVersion: string | undefined): Level {
  const order = type && apiVersion !== undefined ? orderAt(type, apiVersion) : undefined;
  return {
    tag,
    path,
    type,
    order: order ? new Map(order.map((name, index) => [name, index])) : type?.rank,
    lastRank: -1,
    enumeration,
    textStart: 0,
    hasChildren: false,
  };
}

/**
 * The problems of a document of a type the schema holds (its root tag names the type); none for
 * a type it does not hold. A document that is not well-formed is not this check's business
 * (xmlSyntaxError says why): whatever is read up to the break is checked.
 */
export function schemaProblems(xml: string, options: SchemaCheckOptions = {}): SchemaProblem[] {
  const { apiVersion, first, kinds } = options;
  const problems: SchemaProblem[] = [];
  const report = (problem: SchemaProblem): boolean => {
    if (kinds && !kinds.has(problem.kind)) return false;
    problems.push(problem);
    return first === true;
  };
  const stack: Level[] = [];
  let rootSeen = false;
  TOKEN.lastIndex = 0;
  let cdata = '';
  for (let match = TOKEN.exec(xml); match; match = TOKEN.exec(xml)) {
    const [token, cdataText, closing, tag, selfClosing] = match;
    if (cdataText !== undefined) {
      cdata += cdataText;
      continue;
    }
    if (tag === undefined) continue;
    const parent = stack[stack.length - 1];
    if (closing) {
      const level = stack.pop();
      if (!level) break;
      if (level.enumeration && !level.hasChildren) {
        const text = decodeXmlText(xml.slice(level.textStart, match.index).replace(/<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->/g, '')).trim() + cdata;
        const values = enumerationValues(level.enumeration) ?? [];
        const known = values.find((value) => value.value === text);
        if (!known || (apiVersion !== undefined && !existsAt(known, apiVersion))) {
          const stop = report({
            kind: 'enumeration',
            path: level.path,
            element: level.tag,
            inType: stack[stack.length - 1]?.type?.name ?? '',
            message: `'${text}' is not a valid value for the enum '${level.enumeration}'`,
          });
          if (stop) return problems;
        }
      }
      cdata = '';
      continue;
    }
    cdata = '';
    if (!parent) {
      if (rootSeen) break;
      rootSeen = true;
      const rootType = schemaType(tag);
      if (!rootType) return problems;
      if (!selfClosing) stack.push(levelFor(tag, tag, rootType, undefined, apiVersion));
      continue;
    }
    parent.hasChildren = true;
    const path = `${parent.path}.${tag}`;
    const type = parent.type;
    let childType: SchemaType | undefined;
    let enumeration: string | undefined;
    if (type) {
      const element = type.element.get(tag);
      const rank = parent.order?.get(tag);
      let problem: SchemaProblem | undefined;
      if (!element || rank === undefined) {
        problem = { kind: 'unknown', path, element: tag, inType: type.name, message: invalidHere(tag, type.name) };
      } else if (apiVersion !== undefined && !existsAt(element, apiVersion)) {
        problem = { kind: 'version', path, element: tag, inType: type.name, message: invalidHere(tag, type.name), since: element.since, until: element.until };
      } else if (rank < parent.lastRank || (rank === parent.lastRank && !element.many)) {
        problem = { kind: 'order', path, element: tag, inType: type.name, message: invalidHere(tag, type.name) };
      }
      if (rank !== undefined && rank > parent.lastRank) parent.lastRank = rank;
      if (problem && report(problem)) return problems;
      if (element) {
        childType = schemaType(element.type);
        enumeration = !childType && enumerationValues(element.type) ? element.type : undefined;
      }
    }
    if (!selfClosing) {
      const level = levelFor(tag, path, childType, enumeration, apiVersion);
      level.textStart = match.index + token.length;
      stack.push(level);
    } else if (enumeration && !(enumerationValues(enumeration) ?? []).some((value) => value.value === '')) {
      if (report({ kind: 'enumeration', path, element: tag, inType: type?.name ?? '', message: `'' is not a valid value for the enum '${enumeration}'` })) return problems;
    }
  }
  return problems;
}

const ORDER_ONLY: ReadonlySet<SchemaProblemKind> = new Set(['order']);

/** Whether the document's elements are in schema order at every depth (unknown elements aside). */
export function isInSchemaOrder(xml: string, apiVersion?: string): boolean {
  return schemaProblems(xml, { apiVersion, first: true, kinds: ORDER_ONLY }).length === 0;
}
