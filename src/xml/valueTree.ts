/*
 * A direct reader of the value tree (parse.ts parseXmlTree) for the documents metadata is made of:
 * elements, text, the five XML entities and numeric character references, attributes (skipped), a declaration. It builds the final
 * tree in one pass over the text, where fast-xml-parser builds a node tree first and then converts
 * it: a 5 MB profile reads in about a third of the time and peaks at about a third of the memory.
 *
 * It gives exactly what fast-xml-parser gives with parse.ts's options, or undefined for anything
 * it does not read itself: comments, CDATA, a DOCTYPE, processing instructions after the
 * declaration, text beside child elements, a reserved JavaScript name as a tag, nesting deeper than
 * fast-xml-parser allows, anything not well-formed. The caller then asks fast-xml-parser, so the
 * result never depends on which of the two read it (test/unit/xml/valueTree.test.ts compares them).
 * Pure.
 */

/** fast-xml-parser refuses these tag names (prototype pollution); its own error is kept by handing them over. */
const RESERVED = new Set(['hasownproperty', 'tostring', 'valueof', '__definegetter__', '__definesetter__', '__lookupgetter__', '__lookupsetter__', '__proto__', 'constructor', 'prototype']);
/** fast-xml-parser's default maxNestedTags */
const MAX_DEPTH = 100;

const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const BYTE_ORDER_MARK = 0xfe_ff;

type Element = Record<string, unknown[]>;
type Open = { tag: string; element: Element | undefined; text: string | undefined };

const isNameEnd = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13 || code === SLASH || code === GT;

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };
// the references fast-xml-parser decodes (digits as its own patterns take them); any other is handed over
const REFERENCE = /&(?:#([0-9]{1,7})|#x([0-9a-fA-F]{1,6})|(lt|gt|amp|apos|quot));/g;

/** A character reference to a character XML 1.0 allows (no C0 control but tab and line ends, no surrogate). */
function isXmlCodePoint(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return (code < 0xd8_00 || code > 0xdf_ff) && code !== 0xff_fe && code !== 0xff_ff && code <= 0x10_ff_ff;
}

/**
 * The five XML entities and numeric character references decoded in one pass (so `&amp;#39;`
 * reads `&#39;`), as fast-xml-parser decodes them; undefined for any other reference (an HTML
 * name, a reference to a character XML does not allow), which fast-xml-parser reads instead.
 */
function decodeEntities(text: string): string | undefined {
  if (!text.includes('&')) return text;
  // an ampersand outside a reference decoded here: fast-xml-parser reads it
  if (text.replace(REFERENCE, '').includes('&')) return undefined;
  let handOver = false;
  const decoded = text.replace(REFERENCE, (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name];
    const code = decimal === undefined ? Number.parseInt(hex!, 16) : Number.parseInt(decimal, 10);
    if (isXmlCodePoint(code)) return String.fromCodePoint(code);
    handOver = true;
    return whole;
  });
  return handOver ? undefined : decoded;
}

function add(parent: Element, tag: string, value: unknown): void {
  const values = parent[tag];
  if (values === undefined) parent[tag] = [value];
  else values.push(value);
}

/** The end of an opening tag (its '>'), past attributes whose quoted values may hold '>'; -1 if none. */
function tagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let index = from; index < xml.length; index++) {
    const code = xml.charCodeAt(index);
    if (quote !== 0) {
      if (code === quote) quote = 0;
    } else if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) quote = code;
    else if (code === GT) return index;
  }
  return -1;
}

/** One pass over a document; each step returns where the next starts, or HAND_OVER. */
class Reader {
  public readonly document: Element = {};
  private readonly open: Open[] = [];
  private rootSeen = false;

  public constructor(private readonly xml: string) {}

  public get complete(): boolean {
    return this.open.length === 0 && this.rootSeen;
  }

  /** Text up to the next tag: an element's text, or white space between elements. */
  public text(from: number, to: number): boolean {
    const text = this.xml.slice(from, to);
    const current = this.open[this.open.length - 1];
    // between elements only white space: text beside child elements, or outside the root, is fast-xml-parser's
    if (current === undefined || current.element !== undefined) return text.trim() === '';
    if (current.text !== undefined) return false;
    current.text = text;
    return true;
  }

  /** `<?...?>`: the declaration, before the root only. */
  public declaration(lt: number): number {
    if (this.open.length > 0 || this.rootSeen) return HAND_OVER;
    const end = this.xml.indexOf('?>', lt + 2);
    return end === -1 ? HAND_OVER : end + 2;
  }

  public close(lt: number): number {
    const gt = this.xml.indexOf('>', lt + 2);
    const closed = this.open.pop();
    if (gt === -1 || closed === undefined || this.xml.slice(lt + 2, gt).trim() !== closed.tag) return HAND_OVER;
    const value = closed.element ?? decodeEntities((closed.text ?? '').trim());
    if (value === undefined) return HAND_OVER;
    const parent = this.open[this.open.length - 1];
    if (parent === undefined) this.document[closed.tag] = [value];
    else add(parent.element!, closed.tag, value);
    return gt + 1;
  }

  public start(lt: number): number {
    const xml = this.xml;
    let nameEnd = lt + 1;
    while (nameEnd < xml.length && !isNameEnd(xml.charCodeAt(nameEnd))) nameEnd++;
    const tag = xml.slice(lt + 1, nameEnd);
    const gt = tagEnd(xml, nameEnd);
    if (tag === '' || RESERVED.has(tag.toLowerCase()) || gt === -1 || !this.makeRoom()) return HAND_OVER;
    const parent = this.open[this.open.length - 1];
    if (xml.charCodeAt(gt - 1) === SLASH && gt - 1 >= nameEnd) {
      if (parent === undefined) this.document[tag] = [''];
      else add(parent.element!, tag, '');
    } else {
      if (this.open.length >= MAX_DEPTH) return HAND_OVER;
      this.open.push({ tag, element: undefined, text: undefined });
    }
    return gt + 1;
  }

  /** Before a new element: one root only; in a parent so far holding text, that text must be white space. */
  private makeRoom(): boolean {
    const parent = this.open[this.open.length - 1];
    if (parent === undefined) {
      if (this.rootSeen) return false;
      this.rootSeen = true;
    } else if (parent.element === undefined) {
      if (parent.text !== undefined && parent.text.trim() !== '') return false;
      parent.element = {};
      parent.text = undefined;
    }
    return true;
  }
}

const HAND_OVER = -1;

/** The value tree of a well-formed document, or undefined when fast-xml-parser must read it. */
export function readValueTree(input: string): Record<string, unknown[]> | undefined {
  // as fast-xml-parser: line ends read as \n, a byte order mark dropped
  let xml = input.includes('\r') ? input.replace(/\r\n?/g, '\n') : input;
  if (xml.charCodeAt(0) === BYTE_ORDER_MARK) xml = xml.slice(1);
  const reader = new Reader(xml);
  let index = 0;
  while (index < xml.length) {
    const lt = xml.indexOf('<', index);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > index && !reader.text(index, textEnd)) return undefined;
    if (lt === -1) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === BANG) return undefined;
    index = next === QUESTION ? reader.declaration(lt) : next === SLASH ? reader.close(lt) : reader.start(lt);
    if (index === HAND_OVER) return undefined;
  }
  return reader.complete ? reader.document : undefined;
}
