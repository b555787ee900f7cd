/*
 * Element order: Salesforce's parser refuses a file whose elements are out of the type's schema
 * sequence ("Element ... invalid at this location"), with line and column. A parse error, so it is
 * checked on the raw text when the deploy zip is read.
 */

/**
 * Types whose top-level elements the Metadata API schema orders alphabetically (the XSD sequence
 * of Profile and PermissionSet; `fullName`, inherited from Metadata, comes first). Other types'
 * sequences are not modelled.
 */
const ALPHABETICAL_SCHEMA = new Set(['Profile', 'PermissionSet']);

const TAG = /<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g;

function position(source: string, index: number): { lineNumber: number; columnNumber: number } {
  const before = source.slice(0, index);
  const lineStart = before.lastIndexOf('\n');
  return { lineNumber: before.split('\n').length, columnNumber: index - lineStart };
}

/** The first top-level element out of its schema place, as the org's parser reports it, or undefined. */
export function schemaOrderProblem(type: string, xml: string): { problem: string; lineNumber: number; columnNumber: number } | undefined {
  if (!ALPHABETICAL_SCHEMA.has(type)) return undefined;
  const body = xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, (skipped) => ' '.repeat(skipped.length));
  let depth = 0;
  let previous: string | undefined;
  for (const match of body.matchAll(TAG)) {
    const [whole, closing, tag, selfClosing] = match;
    if (closing) {
      depth -= 1;
      continue;
    }
    if (depth === 1) {
      const rank = tag === 'fullName' ? '' : tag;
      if (previous !== undefined && rank < previous) {
        const at = position(xml, (match.index ?? 0) + whole.length);
        return { problem: `Error parsing file: Element {http://soap.sforce.com/2006/04/metadata}${tag} invalid at this location in type ${type}`, ...at };
      }
      previous = rank;
    }
    if (!selfClosing) depth += 1;
  }
  return undefined;
}
