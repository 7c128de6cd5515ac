import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZhsearchError } from '../../src/errors.js';
import { NgramStore, type Postings } from '../../src/indexing/ngram-store.js';
import { NgramStoreBuilder } from '../../src/indexing/ngram-store-builder.js';
import { analyzer } from '../helpers/tiny-index.js';

type DocCounts = Array<Map<string, number>>;

function storeOf(docs: DocCounts): NgramStore {
  const builder = new NgramStoreBuilder();
  docs.forEach((counts, doc) => builder.add(doc, counts));
  return builder.build();
}

function plain(postings: Postings): { docs: number[]; counts: number[] } {
  return { docs: Array.from(postings.docs), counts: Array.from(postings.counts) };
}

/** What a store must answer for `docs`: per key, the documents holding it and their counts (saturated). */
function expectedOf(docs: DocCounts): Map<string, { docs: number[]; counts: number[] }> {
  const expected = new Map<string, { docs: number[]; counts: number[] }>();
  docs.forEach((counts, doc) => {
    for (const [key, n] of counts) {
      const entry = expected.get(key) ?? { docs: [], counts: [] };
      entry.docs.push(doc);
      entry.counts.push(Math.min(n, 65535));
      expected.set(key, entry);
    }
  });
  return expected;
}

function corruptCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof ZhsearchError ? error.code : `not a ZhsearchError: ${String(error)}`;
  }
  return 'loaded';
}

/** Opens, checks and reads every key of `bytes` as a service would over time. */
function readAll(bytes: Buffer, keys: readonly string[]): void {
  const store = NgramStore.deserialize(bytes, 'ngrams-text.bin');
  for (const key of keys) store.lookup(key);
}

/** One UTF-16 unit or code point, lone surrogates and line breaks included. */
const keyUnit = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('核', '酸', '检', '测', 'a', '1', '\ufffd', '\n', '\u0000', '\uffff'),
);
const anyKey = fc.string({ unit: keyUnit, minLength: 1, maxLength: 3 });
const count = fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 200_000 }));
const docCountsOf = (key: fc.Arbitrary<string>, maxDocs = 12): fc.Arbitrary<DocCounts> =>
  fc.array(fc.array(fc.tuple(key, count), { maxLength: 12 }).map((pairs) => new Map(pairs)), { maxLength: maxDocs });

const sampleBytes = storeOf([
  new Map([['核', 2], ['核酸', 1], ['酸', 1]]),
  new Map([['酸', 3], ['检测', 1]]),
  new Map([['核', 1], ['检测', 4]]),
  ...Array.from({ length: 40 }, (_, i) => new Map([[`k${i}`, 1 + (i % 6)], ['酸', 5]])),
]).serialize();
const sampleKeys = ['核', '核酸', '酸', '检测', ...Array.from({ length: 40 }, (_, i) => `k${i}`)];

