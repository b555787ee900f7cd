import type { TreeNode } from './xmlTree.js';

/**
 * Inserts `key` right after the nearest of `predecessors` (nearest first) present in `entries`,
 * else first. Rebuilds the map: used only on small collections (layout columns).
 */
export function insertAfterPredecessor(
  entries: Map<string, TreeNode>,
  key: string,
  node: TreeNode,
  predecessors: readonly string[]
): Map<string, TreeNode> {
  const anchor = predecessors.find((candidate) => entries.has(candidate));
  const result = new Map<string, TreeNode>();
  if (anchor === undefined) result.set(key, node);
  for (const [existingKey, existingNode] of entries) {
    result.set(existingKey, existingNode);
    if (existingKey === anchor) result.set(key, node);
  }
  return result;
}
