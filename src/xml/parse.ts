/*
 * The one fast-xml-parser setup of the plugin. Pure. Two readings of a document:
 * - a value tree (parseXmlTree): every child tag an array, whether it repeats or not, text trimmed
 *   and kept as strings (never coerced to numbers or booleans), entities decoded, attributes,
 *   the declaration and processing instructions dropped. Text beside child elements (mixed
 *   content) is kept under `#text`; the diff engine drops it.
 * - an ordered node list (parseXmlNodes / buildXmlNodes), for documents rewritten as they are:
 *   element order, attributes (`:@`, `@_name`) and the declaration kept.
 * Both are lenient, so a caller that must refuse a truncated file asks xmlSyntaxError first.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { readValueTree } from './valueTree.js';

const treeParser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (): boolean => true,
});

const orderedParser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, trimValues: true });
const orderedBuilder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, format: true, indentBy: '    ', suppressEmptyNode: false });

/** A document as a value tree: root tag -> [root], each element tag -> its values (text or element). */
export type XmlTree = Record<string, unknown[]>;

/** One node of an ordered document: `{ tag: children, ':@'?: { '@_attr': value } }`, or `{ '#text': text }`. */
export type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export type XmlSyntaxError = { readonly message: string; readonly line: number; readonly col: number };

/** Why the document is not well-formed XML, or undefined when it is. */
export function xmlSyntaxError(xml: string): XmlSyntaxError | undefined {
  const validation = XMLValidator.validate(xml);
  return validation === true ? undefined : { message: validation.err.msg, line: validation.err.line, col: validation.err.col };
}

/** The value tree; read directly where it can be (valueTree.ts), by fast-xml-parser otherwise, the same either way. */
export function parseXmlTree(xml: string): XmlTree {
  return readValueTree(xml) ?? (treeParser.parse(xml) as XmlTree);
}

/** fast-xml-parser's reading alone, for tests that hold the direct reader against it. */
export function parseXmlTreeByLibrary(xml: string): XmlTree {
  return treeParser.parse(xml) as XmlTree;
}

/** The root element's tag and its value (an element, or the text of a text-only root), if any. */
export function xmlRoot(tree: XmlTree): { tag: string; value: unknown } | undefined {
  const tag = Object.keys(tree)[0];
  return tag === undefined ? undefined : { tag, value: tree[tag][0] };
}

export function parseXmlNodes(xml: string): XmlNode[] {
  return orderedParser.parse(xml) as XmlNode[];
}

/** Ordered nodes back to XML, four-space indented; a declaration node is written as parsed. */
export function buildXmlNodes(nodes: XmlNode[]): string {
  return String(orderedBuilder.build(nodes));
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
