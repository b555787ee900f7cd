import { childSchemaType, schemaOrderedTags, schemaType, type SchemaType } from '../metadata/schema.js';
import { escapeMetadataText } from '../xml/index.js';
import { isElement, KeyedCollection, type TreeElement, type TreeNode } from './xmlTree.js';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';
const INDENT = '    ';

/**
 * Elements are written in the schema's sequence order at every depth, whatever order the tree
 * holds them in (a hand-edited reference file, a flag added to an entry, tags taken from two
 * documents): a real org refuses an element out of its place.
 */
function writeElement(element: TreeElement, type: SchemaType | undefined, depth: number, out: string[], apiVersion: string | undefined): void {
  for (const tag of schemaOrderedTags(type, Object.keys(element), apiVersion)) {
    const value = element[tag];
    const nodes: Iterable<TreeNode> = value instanceof KeyedCollection ? value.entries.values() : value;
    const childType = childSchemaType(type, tag);
    for (const node of nodes) writeNode(tag, node, childType, depth, out, apiVersion);
  }
}

function writeNode(tag: string, node: TreeNode, type: SchemaType | undefined, depth: number, out: string[], apiVersion: string | undefined): void {
  const indent = INDENT.repeat(depth);
  if (!isElement(node)) {
    out.push(`${indent}<${tag}>${escapeMetadataText(node)}</${tag}>\n`);
    return;
  }
  out.push(`${indent}<${tag}>\n`);
  writeElement(node, type, depth + 1, out, apiVersion);
  out.push(`${indent}</${tag}>\n`);
}

/**
 * Metadata API XML as Salesforce writes it: declaration, namespace, four-space indentation,
 * elements in schema order (at the API version when given: one type was reordered for one version).
 */
export function serializeComponent(rootTag: string, root: TreeElement, apiVersion?: string): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n', `<${rootTag} xmlns="${METADATA_NAMESPACE}">\n`];
  writeElement(root, schemaType(rootTag), 1, out, apiVersion);
  out.push(`</${rootTag}>\n`);
  return out.join('');
}
