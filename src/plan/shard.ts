/*
 * `--shard i/n`: a deterministic split of the targets, so that a CI matrix of n jobs covers every
 * target exactly once whatever order the targets were listed in.
 */
export function shardTargets(targets: string[], shard: { index: number; count: number } | undefined): string[] {
  if (!shard || shard.count === 1) return targets;
  const sorted = [...targets].sort((a, b) => a.localeCompare(b));
  return sorted.filter((_, position) => position % shard.count === shard.index - 1);
}
