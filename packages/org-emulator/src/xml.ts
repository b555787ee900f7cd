/*
 * Metadata XML as the emulator stores it: every element is an array, every leaf a string,
 * so components can be merged and re-serialized without knowing their schema.
 */
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';

export const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';

export type XmlValue = string | XmlNode;
export type XmlNode = { [tag: string]: XmlValue[] };

export class XmlSyntaxError extends Error {
  public constructor(message: string, public readonly lineNumber?: number, public readonly columnNumber?: number) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (): boolean => true,
  processEntities: true,
  // the five entities of XML and numeric character references (`&#39;`, `&#x2019;`), as any XML parser reads them
  entityDecoder: {
    decode: decodeXmlText,
    reset: (): void => undefined,
    setXmlVersion: (): void => undefined,
    // metadata files declare no entities of their own
    addInputEntities: (): void => undefined,
    setExternalEntities: (): void => undefined,
  },
  // no callback reads the element path: not building its string for every element saves ~5% of a parse
  jPath: false,
});

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '    ',
  suppressEmptyNode: false,
  processEntities: true,
});

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** Entity and character references of a text decoded, in one pass (`&amp;#39;` is the text `&#39;`). */
export function decodeXmlText(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return XML_ENTITIES[ref] ?? whole;
  });
}

type ParsedRoot = { rootTag: string; body: XmlNode };

/** Parses one metadata file; throws XmlSyntaxError (with line/column where known) on malformed XML. */
export function parseMetadataXml(xml: string): ParsedRoot {
  // fast-xml-parser is lenient, so the strict structural check comes from its validator first.
  const verdict = validateXml(xml);
  if (verdict !== true) throw verdict;
  const parsed = parser.parse(xml) as Record<string, XmlValue[]>;
  const roots = Object.keys(parsed).filter((key) => !key.startsWith('?') && !key.startsWith('#'));
  if (roots.length !== 1) throw new XmlSyntaxError(`expected exactly one root element, found ${roots.length}`);
  const rootTag = roots[0];
  const value = parsed[rootTag][0];
  return { rootTag, body: typeof value === 'string' ? {} : value };
}

export function serializeMetadataXml(rootTag: string, body: XmlNode): string {
  const root = { [rootTag]: [{ '@_xmlns': METADATA_NS, ...body }] };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(root)}`;
}

/** Serializes a fragment without declaration or namespace (used inside SOAP envelopes). */
export function serializeFragment(node: Record<string, unknown>): string {
  // suppressBooleanAttributes off: `xsi:nil="true"` must keep its value, or jsforce cannot parse the answer
  const compact = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: false, processEntities: true, suppressBooleanAttributes: false });
  return compact.build(node);
}

export function text(node: XmlNode | undefined, tag: string): string | undefined {
  const value = node?.[tag]?.[0];
  return typeof value === 'string' ? value : undefined;
}

export function children(node: XmlNode | undefined, tag: string): XmlNode[] {
  return (node?.[tag] ?? []).filter((value): value is XmlNode => typeof value !== 'string');
}

export function cloneNode<T>(value: T): T {
  return structuredClone(value);
}


function validateXml(xml: string): true | XmlSyntaxError {
  const result = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (result === true) return true;
  return new XmlSyntaxError(result.err.msg, result.err.line, result.err.col);
}
