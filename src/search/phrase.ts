/**
 * Finds the documents where a normalized part occurs contiguously in a field, with counts:
 * candidates from the n-gram postings (exact on their own for one- and two-character parts),
 * then an exact check on the stored normalized text. It does not score or rank.
 */
import type { Analyzer } from '../analysis/analyzer.js';
import type { FieldData } from '../indexing/search-index.js';
import { intersectDocs } from '../indexing/sorted-docs.js';

/** Documents (ascending) holding the part, and how many times each. */
export interface FieldMatches {
  docs: Uint32Array;
  counts: ArrayLike<number>;
}

const NO_MATCHES: FieldMatches = { docs: new Uint32Array(0), counts: new Uint16Array(0) };

/** Non-overlapping occurrences of `needle` in `haystack`. */
export function countOccurrences(haystack: string, needle: string): number {
  if (needle === '') return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** Start offsets of non-overlapping occurrences of `needle` in `haystack`. */
export function findOccurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  if (needle === '') return found;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) found.push(at);
  return found;
}

/**
 * Where `normalizedPart` occurs in `field`. `asWord`, when given, are the documents holding the part
 * as a whole analyzer word, with how often: they hold its text for sure, so they skip the check on the
 * text and count what the word index counted (the part's occurrences as that word; an occurrence inside
 * a longer word, `python` in `pythonic`, is not among them). The others are checked and counted on the text.
 */
export function matchInField(analyzer: Analyzer, field: FieldData, normalizedPart: string, asWord: FieldMatches | null = null): FieldMatches {
  const keys = analyzer.requiredNgrams(normalizedPart);
  if (keys.length === 0) return NO_MATCHES;
  const postings = keys.map((key) => field.ngrams.lookup(key));
  if (postings.some((p) => p.docs.length === 0)) return NO_MATCHES;
  if (keys.length === 1 && keys[0] === normalizedPart) {
    // The part is itself an indexed n-gram: the postings are the exact answer.
    return postings[0]!;
  }
  const docs: number[] = [];
  const counts: number[] = [];
  const known = asWord ?? NO_MATCHES;
  let w = 0;
  for (const doc of intersectDocs(postings.map((p) => p.docs))) {
    while (w < known.docs.length && known.docs[w]! < doc) w++;
    const count = known.docs[w] === doc ? known.counts[w]! : countOccurrences(field.normalized[doc]!, normalizedPart);
    if (count > 0) {
      docs.push(doc);
      counts.push(count);
    }
  }
  return { docs: Uint32Array.from(docs), counts };
}
