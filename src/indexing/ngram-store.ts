/**
 * The character n-gram postings: for each unigram and bigram of a field's normalized text,
 * the documents holding it and how often. Kept out of MiniSearch on purpose (every bigram
 * in MiniSearch's JSON grows to ~3.6× the text); stored as typed arrays in one binary file.
 * It does not verify matches longer than two characters: the searcher does, on the text.
 */
import { ZhsearchError } from '../errors.js';
import { isIdentityMap } from './doc-map.js';

/** Document numbers and term frequencies of one n-gram, ascending by document. */
export interface Postings {
  readonly docs: Uint32Array;
  readonly counts: Uint16Array;
}

const EMPTY: Postings = { docs: new Uint32Array(0), counts: new Uint16Array(0) };
const MAGIC = 0x474e485a; // 'ZHNG' little-endian
const FORMAT = 1;
const HEADER_BYTES = 20;
const MAX_COUNT = 0xffff;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export class NgramStore {
  private readonly slots: Map<string, number>;

  private constructor(
    keys: readonly string[],
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
    private readonly counts: Uint16Array,
  ) {
    this.slots = new Map(keys.map((key, slot) => [key, slot]));
  }

  get keyCount(): number {
    return this.slots.size;
  }

  /** Postings of `ngram`, empty when no document holds it. */
  lookup(ngram: string): Postings {
    const slot = this.slots.get(ngram);
    if (slot === undefined) return EMPTY;
    const from = this.offsets[slot]!;
    const to = this.offsets[slot + 1]!;
    return { docs: this.docs.subarray(from, to), counts: this.counts.subarray(from, to) };
  }

  /**
   * One store over several segments' stores: `docMap[local]` is the document's number in the
   * result, or -1 for a deleted document. Maps must keep ascending order (segments are laid end
   * to end), so the merged postings stay sorted without a sort.
   */
  static merge(parts: ReadonlyArray<{ store: NgramStore; docMap: Int32Array }>): NgramStore {
    if (parts.length === 1 && isIdentityMap(parts[0]!.docMap)) return parts[0]!.store;
    const keys = [...new Set(parts.flatMap((part) => [...part.store.slots.keys()]))].sort();
    const offsets = new Uint32Array(keys.length + 1);
    let total = 0;
    for (const part of parts) total += part.store.docs.length;
    const docs = new Uint32Array(total);
    const counts = new Uint16Array(total);
    let at = 0;
    keys.forEach((key, slot) => {
      offsets[slot] = at;
      for (const { store, docMap } of parts) {
        const postings = store.lookup(key);
        for (let i = 0; i < postings.docs.length; i++) {
          const doc = docMap[postings.docs[i]!]!;
          if (doc < 0) continue;
          docs[at] = doc;
          counts[at++] = postings.counts[i]!;
        }
      }
    });
    offsets[keys.length] = at;
    // Keys whose every posting was deleted stay with empty postings: lookups treat them as absent.
    return new NgramStore(keys, offsets, docs.slice(0, at), counts.slice(0, at));
  }

  /** Builds from per-document counts given in ascending document order. */
  static fromBuilder(builder: NgramStoreBuilder): NgramStore {
    const keys = [...builder.entries.keys()].sort();
    const offsets = new Uint32Array(keys.length + 1);
    let total = 0;
    keys.forEach((key, slot) => {
      offsets[slot] = total;
      total += builder.entries.get(key)!.docs.length;
    });
    offsets[keys.length] = total;
    const docs = new Uint32Array(total);
    const counts = new Uint16Array(total);
    keys.forEach((key, slot) => {
      const entry = builder.entries.get(key)!;
      docs.set(entry.docs, offsets[slot]);
      counts.set(entry.counts, offsets[slot]);
    });
    return new NgramStore(keys, offsets, docs, counts);
  }

  /** Binary form: header, '\n'-joined keys (n-grams never hold whitespace), then the arrays. */
  serialize(): Buffer {
    const keys = [...this.slots.keys()];
    if (keys.some((key) => key.includes('\n'))) throw new Error('n-gram keys must not hold a line break');
    const keyBytes = Buffer.from(keys.join('\n'), 'utf8');
    const keyPadded = align4(keyBytes.length);
    const size =
      HEADER_BYTES + keyPadded + this.offsets.byteLength + this.docs.byteLength + align4(this.counts.byteLength);
    const out = Buffer.alloc(size);
    out.writeUInt32LE(MAGIC, 0);
    out.writeUInt32LE(FORMAT, 4);
    out.writeUInt32LE(keyBytes.length, 8);
    out.writeUInt32LE(keys.length, 12);
    out.writeUInt32LE(this.docs.length, 16);
    keyBytes.copy(out, HEADER_BYTES);
    let at = HEADER_BYTES + keyPadded;
    for (const array of [this.offsets, this.docs, this.counts]) {
      Buffer.from(array.buffer, array.byteOffset, array.byteLength).copy(out, at);
      at += align4(array.byteLength);
    }
    return out;
  }

  /** Reads what serialize() wrote; anything else is INDEX_CORRUPT. */
  static deserialize(bytes: Buffer, fileName: string): NgramStore {
    const corrupt = (why: string): ZhsearchError =>
      new ZhsearchError('INDEX_CORRUPT', `Index file ${fileName} is corrupt: ${why}.`);
    if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC) throw corrupt('bad header');
    if (bytes.readUInt32LE(4) !== FORMAT) throw corrupt('unknown n-gram format');
    const keyLength = bytes.readUInt32LE(8);
    const keyCount = bytes.readUInt32LE(12);
    const postingCount = bytes.readUInt32LE(16);
    const expected =
      HEADER_BYTES + align4(keyLength) + (keyCount + 1) * 4 + postingCount * 4 + align4(postingCount * 2);
    if (bytes.length !== expected) throw corrupt(`size ${bytes.length}, expected ${expected}`);
    const keyText = bytes.toString('utf8', HEADER_BYTES, HEADER_BYTES + keyLength);
    const keys = keyCount === 0 ? [] : keyText.split('\n');
    if (keys.length !== keyCount) throw corrupt('key count mismatch');
    // Copy into fresh, aligned buffers: the file buffer's offset may not be 4-aligned.
    let at = HEADER_BYTES + align4(keyLength);
    const offsets = new Uint32Array(keyCount + 1);
    copyInto(offsets, bytes, at);
    at += offsets.byteLength;
    const docs = new Uint32Array(postingCount);
    copyInto(docs, bytes, at);
    at += docs.byteLength;
    const counts = new Uint16Array(postingCount);
    copyInto(counts, bytes, at);
    if (offsets[keyCount] !== postingCount) throw corrupt('postings length mismatch');
    // The searcher seeks in postings by binary search: a garbled table must not load as a wrong one.
    if (offsets[0] !== 0) throw corrupt('offsets do not start at 0');
    for (let slot = 0; slot < keyCount; slot++) {
      const from = offsets[slot]!;
      const to = offsets[slot + 1]!;
      if (from > to || to > postingCount) throw corrupt('offsets out of order');
      for (let i = from + 1; i < to; i++) if (docs[i - 1]! >= docs[i]!) throw corrupt('postings out of order');
    }
    const store = new NgramStore(keys, offsets, docs, counts);
    if (store.keyCount !== keyCount) throw corrupt('duplicate keys');
    return store;
  }
}

