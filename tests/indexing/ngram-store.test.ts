import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ZhsearchError } from '../../src/errors.js';
import { createDocMap } from '../../src/indexing/doc-map.js';
import { NgramStore, NgramStoreBuilder, type Postings } from '../../src/indexing/ngram-store.js';

type DocCounts = Array<Map<string, number>>;

function storeOf(docs: DocCounts): NgramStore {
  const builder = new NgramStoreBuilder();
  docs.forEach((counts, doc) => builder.add(doc, counts));
  return NgramStore.fromBuilder(builder);
}

function plain(postings: Postings): { docs: number[]; counts: number[] } {
  return { docs: Array.from(postings.docs), counts: Array.from(postings.counts) };
}

function corruptCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return error instanceof ZhsearchError ? error.code : `not a ZhsearchError: ${String(error)}`;
  }
  return 'loaded';
}

/** One UTF-16 unit or code point, lone surrogates included; never a line break (keys are '\n'-joined). */
const keyUnit = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('核', '酸', '检', '测', 'a', '1', '\ufffd'),
);
const anyKey = fc.string({ unit: keyUnit, minLength: 1, maxLength: 2 }).filter((key) => !key.includes('\n'));
const wellFormedKey = fc
  .string({ unit: fc.oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.constantFrom('核', '酸', '检')), minLength: 1, maxLength: 2 })
  .filter((key) => !key.includes('\n'));
const count = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 200_000 }));
const docCountsOf = (key: fc.Arbitrary<string>): fc.Arbitrary<DocCounts> =>
  fc.array(fc.array(fc.tuple(key, count), { maxLength: 12 }).map((pairs) => new Map(pairs)), { maxLength: 12 });

const sampleBytes = storeOf([
  new Map([['核', 2], ['核酸', 1], ['酸', 1]]),
  new Map([['酸', 3], ['检测', 1]]),
  new Map([['核', 1], ['检测', 4]]),
]).serialize();

