/**
 * Set operations on ascending document numbers held in typed arrays, with scores alongside:
 * the AND, NOT and OR of query parts without a Map or an object per document.
 */

/** Ascending document numbers, each with a score. */
export interface ScoredDocs {
  docs: Uint32Array;
  scores: Float64Array;
}

/** Documents in both, scores added. */
export function intersectScored(a: ScoredDocs, b: ScoredDocs): ScoredDocs {
  const docs = new Uint32Array(Math.min(a.docs.length, b.docs.length));
  const scores = new Float64Array(docs.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.docs.length && j < b.docs.length) {
    const x = a.docs[i]!;
    const y = b.docs[j]!;
    if (x < y) i++;
    else if (y < x) j++;
    else {
      docs[n] = x;
      scores[n++] = a.scores[i++]! + b.scores[j++]!;
    }
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
}

/** Documents of `a` not in `remove` (ascending). */
export function subtractDocs(a: ScoredDocs, remove: Uint32Array): ScoredDocs {
  if (remove.length === 0) return a;
  const docs = new Uint32Array(a.docs.length);
  const scores = new Float64Array(a.docs.length);
  let j = 0;
  let n = 0;
  for (let i = 0; i < a.docs.length; i++) {
    const doc = a.docs[i]!;
    while (j < remove.length && remove[j]! < doc) j++;
    if (j < remove.length && remove[j] === doc) continue;
    docs[n] = doc;
    scores[n++] = a.scores[i]!;
  }
  return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
}

/** Every document number below `count`, scored 0 (a filter-only query). */
export function allDocs(count: number): ScoredDocs {
  const docs = new Uint32Array(count);
  for (let i = 0; i < count; i++) docs[i] = i;
  return { docs, scores: new Float64Array(count) };
}
