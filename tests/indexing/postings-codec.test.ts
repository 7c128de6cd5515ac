import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZhsearchError } from '../../src/errors.js';
import { BitSink, readPostings, writePostings } from '../../src/indexing/postings-codec.js';

const corrupt = (why: string): ZhsearchError => new ZhsearchError('INDEX_CORRUPT', why);

/** Ascending distinct documents below `universe`, with counts (some past 65535). */
const listIn = (universe: number): fc.Arbitrary<{ docs: number[]; counts: number[] }> =>
  fc
    .uniqueArray(fc.integer({ min: 0, max: universe - 1 }), { minLength: 1, maxLength: Math.min(universe, 300) })
    .chain((docs) =>
      fc.array(fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 70_000 })), { minLength: docs.length, maxLength: docs.length }).map((counts) => ({
        docs: [...docs].sort((a, b) => a - b),
        counts,
      })),
    );

describe('postings codec', () => {
  it('reads back every list it wrote, as gaps or as a bitmap, counts saturated at 65535, several lists in one buffer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }).chain((bitmapBytes) => fc.tuple(fc.constant(bitmapBytes), fc.array(listIn(bitmapBytes * 8), { minLength: 1, maxLength: 4 }))),
        ([bitmapBytes, lists]) => {
          const sink = new BitSink();
          const spans = lists.map(({ docs, counts }) => {
            const from = sink.align();
            return [from, from + writePostings(sink, docs, counts, bitmapBytes)] as const;
          });
          const bytes = sink.result();
          lists.forEach(({ docs, counts }, i) => {
            const [from, to] = spans[i]!;
            const read = readPostings(bytes, from, to, docs.length, bitmapBytes, corrupt);
            expect(Array.from(read.docs)).toEqual(docs);
            expect(Array.from(read.counts)).toEqual(counts.map((count) => Math.min(count, 65535)));
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('codes a document below 2³² after a gap past every Rice quotient', () => {
    const sink = new BitSink();
    const size = writePostings(sink, [3, 0xfffffffe, 0xffffffff], [1, 9, 65535], 2 ** 29);
    const read = readPostings(sink.result(), 0, size, 3, 2 ** 29, corrupt);
    expect(Array.from(read.docs)).toEqual([3, 0xfffffffe, 0xffffffff]);
    expect(Array.from(read.counts)).toEqual([1, 9, 65535]);
  });

  it('spends about a bit and a half per posting on a list in half the documents, and a bit on a count of 1', () => {
    const docs = Array.from({ length: 2500 }, (_, i) => 2 * i);
    const sink = new BitSink();
    // As a bitmap (2500 ≥ 625): 625 bytes, then 2500 one-bit counts.
    expect(writePostings(sink, docs, docs.map(() => 1), 625)).toBe(625 + 313);
  });

  it('is INDEX_CORRUPT when read with another size or count, or as a bitmap it is not', () => {
    const sink = new BitSink();
    const docs = [1, 5, 9, 40];
    const size = writePostings(sink, docs, [1, 2, 3, 300], 10);
    const bytes = sink.result();
    for (const [to, n, bitmapBytes] of [[size - 1, 4, 10], [size + 1, 4, 10], [size, 3, 10], [size, 5, 10], [size, 4, 4]] as const) {
      expect(() => readPostings(Buffer.concat([bytes, Buffer.alloc(4)]), 0, to, n, bitmapBytes, corrupt)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    }
  });
});