describe('NgramStore', () => {
  it('keeps, for each key, the documents holding it in ascending order with their counts, before and after a save', () => {
    fc.assert(
      fc.property(docCountsOf(anyKey, 40), (docs) => {
        const store = storeOf(docs);
        const loaded = NgramStore.deserialize(Buffer.from(store.serialize()), 'ngrams-text.bin');
        const expected = expectedOf(docs);
        expect(loaded.keyCount).toBe(expected.size);
        for (const [key, postings] of expected) {
          expect(plain(store.lookup(key))).toEqual(postings);
          expect(plain(loaded.lookup(key))).toEqual(postings);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('finds every one of thousands of keys across its blocks, and none of the keys between them', () => {
    const docs: DocCounts = Array.from({ length: 300 }, (_, doc) => new Map(Array.from({ length: 40 }, (_, i) => [`k${(doc * 38 + i * 2) % 9000}`, 1 + (i % 7)])));
    const store = NgramStore.deserialize(storeOf(docs).serialize(), 'x');
    const expected = expectedOf(docs);
    expect(store.keyCount).toBe(expected.size);
    for (const [key, postings] of expected) expect(plain(store.lookup(key))).toEqual(postings);
    for (const absent of ['k1', 'k8999', 'k', 'k00', 'j', 'l', '']) expect(plain(store.lookup(absent))).toEqual({ docs: [], counts: [] });
  });

  it('holds a key in most documents as a bitmap and one in few as gaps, both exact', () => {
    const docs: DocCounts = Array.from({ length: 5000 }, (_, doc) =>
      new Map([['的', 1 + (doc % 9)], ...(doc % 1000 === 7 ? [['稀', 2] as [string, number]] : [])]),
    );
    const store = NgramStore.deserialize(storeOf(docs).serialize(), 'x');
    const common = plain(store.lookup('的'));
    expect(common.docs).toEqual(Array.from({ length: 5000 }, (_, doc) => doc));
    expect(common.counts).toEqual(Array.from({ length: 5000 }, (_, doc) => 1 + (doc % 9)));
    expect(plain(store.lookup('稀'))).toEqual({ docs: [7, 1007, 2007, 3007, 4007], counts: [2, 2, 2, 2, 2] });
    // 5,000 postings of one key as a 625-byte bitmap and their counts as two-bit codes (+ escapes), not a byte or more each
    expect(store.serialize().length).toBeLessThan(625 + 1250 + 5000 + 200);
  });

  it('counts the n-grams an analyzer hands it per document exactly as the counted n-grams of each text', () => {
    const a = analyzer();
    const texts = [
      '核酸检测，核酸检测结果。核',
      'covid-19 test 核酸 tests',
      '',
      '\u{20000}\u{20001}字 \ud800 孤 \u{20000}',
      '酸'.repeat(70_000) + '核酸'.repeat(3),
      '  \n ',
      '检测检测检测',
    ];
    // Document numbers with gaps, as segments after deletes are not: the sink must not assume 0, 1, 2…
    const numbers = texts.map((_, i) => 3 * i + 1);
    const fromSink = new NgramStoreBuilder();
    const fromCounts = new NgramStoreBuilder();
    texts.forEach((text, i) => {
      fromSink.startDocument(numbers[i]!);
      a.visitNgrams(text, fromSink);
      fromCounts.add(numbers[i]!, a.characterNgrams(text));
    });
    expect(fromSink.build().serialize().equals(fromCounts.build().serialize())).toBe(true);
    const store = fromSink.build();
    expect(plain(store.lookup('酸'))).toEqual({ docs: [1, 4, 13], counts: [2, 1, 65535] });
    expect(plain(store.lookup('核酸'))).toEqual({ docs: [1, 4, 13], counts: [2, 1, 3] });
    expect(plain(store.lookup('测检'))).toEqual({ docs: [19], counts: [2] });
  });

  it('answers a lookup of a key no document holds with empty postings', () => {
    const store = NgramStore.deserialize(sampleBytes, 'ngrams-text.bin');
    for (const absent of ['测', '核检', '', '__proto__', 'constructor', 'toString', '核酸检测', '\uffff\uffff']) {
      expect(plain(store.lookup(absent))).toEqual({ docs: [], counts: [] });
    }
    fc.assert(
      fc.property(docCountsOf(anyKey), anyKey, (docs, key) => {
        fc.pre(docs.every((counts) => !counts.has(key)));
        expect(plain(storeOf(docs).lookup(key))).toEqual({ docs: [], counts: [] });
      }),
    );
  });

  it('answers every lookup with empty postings when no document was added', () => {
    const loaded = NgramStore.deserialize(storeOf([]).serialize(), 'ngrams-title.bin');
    expect(loaded.keyCount).toBe(0);
    expect(plain(loaded.lookup('核'))).toEqual({ docs: [], counts: [] });
  });

  it('saturates counts at 65535', () => {
    const store = NgramStore.deserialize(storeOf([new Map([['核', 65534], ['酸', 65535], ['检', 65536], ['测', 1_000_000]]), new Map([['检', 70_000]])]).serialize(), 'x');
    expect(['核', '酸', '测'].map((key) => store.lookup(key).counts[0])).toEqual([65534, 65535, 65535]);
    expect(plain(store.lookup('检'))).toEqual({ docs: [0, 1], counts: [65535, 65535] });
  });

  it('keeps keys exactly as given: lone surrogates, line breaks and long keys', () => {
    const long = '核酸检测'.repeat(50);
    const store = NgramStore.deserialize(storeOf([new Map([['\ud800', 2], ['\udbff', 3], ['a\nb', 1], [long, 4]])]).serialize(), 'x');
    expect(store.keyCount).toBe(4);
    expect(plain(store.lookup('\ud800'))).toEqual({ docs: [0], counts: [2] });
    expect(plain(store.lookup('\udbff'))).toEqual({ docs: [0], counts: [3] });
    expect(plain(store.lookup('a\nb'))).toEqual({ docs: [0], counts: [1] });
    expect(plain(store.lookup(long))).toEqual({ docs: [0], counts: [4] });
    expect(plain(store.lookup('\ufffd'))).toEqual({ docs: [], counts: [] });
  });

  it('keeps document numbers up to 2³² − 1', () => {
    const builder = new NgramStoreBuilder();
    builder.add(7, new Map([['核', 1]]));
    builder.add(0xffffffff, new Map([['核', 2]]));
    expect(plain(NgramStore.deserialize(builder.build().serialize(), 'x').lookup('核'))).toEqual({
      docs: [7, 0xffffffff],
      counts: [1, 2],
    });
  });

  it('refuses documents out of order', () => {
    const builder = new NgramStoreBuilder();
    builder.add(3, new Map([['核', 1]]));
    expect(() => builder.add(3, new Map([['核', 1]]))).toThrow(/ascending/);
  });

  it('fails with INDEX_CORRUPT for every truncation of a saved store', () => {
    for (let length = 0; length < sampleBytes.length; length++) {
      expect(corruptCode(() => readAll(sampleBytes.subarray(0, length), sampleKeys)), `length ${length}`).toBe('INDEX_CORRUPT');
    }
  });

  it('fails with INDEX_CORRUPT for bytes that are not a saved store', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(corruptCode(() => readAll(Buffer.from(bytes), sampleKeys))).toBe('INDEX_CORRUPT');
      }),
    );
  });

  it.each([
    ['its magic number is garbled', (b: Buffer) => b.writeUInt32LE(0x12345678, 0)],
    ['its format number is the older varint one', (b: Buffer) => b.writeUInt32LE(2, 4)],
    ['its key count is one too many', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(8) + 1, 8)],
    ['its key count is one too few', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(8) - 1, 8)],
    ['its posting count is one too many', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(12) + 1, 12)],
    ['its posting count is one too few', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(12) - 1, 12)],
    ['its bitmap size is garbled', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(16) + 1, 16)],
    ['its postings start one byte early', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(28) - 1, 28)],
    ['its block table is out of order', (b: Buffer) => b.writeUInt32LE(0xffff, 36 + 4)],
    ['two blocks are swapped', (b: Buffer) => {
      const [first, second] = [b.readUInt32LE(36), b.readUInt32LE(40)];
      b.writeUInt32LE(second, 36);
      b.writeUInt32LE(first, 40);
    }],
    ['the last count runs past the end of the file', (b: Buffer) => b.writeUInt8(0x80, b.length - 1)],
  ])('fails with INDEX_CORRUPT when %s', (_name, garble) => {
    const bytes = Buffer.from(sampleBytes);
    garble(bytes);
    expect(corruptCode(() => readAll(bytes, sampleKeys))).toBe('INDEX_CORRUPT');
  });

  it('fails with INDEX_CORRUPT when bytes follow the postings', () => {
    const bytes = Buffer.concat([sampleBytes, Buffer.of(0)]);
    bytes.writeUInt32LE(bytes.length, 32);
    expect(corruptCode(() => readAll(bytes, sampleKeys))).toBe('INDEX_CORRUPT');
  });

  it('never throws anything but INDEX_CORRUPT whatever single byte is flipped, whether checked at open or as lookups read', () => {
    fc.assert(
      fc.property(fc.nat({ max: sampleBytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        const bytes = Buffer.from(sampleBytes);
        bytes[at] = bytes[at]! ^ mask;
        expect(['loaded', 'INDEX_CORRUPT']).toContain(corruptCode(() => readAll(bytes, sampleKeys)));
        const lazily = corruptCode(() => {
          const store = NgramStore.open(bytes, 'x');
          for (const key of sampleKeys) store.lookup(key);
        });
        expect(['loaded', 'INDEX_CORRUPT']).toContain(lazily);
      }),
      { numRuns: 1000 },
    );
  });
});
