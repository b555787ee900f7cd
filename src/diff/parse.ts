import { parseXmlTreeByLibrary, readValueTree, xmlSyntaxError } from '../xml/index.js';
import { MetadataParseError } from './errors.js';
import type { ParsedComponent, TreeElement, TreeNode } from './xmlTree.js';

// text beside child elements: after a closing tag, or between an opening tag and a child's
const MIXED_CONTENT = /<\/[^>]+>[^<]*[^<\s][^<]*<|<[A-Za-z][^>]*[^/]>[^<]*[^<\s][^<]*<[A-Za-z]/;

/**
 * Drops text that stands beside child elements (real files carry such slips, e.g. a doubled `>` in
 * `</valueSetDefinition>>`): Metadata API elements hold either text or elements, so the stray text
 * has no meaning, and the tree keeps one shape (arrays of text or elements) everywhere.
 */
function dropMixedText(element: TreeElement): void {
  for (const tag of Object.keys(element)) {
    const value = element[tag] as unknown;
    if (tag === '#text') delete element[tag];
    else if (Array.isArray(value)) for (const child of value) if (typeof child === 'object' && child !== null) dropMixedText(child as TreeElement);
  }
}

/**
 * Parses one component in Metadata API format. The validator runs first because the parser is
 * lenient: a truncated file would otherwise parse into a partial tree and show as false drift.
 */
export function parseComponent(xml: string, componentName: string, wellFormed = false): ParsedComponent {
  // values stay strings (coerced only when compared); every tag is an array so a collection of one
  // and a collection of many have the same shape
  const syntax = wellFormed ? undefined : xmlSyntaxError(xml);
  if (syntax) throw new MetadataParseError(componentName, syntax.message, syntax.line, syntax.col);
  // the direct reader never keeps text beside child elements; fast-xml-parser, which reads the rest, may
  const direct = readValueTree(xml);
  const document = (direct ?? parseXmlTreeByLibrary(xml)) as Record<string, TreeNode[]>;
  const rootTags = Object.keys(document);
  if (rootTags.length !== 1) {
    throw new MetadataParseError(componentName, `expected one root element, found ${rootTags.length}`);
  }
  const rootTag = rootTags[0];
  const rootValue = document[rootTag][0];
  const root: TreeElement = typeof rootValue === 'object' ? rootValue : {};
  // the scan is cheap; the walk runs only for the rare file that needs it
  if (direct === undefined && MIXED_CONTENT.test(xml)) dropMixedText(root);
  return { rootTag, root };
}
