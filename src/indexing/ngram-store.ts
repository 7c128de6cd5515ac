/**
 * Postings keyed by short strings: for each character n-gram of a field (or each analyzer term, for the
 * word postings), the documents holding it, ascending, and how often. A store is one immutable byte
 * buffer, the file as saved, read in place: opening it checks the header and the block table only, and a
 * lookup decodes one block of keys and one key's postings (postings-codec.ts). Nothing is decoded ahead,
 * so a segment costs its bytes in memory and its read at load, never a pass over its postings.
 * It does not verify matches longer than two characters: the searcher does, on the text.
 */
import { ZhsearchError } from '../errors.js';
import { readPostingsInto, type Postings } from './postings-codec.js';
import { VarintReader } from './varint.js';

export type { Postings } from './postings-codec.js';

/** Anything that answers postings by key: one store, or several segments' stores laid end to end. */
export interface PostingsSource {
  lookup(key: string): Postings;
}

export const NO_POSTINGS: Postings = { docs: new Uint32Array(0), counts: new Uint16Array(0) };

/** Where a key's postings are in a store: how many, and their bytes from the postings section. */
export interface PostingsPlace {
  n: number;
  offset: number;
  size: number;
}

// The file's layout, shared with its writer (ngram-store-builder.ts).
export const MAGIC = 0x474e485a; // 'ZHNG' little-endian
export const FORMAT = 3;
/** magic, format, keyCount, postingCount, bitmapBytes, blockCount, keysAt, postingsAt, end: nine u32. */
export const HEADER_BYTES = 36;
/** Keys per block: a lookup binary-searches the blocks' first keys, then reads at most this many. */
export const BLOCK_KEYS = 32;
/** A key's header packs the units it shares with the key before (× 16) and its suffix length, up to 15 (more follows). */
export const SUFFIX_UNITS_INLINE = 15;

/*
 * File (format 3), integers little-endian:
 *   header      nine u32: MAGIC, FORMAT, keyCount, postingCount, bitmapBytes, blockCount, keysAt, postingsAt, end
 *   block table blockCount u32: where each block of keys starts, from keysAt
 *   keys        blocks of BLOCK_KEYS keys, ascending in UTF-16 order, as varints (unsigned LEB128, at most
 *               32 bits). A block's first key is whole: its unit count, then its UTF-16 units (lone
 *               surrogates kept). The others share a prefix with the key before: shared × 16 + suffix
 *               length (15 or more: 15, and the rest in a second varint), the first suffix unit as its
 *               distance above the previous key's unit there less one (or as it is, when the previous key
 *               ended there), then the other suffix units. Then each key's posting count n and the byte
 *               size of its postings, and for a block's first key also where they start (from postingsAt);
 *               the others' follow on.
 *   postings    per key, from a byte boundary, as postings-codec.ts writes them with this bitmapBytes
 *               (⌈(highest document + 1) / 8⌉).
 */

export class NgramStore {
  private readonly keyCountValue: number;
  private readonly postingCountValue: number;
  private readonly bitmapBytes: number;
  private readonly blockCount: number;
  private readonly keysAt: number;
  private readonly postingsAt: number;
  private readonly end: number;
  /** The key being decoded, unit by unit (grown for long keys). */
  private scratch = new Uint16Array(64);
  private readonly corruptOf = (why: string): ZhsearchError => this.corrupt(why);
  /** The one reader of the key section: every read of keys is synchronous and done before the next starts. */
  private readonly keyReader: VarintReader;

