/*
 * Checks a Metadata API document against the schema (schema.ts) as a real org does before it
 * deploys it: every element known to its type at the API version, in sequence order, repeated only
 * where the sequence allows, and enumeration values among the type's values. One pass over the
 * text (elements, text, comments, CDATA), so it also sees an element repeated after another one,
 * which a value tree groups away. Pure.
 */
import { enumerationValues, existsAt, orderAt, schemaType, type SchemaElement, type SchemaType } from './schema.js';

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

const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const isNameEnd = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13 || code === SLASH;

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

/** Element text as a parser reads it: comments dropped, CDATA kept as written, the rest decoded. */
function textOf(raw: string): string {
  return raw
    .replace(/<!--[\s\S]*?-->/g, '')
    .split(/<!\[CDATA\[([\s\S]*?)\]\]>/)
    .map((part, index) => (index % 2 === 1 ? part : decodeXmlText(part)))
    .join('')
    .trim();
}

/** One pass over a document: each opening and closing tag checked against the element it is in. */
class Checker {
  public readonly problems: SchemaProblem[] = [];
  public done = false;
  private readonly stack: Level[] = [];
  private rootSeen = false;

  public constructor(private readonly xml: string, private readonly options: SchemaCheckOptions) {}

  public close(at: number): void {
    const level = this.stack.pop();
    if (!level) {
      this.done = true;
      return;
    }
    if (level.enumeration && !level.hasChildren) this.checkValue(level.tag, level.path, level.enumeration, textOf(this.xml.slice(level.textStart, at)));
  }

  public open(tag: string, textStart: number, selfClosing: boolean): void {
    const parent = this.stack[this.stack.length - 1];
    if (!parent) {
      const rootType = this.rootSeen ? undefined : schemaType(tag);
      this.rootSeen = true;
      // a type the schema does not hold is not checked at all
      if (!rootType) this.done = true;
      else if (!selfClosing) this.stack.push(levelFor(tag, tag, rootType, undefined, this.options.apiVersion));
      return;
    }
    parent.hasChildren = true;
    const path = `${parent.path}.${tag}`;
    const element = this.checkPlace(parent, tag, path);
    const rank = parent.order?.get(tag);
    if (rank !== undefined && rank > parent.lastRank) parent.lastRank = rank;
    const childType = element && schemaType(element.type);
    const enumeration = element && !childType && enumerationValues(element.type) ? element.type : undefined;
    if (!selfClosing) {
      const level = levelFor(tag, path, childType, enumeration, this.options.apiVersion);
      level.textStart = textStart;
      this.stack.push(level);
    } else if (enumeration) this.checkValue(tag, path, enumeration, '');
  }

  private report(problem: SchemaProblem): void {
    if (this.options.kinds && !this.options.kinds.has(problem.kind)) return;
    this.problems.push(problem);
    if (this.options.first) this.done = true;
  }

  /** The element's schema entry when its type knows it; a problem when it may not stand here. */
  private checkPlace(parent: Level, tag: string, path: string): SchemaElement | undefined {
    const type = parent.type;
    if (!type) return undefined;
    const element = type.element.get(tag);
    const rank = parent.order?.get(tag);
    const apiVersion = this.options.apiVersion;
    const where = { path, element: tag, inType: type.name, message: invalidHere(tag, type.name) };
    if (!element || rank === undefined) this.report({ kind: 'unknown', ...where });
    else if (apiVersion !== undefined && !existsAt(element, apiVersion)) this.report({ kind: 'version', ...where, since: element.since, until: element.until });
    else if (rank < parent.lastRank || (rank === parent.lastRank && !element.many)) this.report({ kind: 'order', ...where });
    return element;
  }

  private checkValue(tag: string, path: string, enumeration: string, text: string): void {
    const known = enumerationValues(enumeration)?.find((value) => value.value === text);
    const apiVersion = this.options.apiVersion;
    if (known && (apiVersion === undefined || existsAt(known, apiVersion))) return;
    const inType = this.stack[this.stack.length - 1]?.type?.name ?? '';
    this.report({ kind: 'enumeration', path, element: tag, inType, message: `'${text}' is not a valid value for the enum '${enumeration}'` });
  }
}

/**
 * The problems of a document of a type the schema holds (its root tag names the type); none for
 * a type it does not hold. A document that is not well-formed is not this check's business
 * (xmlSyntaxError says why): whatever is read up to the break is checked.
 */
export function schemaProblems(xml: string, options: SchemaCheckOptions = {}): SchemaProblem[] {
  const checker = new Checker(xml, options);
  let index = 0;
  while (!checker.done) {
    const lt = xml.indexOf('<', index);
    if (lt === -1) break;
    const next = xml.charCodeAt(lt + 1);
    // comments, CDATA, a DOCTYPE and the declaration are stepped over whole (they may hold '<' and '>')
    const skipTo = next === BANG ? (xml.startsWith('<!--', lt) ? '-->' : xml.startsWith('<![CDATA[', lt) ? ']]>' : '>') : next === QUESTION ? '?>' : undefined;
    if (skipTo !== undefined) {
      const end = xml.indexOf(skipTo, lt + 2);
      if (end === -1) break;
      index = end + skipTo.length;
      continue;
    }
    // metadata files carry no '>' inside attribute values (the namespace, xsi:nil at most)
    const gt = xml.indexOf('>', lt + 1);
    if (gt === -1) break;
    if (next === SLASH) checker.close(lt);
    else {
      let nameEnd = lt + 1;
      while (nameEnd < gt && !isNameEnd(xml.charCodeAt(nameEnd))) nameEnd++;
      checker.open(xml.slice(lt + 1, nameEnd), gt + 1, xml.charCodeAt(gt - 1) === SLASH);
    }
    index = gt + 1;
  }
  return checker.problems;
}

const ORDER_ONLY: ReadonlySet<SchemaProblemKind> = new Set(['order']);

/** Whether the document's elements are in schema order at every depth (unknown elements aside). */
export function isInSchemaOrder(xml: string, apiVersion?: string): boolean {
  return schemaProblems(xml, { apiVersion, first: true, kinds: ORDER_ONLY }).length === 0;
}
