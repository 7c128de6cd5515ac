import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intersectScored, subtractDocs } from '../../src/search/doc-set.js';
import { selectTop } from '../../src/search/top-k.js';

const sortedDocs = fc.uniqueArray(fc.nat({ max: 200 })).map((a) => Uint32Array.from(a.sort((x, y) => x - y)));
const scored = sortedDocs.map((docs) => ({ docs, scores: Float64Array.from(docs, (d) => d / 7) }));

describe('document set operations', () => {
  it('intersects and subtracts like plain sets', () => {
    fc.assert(
      fc.property(scored, scored, (a, b) => {
        const setB = new Set(b.docs);
        const both = intersectScored(a, b);
        expect(Array.from(both.docs)).toEqual(Array.from(a.docs).filter((d) => setB.has(d)));
        expect(Array.from(both.scores)).toEqual(Array.from(both.docs, (d) => d / 7 + d / 7));
        expect(Array.from(subtractDocs(a, b.docs).docs)).toEqual(Array.from(a.docs).filter((d) => !setB.has(d)));
      }),
    );
  });
});

describe('selectTop', () => {
  it('returns the same first k as a full sort', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), fc.integer({ min: 0, max: 40 }), (values, k) => {
        const before = (a: number, b: number): boolean => values[a]! > values[b]! || (values[a] === values[b] && a < b);
        const expected = values.map((_, i) => i).sort((a, b) => (before(a, b) ? -1 : 1)).slice(0, k);
        expect(selectTop(values.length, k, before)).toEqual(expected);
      }),
    );
  });
});