  private constructor(
    private readonly bytes: Buffer,
    private readonly fileName: string,
  ) {
    if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC) throw this.corrupt('bad header');
    if (bytes.readUInt32LE(4) !== FORMAT) throw this.corrupt('unknown n-gram format');
    this.keyCountValue = bytes.readUInt32LE(8);
    this.postingCountValue = bytes.readUInt32LE(12);
    this.bitmapBytes = bytes.readUInt32LE(16);
    this.blockCount = bytes.readUInt32LE(20);
    this.keysAt = bytes.readUInt32LE(24);
    this.postingsAt = bytes.readUInt32LE(28);
    this.end = bytes.readUInt32LE(32);
    if (this.end !== bytes.length) throw this.corrupt('its length is not the one its header gives');
    if (this.blockCount !== Math.ceil(this.keyCountValue / BLOCK_KEYS)) throw this.corrupt('block count mismatch');
    if (this.keysAt !== HEADER_BYTES + 4 * this.blockCount || this.postingsAt < this.keysAt || this.postingsAt > this.end) {
      throw this.corrupt('section offsets do not fit the file');
    }
    this.keyReader = new VarintReader(bytes, 0, this.postingsAt, this.corruptOf);
    // A posting takes at least a bit (a count code), a bitmap aside: a bound on nonsense counts.
    if (this.postingCountValue > 8 * (this.end - this.postingsAt) + 8 * this.bitmapBytes) throw this.corrupt('posting count does not fit the file');
    // The block table: strictly ascending starts inside the key section, and first keys strictly
    // ascending, so that the binary search of a lookup is sound.
    let previous = -1;
    for (let block = 0; block < this.blockCount; block++) {
      const start = this.blockStart(block);
      if (start <= previous || (block === 0 && start !== 0) || this.keysAt + start >= this.postingsAt) {
        throw this.corrupt('block table out of order');
      }
      previous = start;
      if (block > 0 && this.compareFirstKeys(block - 1, block) >= 0) throw this.corrupt('keys out of order or duplicated');
    }
  }

  /**
   * Opens a saved store, checking its header and block table (a few milliseconds per million keys);
   * postings are checked as lookups decode them.
   * @throws ZhsearchError INDEX_CORRUPT when `bytes` are not a store.
   */
  static open(bytes: Buffer, fileName: string): NgramStore {
    return new NgramStore(bytes, fileName);
  }

  /** `open`, then every key and posting decoded and checked: for tests and tools, never on a hot path. */
  static deserialize(bytes: Buffer, fileName: string): NgramStore {
    const store = new NgramStore(bytes, fileName);
    store.verify();
    return store;
  }

  get keyCount(): number {
    return this.keyCountValue;
  }

  get postingCount(): number {
    return this.postingCountValue;
  }

  /** The bytes a segment file stores. */
  serialize(): Buffer {
    return this.bytes;
  }

  /** Postings of `key`, empty when no document holds it. */
  lookup(key: string): Postings {
    const place = this.locate(key);
    if (place === null) return NO_POSTINGS;
    const out = { docs: new Uint32Array(place.n), counts: new Uint16Array(place.n) };
    this.readInto(place, out, 0, null);
    return out;
  }

  /**
   * Decodes the postings `locate` found into `out` from index `at`, renumbered through `docMap` when
   * given (readPostingsInto); returns the index after the last one written.
   */
  readInto(place: PostingsPlace, out: Postings, at: number, docMap: Int32Array | null): number {
    const from = this.postingsAt + place.offset;
    const to = from + place.size;
    if (place.n === 0 || to > this.end || place.n > this.postingCountValue) throw this.corrupt('postings run past the file');
    return readPostingsInto(this.bytes, from, to, place.n, this.bitmapBytes, this.corruptOf, out, at, docMap);
  }

  /** Where the postings of `key` are and how many, or null when no document holds it. */
  locate(key: string): PostingsPlace | null {
    let low = 0;
    let high = this.blockCount - 1;
    let block = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (this.compareFirstKey(mid, key) <= 0) {
        block = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (block < 0) return null;
    const reader = this.blockReader(block);
    const keysInBlock = Math.min(BLOCK_KEYS, this.keyCountValue - block * BLOCK_KEYS);
    let keyLength = 0;
    let offset = 0;
    let size = 0;
    for (let k = 0; k < keysInBlock; k++) {
      keyLength = this.readKey(reader, k === 0, keyLength);
      const n = reader.next();
      const previousEnd = offset + size;
      size = reader.next();
      offset = k === 0 ? reader.next() : previousEnd;
      const order = this.compareScratch(keyLength, key);
      if (order === 0) return { n, offset, size };
      if (order > 0) return null;
    }
    return null;
  }

  /**
   * Decodes every key and posting and checks them: keys strictly ascending, postings contiguous and of
   * their stated sizes, documents ascending, counts in range, the totals of the header.
   * @throws ZhsearchError INDEX_CORRUPT on the first problem.
   */
  verify(): void {
    let postings = 0;
    let expectedOffset = 0;
    let previousKey: string | null = null;
    for (let block = 0; block < this.blockCount; block++) {
      const reader = this.blockReader(block);
      const keysInBlock = Math.min(BLOCK_KEYS, this.keyCountValue - block * BLOCK_KEYS);
      let keyLength = 0;
      for (let k = 0; k < keysInBlock; k++) {
        keyLength = this.readKey(reader, k === 0, keyLength);
        const key = String.fromCharCode(...this.scratch.subarray(0, keyLength));
        if (previousKey !== null && !(previousKey < key)) throw this.corrupt('keys out of order or duplicated');
        previousKey = key;
        const n = reader.next();
        const size = reader.next();
        const offset = k === 0 ? reader.next() : expectedOffset;
        if (offset !== expectedOffset) throw this.corrupt('postings are not contiguous');
        this.readInto({ n, offset, size }, { docs: new Uint32Array(n), counts: new Uint16Array(n) }, 0, null);
        expectedOffset = offset + size;
        postings += n;
      }
      const nextBlock = block + 1 < this.blockCount ? this.keysAt + this.blockStart(block + 1) : this.postingsAt;
      if (reader.at !== nextBlock) throw this.corrupt('a block of keys has stray bytes');
    }
    if (postings !== this.postingCountValue) throw this.corrupt('posting count mismatch');
    if (this.postingsAt + expectedOffset !== this.end) throw this.corrupt('bytes after the postings');
  }

  private blockStart(block: number): number {
    return this.bytes.readUInt32LE(HEADER_BYTES + 4 * block);
  }

  /** The key reader, placed at the start of `block`. */
  private blockReader(block: number): VarintReader {
    this.keyReader.at = this.keysAt + this.blockStart(block);
    return this.keyReader;
  }

  /** Reads a key into the scratch buffer, which holds the key before it; returns its length. */
  private readKey(reader: VarintReader, whole: boolean, previousLength: number): number {
    let shared = 0;
    let suffix: number;
    if (whole) suffix = reader.next();
    else {
      const packed = reader.next();
      shared = Math.floor(packed / 16);
      suffix = packed % 16;
      if (suffix === SUFFIX_UNITS_INLINE) suffix += reader.next();
      if (shared > previousLength || suffix === 0) throw this.corrupt('a key is garbled');
    }
    const length = shared + suffix;
    if (length === 0) throw this.corrupt('an empty key');
    if (length > this.scratch.length) {
      if (length > this.end) throw this.corrupt('a key is longer than the file');
      const grown = new Uint16Array(2 * length);
      grown.set(this.scratch);
      this.scratch = grown;
    }
    for (let i = shared; i < length; i++) {
      let unit = reader.next();
      if (i === shared && !whole && shared < previousLength) unit += this.scratch[i]! + 1;
      if (unit > 0xffff) throw this.corrupt('a key unit is garbled');
      this.scratch[i] = unit;
    }
    return length;
  }

  /** Negative, zero or positive as the scratch key sorts before, equal to or after `key` (UTF-16 order, as sort() does). */
  private compareScratch(length: number, key: string): number {
    const shared = Math.min(length, key.length);
    for (let i = 0; i < shared; i++) {
      const difference = this.scratch[i]! - key.charCodeAt(i);
      if (difference !== 0) return difference;
    }
    return length - key.length;
  }

  /** compareScratch for the first key of `block`, read in place. */
  private compareFirstKey(block: number, key: string): number {
    const reader = this.blockReader(block);
    const length = reader.next();
    const shared = Math.min(length, key.length);
    for (let i = 0; i < shared; i++) {
      const difference = reader.next() - key.charCodeAt(i);
      if (difference !== 0) return difference;
    }
    return length - key.length;
  }

  private compareFirstKeys(a: number, b: number): number {
    const reader = this.blockReader(b);
    const length = reader.next();
    if (length > this.end) throw this.corrupt('a key is longer than the file');
    let key = '';
    for (let i = 0; i < length; i++) key += String.fromCharCode(reader.next() & 0xffff);
    return this.compareFirstKey(a, key);
  }

  private corrupt(why: string): ZhsearchError {
    return new ZhsearchError('INDEX_CORRUPT', `Index file ${this.fileName} is corrupt: ${why}.`);
  }
}
