/*
 * The one fast-xml-parser setup of the plugin. Pure. Two readings of a document:
 * - a value tree (parseXmlTree): every child tag an array, whether it repeats or not, text trimmed
 *   and kept as strings (never coerced to numbers or booleans), entities and character references decoded, attributes,
 *   the declaration and processing instructions dropped. Text beside child elements (mixed
 *   content) is kept under `#text`; the diff engine drops it.
 * - an ordered node list (parseXmlNodes / buildXmlNodes), for documents rewritten as they are:
 *   element order, attributes (`:@`, `@_name`) and the declaration kept; references decoded, so the
 *   builder's escaping writes `&#39;` back as `&apos;`, never as `&amp;#39;`.
 * Both are lenient, so a caller that must refuse a truncated file asks xmlSyntaxError first.
 */
import { createRequire } from 'node:module';
import type * as Fxp from 'fast-xml-parser';
import { readValueTree } from './valueTree.js';

// fast-xml-parser is loaded at the first document and through its CommonJS build, one bundled file:
// its ES module build is some 25 modules that took longer to load than the whole plugin's own code,
// before a command's first request, which needs no XML; start-up time is what a user waits for on every command.
const require = createRequire(import.meta.url);
let fxp: typeof Fxp | undefined;
const fastXmlParser = (): typeof Fxp => (fxp ??= require('fast-xml-parser') as typeof Fxp);

let treeParser: Fxp.XMLParser | undefined;
let orderedParser: Fxp.XMLParser | undefined;
let orderedBuilder: Fxp.XMLBuilder | undefined;

function theTreeParser(): Fxp.XMLParser {
  return (treeParser ??= new (fastXmlParser().XMLParser)({
    ignoreAttributes: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    trimValues: true,
    // numeric character references too (`&#39;` is `'`, as any XML parser reads it); without this
    // fast-xml-parser keeps them as written, and `&#39;` and `&apos;` would be different text
    htmlEntities: true,
    isArray: (): boolean => true,
  }));
}

function theOrderedParser(): Fxp.XMLParser {
  return (orderedParser ??= new (fastXmlParser().XMLParser)({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, trimValues: true, htmlEntities: true }));
}

function theOrderedBuilder(): Fxp.XMLBuilder {
  return (orderedBuilder ??= new (fastXmlParser().XMLBuilder)({ preserveOrder: true, ignoreAttributes: false, format: true, indentBy: '    ', suppressEmptyNode: false }));
}

/** A document as a value tree: root tag -> [root], each element tag -> its values (text or element). */
export type XmlTree = Record<string, unknown[]>;

/** One node of an ordered document: `{ tag: children, ':@'?: { '@_attr': value } }`, or `{ '#text': text }`. */
export type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export type XmlSyntaxError = { readonly message: string; readonly line: number; readonly col: number };

/** Why the document is not well-formed XML, or undefined when it is. */
export function xmlSyntaxError(xml: string): XmlSyntaxError | undefined {
  const validation = fastXmlParser().XMLValidator.validate(xml);
  return validation === true ? undefined : { message: validation.err.msg, line: validation.err.line, col: validation.err.col };
}

/** The value tree; read directly where it can be (valueTree.ts), by fast-xml-parser otherwise, the same either way. */
export function parseXmlTree(xml: string): XmlTree {
  return readValueTree(xml) ?? parseXmlTreeByLibrary(xml);
}

/** fast-xml-parser's reading alone: for a caller that has had readValueTree decline already, and for tests that hold the two against each other. */
export function parseXmlTreeByLibrary(xml: string): XmlTree {
  return theTreeParser().parse(xml) as XmlTree;
}

/** The root element's tag and its value (an element, or the text of a text-only root), if any. */
export function xmlRoot(tree: XmlTree): { tag: string; value: unknown } | undefined {
  const tag = Object.keys(tree)[0];
  return tag === undefined ? undefined : { tag, value: tree[tag][0] };
}

export function parseXmlNodes(xml: string): XmlNode[] {
  return theOrderedParser().parse(xml) as XmlNode[];
}

/** Ordered nodes back to XML, four-space indented; a declaration node is written as parsed. */
export function buildXmlNodes(nodes: XmlNode[]): string {
  return String(theOrderedBuilder().build(nodes));
}

/** The tag of an ordered node (`#text` for text, `?xml` for the declaration). */
export function xmlNodeTag(node: XmlNode): string {
  return Object.keys(node).find((key) => key !== ':@') ?? '';
}

/** Whether an ordered node is an element (not text, the declaration or a processing instruction). */
export function isXmlElementNode(node: XmlNode): boolean {
  const tag = xmlNodeTag(node);
  return tag !== '' && tag !== '#text' && !tag.startsWith('?');
}
