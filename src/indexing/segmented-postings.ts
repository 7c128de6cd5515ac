/**
 * Postings over segments laid end to end: a lookup asks each segment's store and renumbers its
 * documents into the whole index's, leaving deleted ones out. Segments are never merged in memory, so
 * a load costs no pass over their postings; a lookup costs one per segment.
 */
import { ZhsearchError } from '../errors.js';
import { NO_POSTINGS, type NgramStore, type Postings, type PostingsSource } from './ngram-store.js';

export interface PostingsSegment {
  readonly store: NgramStore;
  /** `docMap[local]` is the document's number in the whole index, or -1 when it was deleted (ascending). */
  readonly docMap: Int32Array;
}

/**
 * Decoded lists kept between lookups, up to this many postings in all (6 bytes each): the common
 * characters and pairs come back in query after query, and each is the longest to decode.
 */
const CACHED_POSTINGS = 4_000_000;
/** Lists shorter than this decode in microseconds: not worth a place in the cache. */
const CACHED_MIN_LENGTH = 2_000;

export class SegmentedPostings implements PostingsSource {
  /** Key → its postings, least recently used first (a Map keeps insertion order). */
  private readonly cache = new Map<string, Postings>();
  private cachedPostings = 0;

  constructor(
    private readonly segments: readonly PostingsSegment[],
    private readonly cacheLimits = { maxPostings: CACHED_POSTINGS, minLength: CACHED_MIN_LENGTH },
  ) {
  }

  /** Postings of `key` in the whole index's numbers; the arrays are shared and must not be changed. */
  lookup(key: string): Postings {
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const postings = this.decode(key);
    const { maxPostings, minLength } = this.cacheLimits;
    if (postings.docs.length >= minLength && postings.docs.length <= maxPostings) {
      this.cache.set(key, postings);
      this.cachedPostings += postings.docs.length;
      for (const [oldest, evicted] of this.cache) {
        if (this.cachedPostings <= maxPostings) break;
        this.cache.delete(oldest);
        this.cachedPostings -= evicted.docs.length;
      }
    }
    return postings;
  }

  /** Each segment's postings decoded straight into one list, renumbered, deleted documents left out. */
  private decode(key: string): Postings {
    const places = this.segments.map((segment) => segment.store.locate(key));
    let total = 0;
    for (const place of places) total += place?.n ?? 0;
    if (total === 0) return NO_POSTINGS;
    const out = { docs: new Uint32Array(total), counts: new Uint16Array(total) };
    let at = 0;
    places.forEach((place, s) => {
      if (place !== null) at = this.segments[s]!.store.readInto(place, out, at, this.segments[s]!.docMap);
    });
    return at === total ? out : { docs: out.docs.subarray(0, at), counts: out.counts.subarray(0, at) };
  }
}

/**
 * Segments' postings of `key` as one list in the whole index's numbers: `docMaps[s][local]` is the number
 * of segment s's document, or -1 when it was deleted (left out). Maps ascend, so the result does too.
 */
export function renumbered(key: string, found: readonly Postings[], docMaps: readonly Int32Array[]): Postings {
  let total = 0;
  for (const postings of found) total += postings.docs.length;
  if (total === 0) return NO_POSTINGS;
  const docs = new Uint32Array(total);
  const counts = new Uint16Array(total);
  let n = 0;
  found.forEach((postings, s) => {
    const docMap = docMaps[s]!;
    for (let i = 0; i < postings.docs.length; i++) {
      const doc = docMap[postings.docs[i]!];
      if (doc === undefined) throw outOfRange(key);
      if (doc < 0) continue;
      docs[n] = doc;
      counts[n++] = postings.counts[i]!;
    }
  });
  return n === total ? { docs, counts } : { docs: docs.subarray(0, n), counts: counts.subarray(0, n) };
}

/** A posting past its segment's documents: the files disagree with each other (their checksums held). */
function outOfRange(key: string): ZhsearchError {
  return new ZhsearchError('INDEX_CORRUPT', `The index postings of ${JSON.stringify(key)} name a document its segment does not have.`);
}