describe('NgramStore', () => {
  it('answers every lookup the same after a serialize/deserialize round trip, for any doc → n-gram counts', () => {
    fc.assert(
      fc.property(docCountsOf(anyKey), (docs) => {
        const store = storeOf(docs);
        const bytes = store.serialize();
        const loaded = NgramStore.deserialize(bytes, 'ngrams-text.bin');
        expect(loaded.keyCount).toBe(store.keyCount);
        for (const counts of docs) {
          for (const key of counts.keys()) expect(plain(loaded.lookup(key))).toEqual(plain(store.lookup(key)));
        }
        expect(loaded.lookup('\ufffd').docs.length).toBe(store.lookup('\ufffd').docs.length);
        expect(Buffer.compare(loaded.serialize(), bytes)).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps, for each n-gram, the documents holding it in ascending order with their counts', () => {
    fc.assert(
      fc.property(docCountsOf(wellFormedKey), (docs) => {
        const loaded = NgramStore.deserialize(storeOf(docs).serialize(), 'ngrams-text.bin');
        const expected = new Map<string, { docs: number[]; counts: number[] }>();
        docs.forEach((counts, doc) => {
          for (const [key, n] of counts) {
            const entry = expected.get(key) ?? { docs: [], counts: [] };
            entry.docs.push(doc);
            entry.counts.push(Math.min(n, 65535));
            expected.set(key, entry);
          }
        });
        expect(loaded.keyCount).toBe(expected.size);
        for (const [key, postings] of expected) expect(plain(loaded.lookup(key))).toEqual(postings);
      }),
      { numRuns: 300 },
    );
  });

  it('merges segments with deleted documents into the store a build of the live documents makes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(docCountsOf(wellFormedKey), fc.array(fc.nat())), { minLength: 1, maxLength: 8 }), async (segments) => {
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
        // As merged (what a load serves) and after a save of the merged store.
        const merged = await NgramStore.merge(parts);
        const saved = NgramStore.deserialize(merged.serialize(), 'ngrams-text.bin');
        const built = storeOf(live);
        for (const key of new Set(segments.flatMap(([docs]) => docs.flatMap((counts) => [...counts.keys()])))) {
          expect(plain(merged.lookup(key))).toEqual(plain(built.lookup(key)));
          expect(plain(saved.lookup(key))).toEqual(plain(built.lookup(key)));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('answers a lookup of an n-gram no document holds with empty postings', () => {
    const store = NgramStore.deserialize(sampleBytes, 'ngrams-text.bin');
    for (const absent of ['测', '核检', '', '__proto__', 'constructor', 'toString', '核酸检测']) {
      expect(plain(store.lookup(absent))).toEqual({ docs: [], counts: [] });
    }
    fc.assert(
      fc.property(docCountsOf(wellFormedKey), wellFormedKey, (docs, key) => {
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

  it('saturates counts at 65535, before and after a save', () => {
    const store = storeOf([new Map([['核', 65534], ['酸', 65535], ['检', 65536], ['测', 1_000_000]])]);
    const loaded = NgramStore.deserialize(store.serialize(), 'ngrams-text.bin');
    for (const s of [store, loaded]) {
      expect(['核', '酸', '检', '测'].map((key) => s.lookup(key).counts[0])).toEqual([65534, 65535, 65535, 65535]);
    }
  });

  it('counts two lone surrogates of one document, both saved as U+FFFD, under that one key', () => {
    const loaded = NgramStore.deserialize(storeOf([new Map([['\ud800', 2], ['\udbff', 3], ['甲', 1]])]).serialize(), 'x');
    expect(loaded.keyCount).toBe(2);
    expect(plain(loaded.lookup('\ufffd'))).toEqual({ docs: [0], counts: [5] });
  });

  it('loads in steps, pausing every few thousand keys, into the store deserialize reads', async () => {
    // 300 documents × 400 n-grams: more keys and postings than one step decodes.
    const docs: DocCounts = Array.from({ length: 300 }, (_, doc) => new Map(Array.from({ length: 400 }, (_, i) => [`k${(doc * 37 + i) % 9000}`, 1 + (i % 3)])));
    const bytes = storeOf(docs).serialize();
    let pauses = 0;
    const loaded = await NgramStore.load(bytes, 'x', async () => {
      pauses++;
    });
    const read = NgramStore.deserialize(bytes, 'x');
    expect(pauses).toBeGreaterThan(3);
    expect(loaded.keyCount).toBe(read.keyCount);
    for (const key of ['k0', 'k1234', 'k8999', 'absent']) expect(plain(loaded.lookup(key))).toEqual(plain(read.lookup(key)));
    expect(plain(loaded.lookup('k5')).docs.length).toBeGreaterThan(0);
    await expect(NgramStore.load(bytes.subarray(0, bytes.length - 1), 'x')).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
  });

  it('fails with INDEX_CORRUPT for every truncation of a saved store', () => {
    for (let length = 0; length < sampleBytes.length; length++) {
      expect(corruptCode(() => NgramStore.deserialize(sampleBytes.subarray(0, length), 'ngrams-text.bin')), `length ${length}`).toBe(
        'INDEX_CORRUPT',
      );
    }
  });

  it('fails with INDEX_CORRUPT for bytes that are not a saved store', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(corruptCode(() => NgramStore.deserialize(Buffer.from(bytes), 'ngrams-text.bin'))).toBe('INDEX_CORRUPT');
      }),
    );
  });

  it.each([
    ['its magic number is garbled', (b: Buffer) => b.writeUInt32LE(0x12345678, 0)],
    ['its format number is the older fixed-width one', (b: Buffer) => b.writeUInt32LE(1, 4)],
    ['its key length is garbled', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(8) + 4, 8)],
    ['its key count is garbled', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(12) - 1, 12)],
    ['its posting count is one too many', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(16) + 1, 16)],
    ['its posting count is one too few', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(16) - 1, 16)],
    ['its document section is one byte longer', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(20) + 1, 20)],
    ['its document section is one byte shorter', (b: Buffer) => b.writeUInt32LE(b.readUInt32LE(20) - 1, 20)],
    ['a key separator is garbled', (b: Buffer) => b.writeUInt8(0x41, b.indexOf(0x0a, 24))],
    ['two keys are made equal', (b: Buffer) => Buffer.from('核酸', 'utf8').copy(b, b.indexOf(Buffer.from('检测', 'utf8')))],
    ['a key lists more documents than there are postings', (b: Buffer) => b.writeUInt8(0x7f, postingsAt(b))],
    ['the last count runs past the end of the file', (b: Buffer) => b.writeUInt8(0x80, b.length - 1)],
  ])('fails with INDEX_CORRUPT when %s', (_name, garble) => {
    const bytes = Buffer.from(sampleBytes);
    garble(bytes);
    expect(corruptCode(() => NgramStore.deserialize(bytes, 'ngrams-text.bin'))).toBe('INDEX_CORRUPT');
  });

  it('fails with INDEX_CORRUPT when bytes follow the counts', () => {
    expect(corruptCode(() => NgramStore.deserialize(Buffer.concat([sampleBytes, Buffer.of(0)]), 'ngrams-text.bin'))).toBe('INDEX_CORRUPT');
  });

  it('keeps document numbers up to 2³² − 1, and refuses a varint of more than 32 bits as INDEX_CORRUPT', () => {
    const builder = new NgramStoreBuilder();
    builder.add(7, new Map([['核', 1]]));
    builder.add(0xffffffff, new Map([['核', 2]]));
    const bytes = NgramStore.fromBuilder(builder).serialize();
    expect(plain(NgramStore.deserialize(bytes, 'x').lookup('核'))).toEqual({ docs: [7, 0xffffffff], counts: [1, 2] });
    // The second gap, 2³² − 9, is the document section's last five bytes; its top byte holds bits 28–31.
    const last = postingsAt(bytes) + bytes.readUInt32LE(20) - 1;
    expect(bytes[last]).toBe(0x0f);
    bytes[last] = 0x1f;
    expect(corruptCode(() => NgramStore.deserialize(bytes, 'x'))).toBe('INDEX_CORRUPT');
  });

  it('refuses a count past 65535 as INDEX_CORRUPT', () => {
    const bytes = storeOf([new Map([['核', 65535]])]).serialize();
    // 65534 (the count less one) is the varint fe ff 03, the file's last bytes; fe → ff makes it 65535.
    expect([...bytes.subarray(-3)]).toEqual([0xfe, 0xff, 0x03]);
    bytes[bytes.length - 3] = 0xff;
    expect(corruptCode(() => NgramStore.deserialize(bytes, 'x'))).toBe('INDEX_CORRUPT');
  });

  it('never throws anything but INDEX_CORRUPT whatever single byte is flipped', () => {
    fc.assert(
      fc.property(fc.nat({ max: sampleBytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, mask) => {
        const bytes = Buffer.from(sampleBytes);
        bytes[at] = bytes[at]! ^ mask;
        expect(['loaded', 'INDEX_CORRUPT']).toContain(corruptCode(() => NgramStore.deserialize(bytes, 'ngrams-text.bin')));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses an n-gram holding a line break instead of writing a file that loads wrong', () => {
    expect(() => storeOf([new Map([['a\nb', 1]])])).toThrow(/line break/);
  });
});

/** Where the postings start: after the 24-byte header and the keys. */
function postingsAt(bytes: Buffer): number {
  return 24 + bytes.readUInt32LE(8);
}
