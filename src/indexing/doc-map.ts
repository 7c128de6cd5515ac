/**
 * Document maps of a segmented index: for each document of a segment, its number in the whole
 * index, or -1 when it was deleted. Segments are laid end to end in order, so maps ascend.
 */

/** Marks a deleted document in a map. */
export const DELETED = -1;

/** Maps `docCount` documents starting at `first`, skipping the `deleted` local numbers. */
export function createDocMap(docCount: number, deleted: ReadonlySet<number>, first: number): Int32Array {
  const map = new Int32Array(docCount);
  let next = first;
  for (let local = 0; local < docCount; local++) map[local] = deleted.has(local) ? DELETED : next++;
  return map;
}
