import { escapeMetadataText } from '../xml/index.js';
import { isElement, KeyedCollection, type TreeElement, type TreeNode } from './xmlTree.js';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';
const INDENT = '    ';

function writeElement(element: TreeElement, depth: number, out: string[]): void {
  for (const tag of Object.keys(element)) {
    const value = element[tag];
    const nodes: Iterable<TreeNode> = value instanceof KeyedCollection ? value.entries.values() : value;
    for (const node of nodes) writeNode(tag, node, depth, out);
  }
}

function writeNode(tag: string, node: TreeNode, depth: number, out: string[]): void {
  const indent = INDENT.repeat(depth);
  if (!isElement(node)) {
    out.push(`${indent}<${tag}>${escapeMetadataText(node)}</${tag}>\n`);
    return;
  }
  out.push(`${indent}<${tag}>\n`);
  writeElement(node, depth + 1, out);
  out.push(`${indent}</${tag}>\n`);
}

/** Metadata API XML as Salesforce writes it: declaration, namespace, four-space indentation. */
export function serializeComponent(rootTag: string, root: TreeElement): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n', `<${rootTag} xmlns="${METADATA_NAMESPACE}">\n`];
  writeElement(root, 1, out);
  out.push(`</${rootTag}>\n`);
  return out.join('');
}
