/**
 * Work over a list with a bounded number of items under way at once: file-system work that waits on
 * the disk or the thread pool (a listing's stats, a load's segment files) keeps the CPU busy meanwhile,
 * without opening every file at once.
 */

/** `work` over `items` with at most `limit` under way at once; results in item order. The first failure stops the rest. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const at = next++;
      try {
        results[at] = await work(items[at]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
