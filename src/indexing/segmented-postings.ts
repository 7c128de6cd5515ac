/**
 * Postings over segments laid end to end: a lookup asks each segment's store and renumbers its
 * documents into the whole index's, leaving deleted ones out. Segments are never merged in memory, so
 * a load costs no pass over their postings; a lookup costs one per segment.
 */
import { ZhsearchError } from '../errors.js';
import { isIdentityMap } from './doc-map.js';
import { NO_POSTINGS, type NgramStore, type Postings, type PostingsSource } from './ngram-store.js';

export interface PostingsSegment {
  readonly store: NgramStore;
  /** `docMap[local]` is the document's number in the whole index, or -1 when it was deleted (ascending). */
  readonly docMap: Int32Array;
}

export class SegmentedPostings implements PostingsSource {
  /** True when the one segment keeps every document number: its postings are the answer as they are. */
  private readonly asIs: boolean;

  constructor(private readonly segments: readonly PostingsSegment[]) {
    this.asIs = segments.length === 1 && isIdentityMap(segments[0]!.docMap);
  }

  lookup(key: string): Postings {
    const found = this.segments.map((segment) => segment.store.lookup(key));
    if (this.asIs) {
      const postings = found[0]!;
      if (postings.docs.length > 0 && postings.docs[postings.docs.length - 1]! >= this.segments[0]!.docMap.length) throw outOfRange(key);
      return postings;
    }
    return renumbered(key, found, this.segments.map((segment) => segment.docMap));
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
