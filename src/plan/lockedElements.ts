/*
 * Element-level managed drift: a component of an installed package whose drift is partly in what
 * the package locks. The reference is given the target's locked elements, so the patch built from
 * it changes only what the subscriber may edit. Pure.
 */
import { buildXmlNodes, isXmlElementNode, parseXmlNodes, xmlNodeTag as tagOf, type XmlNode as Node } from '../xml/index.js';

function rootOf(nodes: Node[]): Node | undefined {
  return nodes.find(isXmlElementNode);
}

/** The reference document with its top-level `tags` taken from the target (absent there: absent here). */
export function withTargetElements(referenceXml: string, targetXml: string, tags: readonly string[]): string {
  const reference = parseXmlNodes(referenceXml);
  const root = rootOf(reference);
  const targetRoot = rootOf(parseXmlNodes(targetXml));
  if (!root || !targetRoot) return referenceXml;
  const rootTag = tagOf(root);
  const locked = new Set(tags);
  const theirs = (targetRoot[tagOf(targetRoot)] as Node[]).filter((node) => locked.has(tagOf(node)));
  const children: Node[] = [];
  let placed = false;
  for (const node of root[rootTag] as Node[]) {
    if (!locked.has(tagOf(node))) {
      children.push(node);
      continue;
    }
    if (!placed) children.push(...theirs);
    placed = true;
  }
  if (!placed) children.push(...theirs);
  root[rootTag] = children;
  return buildXmlNodes(reference);
}
