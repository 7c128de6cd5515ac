/**
 * Bounded-concurrency mapping for file system work (stat, read), keeping results in input order.
 * Does not catch: a rejected task rejects the whole map.
 */

/** Maps `items` with at most `limit` tasks in flight; `results[i]` belongs to `items[i]`. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T, index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () => worker());
  await Promise.all(workers);
  return results;
}
