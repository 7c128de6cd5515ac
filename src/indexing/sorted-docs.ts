/**
 * Ascending document-number lists (typed arrays, as postings hold them): their union, and their
 * intersection by galloping search. Shared by the word postings and the searcher's phrase matching.
 */

/** Documents in either (ascending, no repeats), always a new array: postings are never handed out to be changed. */
export function unionDocs(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Number.POSITIVE_INFINITY;
    const y = j < b.length ? b[j]! : Number.POSITIVE_INFINITY;
    if (x <= y) {
      out[n++] = x;
      i++;
      if (x === y) j++;
    } else {
      out[n++] = y;
      j++;
    }
  }
  return out.subarray(0, n);
}

/** Smallest index `i >= from` with `array[i] >= value` (galloping then binary search). */
function seek(array: Uint32Array, value: number, from: number): number {
  let step = 1;
  let high = from;
  while (high < array.length && array[high]! < value) {
    from = high + 1;
    high += step;
    step *= 2;
  }
  high = Math.min(high, array.length);
  let low = from;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (array[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Documents present in every list, walking the shortest and seeking in the others (none: empty). */
export function intersectDocs(lists: readonly Uint32Array[]): number[] {
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  const [first, ...rest] = sorted;
  if (first === undefined) return [];
  const cursors = rest.map(() => 0);
  const out: number[] = [];
  outer: for (const doc of first) {
    for (let k = 0; k < rest.length; k++) {
      const docs = rest[k]!;
      const at = seek(docs, doc, cursors[k]!);
      cursors[k] = at;
      if (at >= docs.length) break outer;
      if (docs[at] !== doc) continue outer;
    }
    out.push(doc);
  }
  return out;
}
