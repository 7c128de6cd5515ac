import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intersectDocs, unionDocs } from '../../src/indexing/sorted-docs.js';

// Wide gaps as well as dense runs, so that the galloping search takes long strides too.
const sortedDocs = fc
  .uniqueArray(fc.oneof(fc.nat({ max: 60 }), fc.nat({ max: 100_000 })), { maxLength: 200 })
  .map((a) => Uint32Array.from(a.sort((x, y) => x - y)));

describe('sorted document lists', () => {
  it('unite and intersect like plain sets', () => {
    fc.assert(
      fc.property(fc.array(sortedDocs, { minLength: 1, maxLength: 4 }), (lists) => {
        const [a, b] = [lists[0]!, lists[1] ?? new Uint32Array(0)];
        expect(Array.from(unionDocs(a, b))).toEqual([...new Set([...a, ...b])].sort((x, y) => x - y));
        const sets = lists.map((list) => new Set(list));
        expect(intersectDocs(lists)).toEqual(Array.from(lists[0]!).filter((doc) => sets.every((set) => set.has(doc))));
      }),
    );
  });

  it('give a new array from a union, never one of the inputs, and nothing from no lists', () => {
    const a = Uint32Array.of(1, 5);
    const united = unionDocs(a, new Uint32Array(0));
    expect(Array.from(united)).toEqual([1, 5]);
    united[0] = 9;
    expect(a[0]).toBe(1);
    expect(intersectDocs([])).toEqual([]);
  });
});