/** Collects postings while documents are added in ascending document number. */
export class NgramStoreBuilder {
  readonly entries = new Map<string, { docs: number[]; counts: number[] }>();
  private lastDoc = -1;

  add(docNumber: number, ngramCounts: ReadonlyMap<string, number>): void {
    if (docNumber <= this.lastDoc) throw new Error('n-gram postings must be added in ascending document order');
    this.lastDoc = docNumber;
    // Keys are saved as UTF-8, which turns a lone surrogate into U+FFFD: fold them now, so the
    // store answers the same before and after a save (and two such keys do not collide on load).
    // Once a key of this document was folded, later keys may land on an entry it already holds.
    let folded = false;
    for (const [ngram, count] of ngramCounts) {
      const key = hasLoneSurrogate(ngram) ? ngram.replace(LONE_SURROGATES, '\ufffd') : ngram;
      if (key !== ngram) folded = true;
      let entry = this.entries.get(key);
      if (entry === undefined) {
        entry = { docs: [], counts: [] };
        this.entries.set(key, entry);
      }
      const last = entry.docs.length - 1;
      if (folded && entry.docs[last] === docNumber) {
        entry.counts[last] = Math.min(entry.counts[last]! + count, MAX_COUNT);
      } else {
        entry.docs.push(docNumber);
        entry.counts.push(Math.min(count, MAX_COUNT));
      }
    }
  }
}

/** A plain loop, not a regex: this runs for every n-gram of every document. */
function hasLoneSurrogate(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return true;
    i++;
  }
  return false;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

function copyInto(target: Uint32Array | Uint16Array, source: Buffer, at: number): void {
  new Uint8Array(target.buffer).set(source.subarray(at, at + target.byteLength));
}
