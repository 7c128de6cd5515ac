/**
 * Postings keyed by short strings: for each character n-gram of a field (or each analyzer term, for the
 * word postings), the documents holding it, ascending, and how often. A store is one immutable byte
 * buffer, the file as saved, read in place: opening it checks the header and the block table only, and a
 * lookup decodes one block of keys and one key's postings (postings-codec.ts). Nothing is decoded ahead,
 * so a segment costs its bytes in memory and its read at load, never a pass over its postings.
 * It does not verify matches longer than two characters: the searcher does, on the text.
 */
import { ZhsearchError } from '../errors.js';
import type { NgramSink } from '../analysis/analyzer.js';
import { BitSink, MAX_COUNT, MAX_DOC, readPostingsInto, writePostings, type Postings } from './postings-codec.js';
import { VarintReader, VarintWriter } from './varint.js';

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

const MAGIC = 0x474e485a; // 'ZHNG' little-endian
const FORMAT = 3;
/** magic, format, keyCount, postingCount, bitmapBytes, blockCount, keysAt, postingsAt, end: nine u32. */
const HEADER_BYTES = 36;
/** Keys per block: a lookup binary-searches the blocks' first keys, then reads at most this many. */
const BLOCK_KEYS = 32;
/** A key's header packs the units it shares with the key before (× 16) and its suffix length, up to 15 (more follows). */
const SUFFIX_UNITS_INLINE = 15;

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

  /** The store of what `builder` collected. */
  static fromBuilder(builder: NgramStoreBuilder): NgramStore {
    return new NgramStore(writeStore(builder), 'a new store');
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

function writeStore(builder: NgramStoreBuilder): Buffer {
  const { keys, offsets, docs, counts } = builder.grouped();
  const maxDoc = builder.maxDoc;
  const bitmapBytes = maxDoc < 0 ? 0 : Math.ceil((maxDoc + 1) / 8);
  const blockCount = Math.ceil(keys.length / BLOCK_KEYS);
  const keyWriter = new VarintWriter();
  const postings = new BitSink();
  const blockStarts: number[] = [];
  let previous = '';
  keys.forEach((key, slot) => {
    const whole = slot % BLOCK_KEYS === 0;
    if (whole) {
      blockStarts.push(keyWriter.length);
      keyWriter.next(key.length);
      for (let i = 0; i < key.length; i++) keyWriter.next(key.charCodeAt(i));
    } else {
      let shared = 0;
      while (shared < key.length && shared < previous.length && key.charCodeAt(shared) === previous.charCodeAt(shared)) shared++;
      const suffix = key.length - shared;
      keyWriter.next(shared * 16 + Math.min(suffix, SUFFIX_UNITS_INLINE));
      if (suffix >= SUFFIX_UNITS_INLINE) keyWriter.next(suffix - SUFFIX_UNITS_INLINE);
      for (let i = shared; i < key.length; i++) {
        const unit = key.charCodeAt(i);
        keyWriter.next(i === shared && shared < previous.length ? unit - previous.charCodeAt(i) - 1 : unit);
      }
    }
    previous = key;
    const from = offsets[slot]!;
    const to = offsets[slot + 1]!;
    const offset = postings.align();
    const size = writePostings(postings, docs.subarray(from, to), counts.subarray(from, to), bitmapBytes);
    keyWriter.next(to - from);
    keyWriter.next(size);
    if (whole) keyWriter.next(offset);
  });
  const postingBytes = postings.result();
  const keysAt = HEADER_BYTES + 4 * blockCount;
  const postingsAt = keysAt + keyWriter.length;
  const end = postingsAt + postingBytes.length;
  const out = Buffer.alloc(end);
  [MAGIC, FORMAT, keys.length, docs.length, bitmapBytes, blockCount, keysAt, postingsAt, end].forEach((value, i) => out.writeUInt32LE(value, 4 * i));
  blockStarts.forEach((start, block) => out.writeUInt32LE(start, HEADER_BYTES + 4 * block));
  keyWriter.bytes.copy(out, keysAt, 0, keyWriter.length);
  out.set(postingBytes, postingsAt);
  return out;
}

/** A builder's postings grouped by key, keys ascending: key `slot`'s postings are `docs`/`counts` [offsets[slot], offsets[slot + 1]). */
interface GroupedPostings {
  keys: string[];
  offsets: Uint32Array;
  docs: Uint32Array;
  counts: Uint16Array;
}

const NO_ID = -1;
/** `unitsOf[id]` of a key of three units or more: its string is in `longKeys`. */
const LONG_KEY = -2;

/**
 * Collects postings while documents are added in ascending document number, in typed arrays: each
 * distinct key gets a number (one- and two-unit keys through tables, without a string), each posting
 * is appended as (key number, document, count). Grouping and sorting happen once, when the store is
 * written. It is an NgramSink, so an analyzer hands it a text's n-grams as it finds them.
 */
export class NgramStoreBuilder implements NgramSink {
  /** Key number of each one-unit key. */
  private readonly unitIds = new Int32Array(0x10000).fill(NO_ID);
  /** Two-unit keys (first × 65536 + second) and their numbers, open addressing with linear probing. */
  private pairKeys = new Uint32Array(1 << 16);
  private pairIds = new Int32Array(1 << 16).fill(NO_ID);
  private pairCount = 0;
  private readonly longIds = new Map<string, number>();
  private readonly longKeys = new Map<number, string>();
  /** Per key number: its first unit, and its second unit (NO_ID for one unit, LONG_KEY for a long key). */
  private firstUnits = new Uint16Array(1 << 16);
  private secondUnits = new Int32Array(1 << 16);
  /** Per key number: its last posting, whose document may be the one being added. */
  private lastPostings = new Int32Array(1 << 16);
  private keyCount = 0;
  private postingKeys = new Uint32Array(1 << 16);
  private postingDocs = new Uint32Array(1 << 16);
  private postingCounts = new Uint16Array(1 << 16);
  private postings = 0;
  private doc = -1;

  /** Postings added. */
  get postingCount(): number {
    return this.postings;
  }

  /** The highest document number added, or -1. */
  get maxDoc(): number {
    return this.doc;
  }

  /** Starts the postings of `docNumber`, higher than any before; the sink's n-grams count for it. */
  startDocument(docNumber: number): void {
    if (docNumber <= this.doc) throw new Error('postings must be added in ascending document order');
    if (docNumber > MAX_DOC) throw new Error('document numbers are 32-bit');
    this.doc = docNumber;
  }

  /** Adds a document's keys with their counts (keys as strings: analyzer terms). */
  add(docNumber: number, counts: ReadonlyMap<string, number>): void {
    this.startDocument(docNumber);
    for (const [key, count] of counts) {
      if (key === '' || count < 1) continue;
      const id =
        key.length === 1 ? this.unitId(key.charCodeAt(0)) : key.length === 2 ? this.pairId(key.charCodeAt(0), key.charCodeAt(1)) : this.longId(key);
      this.count(id, count);
    }
  }

  short(first: number, second: number): void {
    this.count(second < 0 ? this.unitId(first) : this.pairId(first, second), 1);
  }

  long(ngram: string): void {
    this.count(this.longId(ngram), 1);
  }

  private count(id: number, times: number): void {
    const last = this.lastPostings[id]!;
    if (last >= 0 && this.postingDocs[last] === this.doc) {
      this.postingCounts[last] = Math.min(this.postingCounts[last]! + times, MAX_COUNT);
      return;
    }
    if (this.postings === this.postingDocs.length) this.growPostings();
    const at = this.postings++;
    this.postingKeys[at] = id;
    this.postingDocs[at] = this.doc;
    this.postingCounts[at] = Math.min(times, MAX_COUNT);
    this.lastPostings[id] = at;
  }

  private unitId(unit: number): number {
    const known = this.unitIds[unit]!;
    if (known !== NO_ID) return known;
    return (this.unitIds[unit] = this.newKey(unit, NO_ID));
  }

  private pairId(first: number, second: number): number {
    const pair = first * 0x10000 + second;
    const mask = this.pairKeys.length - 1;
    for (let slot = Math.imul(pair, 0x9e3779b1) >>> 0 & mask; ; slot = (slot + 1) & mask) {
      const id = this.pairIds[slot]!;
      if (id === NO_ID) {
        const created = this.newKey(first, second);
        this.pairKeys[slot] = pair;
        this.pairIds[slot] = created;
        if (++this.pairCount * 2 > this.pairKeys.length) this.growPairs();
        return created;
      }
      if (this.pairKeys[slot] === pair) return id;
    }
  }

  private longId(key: string): number {
    const known = this.longIds.get(key);
    if (known !== undefined) return known;
    const id = this.newKey(key.charCodeAt(0), LONG_KEY);
    this.longIds.set(key, id);
    this.longKeys.set(id, key);
    return id;
  }

  private newKey(first: number, second: number): number {
    if (this.keyCount === this.firstUnits.length) {
      const size = 2 * this.keyCount;
      this.firstUnits = grown(this.firstUnits, new Uint16Array(size));
      this.secondUnits = grown(this.secondUnits, new Int32Array(size));
      this.lastPostings = grown(this.lastPostings, new Int32Array(size));
    }
    const id = this.keyCount++;
    this.firstUnits[id] = first;
    this.secondUnits[id] = second;
    this.lastPostings[id] = NO_ID;
    return id;
  }

  private growPairs(): void {
    const keys = this.pairKeys;
    const ids = this.pairIds;
    this.pairKeys = new Uint32Array(2 * keys.length);
    this.pairIds = new Int32Array(2 * keys.length).fill(NO_ID);
    const mask = this.pairKeys.length - 1;
    for (let old = 0; old < keys.length; old++) {
      if (ids[old] === NO_ID) continue;
      let slot = Math.imul(keys[old]!, 0x9e3779b1) >>> 0 & mask;
      while (this.pairIds[slot] !== NO_ID) slot = (slot + 1) & mask;
      this.pairKeys[slot] = keys[old]!;
      this.pairIds[slot] = ids[old]!;
    }
  }

  private growPostings(): void {
    const size = 2 * this.postingDocs.length;
    this.postingKeys = grown(this.postingKeys, new Uint32Array(size));
    this.postingDocs = grown(this.postingDocs, new Uint32Array(size));
    this.postingCounts = grown(this.postingCounts, new Uint16Array(size));
  }

  /** The postings grouped by key (each key's in document order), keys in UTF-16 order. */
  grouped(): GroupedPostings {
    const order = this.sortedKeys();
    const rank = new Uint32Array(this.keyCount);
    order.forEach((id, slot) => (rank[id] = slot));
    const offsets = new Uint32Array(this.keyCount + 1);
    for (let p = 0; p < this.postings; p++) offsets[rank[this.postingKeys[p]!]! + 1]!++;
    for (let slot = 0; slot < this.keyCount; slot++) offsets[slot + 1]! += offsets[slot]!;
    const next = offsets.slice(0, this.keyCount);
    const docs = new Uint32Array(this.postings);
    const counts = new Uint16Array(this.postings);
    // Postings were appended in document order: placing them in that order keeps each key's ascending.
    for (let p = 0; p < this.postings; p++) {
      const at = next[rank[this.postingKeys[p]!]!]!++;
      docs[at] = this.postingDocs[p]!;
      counts[at] = this.postingCounts[p]!;
    }
    const keys = Array.from(order, (id) => this.keyText(id));
    return { keys, offsets, docs, counts };
  }

  private keyText(id: number): string {
    const second = this.secondUnits[id]!;
    if (second === LONG_KEY) return this.longKeys.get(id)!;
    return second === NO_ID ? String.fromCharCode(this.firstUnits[id]!) : String.fromCharCode(this.firstUnits[id]!, second);
  }

  /**
   * Key numbers in UTF-16 order of their keys: the one- and two-unit keys by a radix sort of their
   * units (a key before its extensions: one unit sorts as an empty second), the long ones by string
   * comparison, then the two runs merged.
   */
  private sortedKeys(): Uint32Array {
    const short: number[] = [];
    const long: number[] = [];
    for (let id = 0; id < this.keyCount; id++) (this.secondUnits[id] === LONG_KEY ? long : short).push(id);
    const bySecond = radixSorted(Uint32Array.from(short), (id) => this.secondUnits[id]! + 1, 0x10001);
    const sortedShort = radixSorted(bySecond, (id) => this.firstUnits[id]!, 0x10000);
    if (long.length === 0) return sortedShort;
    long.sort((a, b) => (this.longKeys.get(a)! < this.longKeys.get(b)! ? -1 : 1));
    const order = new Uint32Array(this.keyCount);
    let s = 0;
    let l = 0;
    for (let at = 0; at < order.length; at++) {
      const takeShort = l >= long.length || (s < sortedShort.length && this.keyText(sortedShort[s]!) < this.longKeys.get(long[l]!)!);
      order[at] = takeShort ? sortedShort[s++]! : long[l++]!;
    }
    return order;
  }
}

/** `ids` stably sorted by `digit(id)` in [0, radix): one counting pass. */
function radixSorted(ids: Uint32Array, digit: (id: number) => number, radix: number): Uint32Array {
  const starts = new Uint32Array(radix + 1);
  for (const id of ids) starts[digit(id) + 1]!++;
  for (let d = 0; d < radix; d++) starts[d + 1]! += starts[d]!;
  const sorted = new Uint32Array(ids.length);
  for (const id of ids) sorted[starts[digit(id)]!++] = id;
  return sorted;
}

function grown<T extends Uint16Array | Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
