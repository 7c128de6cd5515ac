import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDocMap } from '../../src/indexing/doc-map.js';
import { NgramStore, type Postings } from '../../src/indexing/ngram-store.js';
import { NgramStoreBuilder } from '../../src/indexing/ngram-store-builder.js';
import { SegmentedPostings } from '../../src/indexing/segmented-postings.js';

type DocCounts = Array<Map<string, number>>;

function storeOf(docs: DocCounts): NgramStore {
  const builder = new NgramStoreBuilder();
  docs.forEach((counts, doc) => builder.add(doc, counts));
  return NgramStore.deserialize(builder.build().serialize(), 'x');
}

function plain(postings: Postings): { docs: number[]; counts: number[] } {
  return { docs: Array.from(postings.docs), counts: Array.from(postings.counts) };
}

const key = fc.constantFrom('核', '酸', '检', '测', '核酸', '检测', 'a');
const docCounts: fc.Arbitrary<DocCounts> = fc.array(
  fc.array(fc.tuple(key, fc.integer({ min: 1, max: 9 })), { maxLength: 5 }).map((pairs) => new Map(pairs)),
  { maxLength: 30 },
);

describe('SegmentedPostings', () => {
  it('answers over segments with deleted documents as one store built of the live documents does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(docCounts, fc.array(fc.nat())), { minLength: 1, maxLength: 8 }), (segments) => {
        let first = 0;
        const live: DocCounts = [];
        const parts = segments.map(([docs, picks]) => {
          const deleted = new Set(picks.filter((pick) => pick < docs.length));
          const docMap = createDocMap(docs.length, deleted, first);
          first += docs.length - deleted.size;
          docs.forEach((counts, local) => {
            if (!deleted.has(local)) live.push(counts);
          });
          return { store: storeOf(docs), docMap };
        });
        const segmented = new SegmentedPostings(parts);
        const built = storeOf(live);
        for (const k of ['核', '酸', '检', '测', '核酸', '检测', 'a', '无']) expect(plain(segmented.lookup(k))).toEqual(plain(built.lookup(k)));
      }),
      { numRuns: 300 },
    );
  });

  it('answers the same from its cache of decoded lists, whatever it evicted to stay in its budget', () => {
    fc.assert(
      fc.property(fc.array(docCounts, { minLength: 2, maxLength: 3 }), fc.array(key, { minLength: 1, maxLength: 40 }), (segments, asked) => {
        let first = 0;
        const parts = segments.map((docs) => {
          const docMap = createDocMap(docs.length, new Set([0]), first);
          first += docs.length - (docs.length > 0 ? 1 : 0);
          return { store: storeOf(docs), docMap };
        });
        const cached = new SegmentedPostings(parts, { maxPostings: 12, minLength: 1 });
        for (const k of asked) expect(plain(cached.lookup(k))).toEqual(plain(new SegmentedPostings(parts).lookup(k)));
      }),
      { numRuns: 200 },
    );
  });

  it('fails with INDEX_CORRUPT when a store names a document its segment does not have', () => {
    const store = storeOf([new Map([['核', 1]]), new Map([['核', 2]])]);
    const lone = new SegmentedPostings([{ store, docMap: createDocMap(1, new Set(), 0) }]);
    const laidOut = new SegmentedPostings([
      { store, docMap: createDocMap(1, new Set(), 0) },
      { store, docMap: createDocMap(2, new Set(), 1) },
    ]);
    for (const source of [lone, laidOut]) expect(() => source.lookup('核')).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });
});
