/*
 * `--shard i/n`: a deterministic split of the targets, so that a CI matrix of n jobs covers every
 * target exactly once whatever order the targets were listed in.
 */
/** One share of the targets: shard `index` (1-based) of `count`. */
export type Shard = { index: number; count: number };

export function shardTargets(targets: string[], shard: Shard | undefined): string[] {
  if (!shard || shard.count === 1) return targets;
  const sorted = [...targets].sort((a, b) => a.localeCompare(b));
  return sorted.filter((_, position) => position % shard.count === shard.index - 1);
}
