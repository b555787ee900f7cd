/*
 * Fan-out across orgs: at most `limit` jobs at once overall, each job one org.
 */

/** How many orgs are worked on at the same time: `--concurrency`'s default. */
export const DEFAULT_CONCURRENCY = 8;

export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      // eslint-disable-next-line no-await-in-loop
      results[index] = await work(items[index], index);
    }
  });
  await Promise.all(lanes);
  return results;
}
