/**
 * Postings keyed by short strings: for each character n-gram of a field (or each analyzer term, for the
 * word postings), the documents holding it, ascending, and how often. A store is one immutable byte
 * buffer, the file as saved, read in place: opening it checks the header and the block table only, and a
 * lookup decodes one block of keys and one key's postings. Nothing is decoded ahead, so a segment costs
 * its bytes in memory and its read at load, never a pass over its postings.
 * It does not verify matches longer than two characters: the searcher does, on the text.
 */
import { ZhsearchError } from '../errors.js';

/** Document numbers and term frequencies of one key, ascending by document. */
export interface Postings {
  readonly docs: Uint32Array;
  readonly counts: Uint16Array;
}

/** Anything that answers postings by key: one store, or several segments' stores laid end to end. */
export interface PostingsSource {
  lookup(key: string): Postings;
}

export const NO_POSTINGS: Postings = { docs: new Uint32Array(0), counts: new Uint16Array(0) };

const MAGIC = 0x474e485a; // 'ZHNG' little-endian
const FORMAT = 3;
/** magic, format, keyCount, postingCount, bitmapBytes, blockCount, keysAt, postingsAt, end: nine u32. */
const HEADER_BYTES = 36;
/** Keys per block: a lookup binary-searches the blocks' first keys, then reads at most this many. */
const BLOCK_KEYS = 32;
const MAX_COUNT = 0xffff;
const MAX_DOC = 0xffffffff;
/** Count codes: two bits per posting, 0–2 for counts 1–3, ESCAPE for a count of four or more (a varint follows the codes). */
const ESCAPE = 3;

/*
 * File (format 3), all integers little-endian:
 *   header      nine u32: MAGIC, FORMAT, keyCount, postingCount, bitmapBytes, blockCount, keysAt, postingsAt, end
 *   block table blockCount u32: where each block of keys starts, from keysAt
 *   keys        blocks of BLOCK_KEYS keys, ascending in UTF-16 order. A key is its UTF-16 units as varints
 *               (lone surrogates kept); the first key of a block is whole (unit count, units), the others
 *               share a prefix with the key before (shared units, suffix unit count, suffix units). Then
 *               the key's posting count n and the byte size of its postings, and for a block's first key
 *               also where its postings start (from postingsAt); the others' follow on.
 *   postings    per key, documents then counts. Documents: a bitmap of bitmapBytes bytes (bit d of byte
 *               d >> 3 set for document d) when n >= bitmapBytes, as then it is no larger than one byte per
 *               document; otherwise varint gaps (document − previous − 1, the first from −1). Counts: one
 *               varint (count − 1) when n is 1; otherwise two-bit codes, four per byte, low bits first,
 *               then a varint (count − 4) for each ESCAPE code in order. Counts above 65535 are saved as
 *               65535.
 * Varints are unsigned LEB128 of at most 32 bits.
 */

export class NgramStore {
  private readonly keyCountValue: number;
  private readonly postingCountValue: number;
  private readonly bitmapBytes: number;
  private readonly blockCount: number;
  private readonly keysAt: number;
  private readonly postingsAt: number;
  private readonly end: number;
  /** A key being decoded, unit by unit (grown for long keys). */
  private scratch = new Uint16Array(64);

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
    // Every posting takes at least one byte (a gap or a count code), bitmaps aside: a bound on nonsense counts.
    if (this.postingCountValue > 8 * (this.end - this.postingsAt) + 8) throw this.corrupt('posting count does not fit the file');
    // The block table: strictly ascending starts inside the key section, and first keys strictly ascending,
    // so that the binary search of a lookup is sound.
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
   * Opens a saved store, checking its header and block table (a few microseconds per thousand keys);
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
    if (block < 0) return NO_POSTINGS;
    const reader = new Reader(this.bytes, this.keysAt + this.blockStart(block), this.postingsAt, this);
    const keysInBlock = Math.min(BLOCK_KEYS, this.keyCountValue - block * BLOCK_KEYS);
    let keyLength = 0;
    let offset = 0;
    let size = 0;
    for (let k = 0; k < keysInBlock; k++) {
      keyLength = this.readKey(reader, k === 0, keyLength);
      const n = reader.varint();
      const previousEnd = offset + size;
      size = reader.varint();
      offset = k === 0 ? reader.varint() : previousEnd;
      const order = this.compareScratch(keyLength, key);
      if (order === 0) return this.decodePostings(offset, size, n);
      if (order > 0) return NO_POSTINGS;
    }
    return NO_POSTINGS;
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
      const reader = new Reader(this.bytes, this.keysAt + this.blockStart(block), this.postingsAt, this);
      const keysInBlock = Math.min(BLOCK_KEYS, this.keyCountValue - block * BLOCK_KEYS);
      let keyLength = 0;
      for (let k = 0; k < keysInBlock; k++) {
        keyLength = this.readKey(reader, k === 0, keyLength);
        const key = String.fromCharCode(...this.scratch.subarray(0, keyLength));
        if (previousKey !== null && !(previousKey < key)) throw this.corrupt('keys out of order or duplicated');
        previousKey = key;
        const n = reader.varint();
        const size = reader.varint();
        const offset = k === 0 ? reader.varint() : expectedOffset;
        if (offset !== expectedOffset) throw this.corrupt('postings are not contiguous');
        this.decodePostings(offset, size, n);
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

  /** Reads a key into the scratch buffer (whole, or sharing a prefix with the one before); returns its length. */
  private readKey(reader: Reader, whole: boolean, previousLength: number): number {
    const shared = whole ? 0 : reader.varint();
    const suffix = reader.varint();
    if (shared > previousLength || (!whole && shared === previousLength && suffix === 0)) throw this.corrupt('a key is garbled');
    const length = shared + suffix;
    if (length === 0) throw this.corrupt('an empty key');
    if (length > this.scratch.length) {
      if (length > this.end) throw this.corrupt('a key is longer than the file');
      const grown = new Uint16Array(2 * length);
      grown.set(this.scratch);
      this.scratch = grown;
    }
    for (let i = shared; i < length; i++) {
      const unit = reader.varint();
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
    const reader = new Reader(this.bytes, this.keysAt + this.blockStart(block), this.postingsAt, this);
    const length = reader.varint();
    const shared = Math.min(length, key.length);
    for (let i = 0; i < shared; i++) {
      const difference = reader.varint() - key.charCodeAt(i);
      if (difference !== 0) return difference;
    }
    return length - key.length;
  }

  private compareFirstKeys(a: number, b: number): number {
    const reader = new Reader(this.bytes, this.keysAt + this.blockStart(b), this.postingsAt, this);
    const length = reader.varint();
    if (length > this.end) throw this.corrupt('a key is longer than the file');
    let key = '';
    for (let i = 0; i < length; i++) key += String.fromCharCode(reader.varint() & 0xffff);
    return this.compareFirstKey(a, key);
  }

  private decodePostings(offset: number, size: number, n: number): Postings {
    const from = this.postingsAt + offset;
    const to = from + size;
    if (n === 0 || to > this.end || n > this.postingCountValue) throw this.corrupt('postings run past the file');
    const reader = new Reader(this.bytes, from, to, this);
    const docs = new Uint32Array(n);
    const counts = new Uint16Array(n);
    if (this.bitmapBytes > 0 && n >= this.bitmapBytes) {
      if (from + this.bitmapBytes > to) throw this.corrupt('a bitmap runs past its postings');
      let found = 0;
      for (let byte = 0; byte < this.bitmapBytes; byte++) {
        let bits = this.bytes[from + byte]!;
        while (bits !== 0) {
          const low = bits & -bits;
          if (found === n) throw this.corrupt('a bitmap holds more documents than its count');
          docs[found++] = byte * 8 + (31 - Math.clz32(low));
          bits ^= low;
        }
      }
      if (found !== n) throw this.corrupt('a bitmap holds fewer documents than its count');
      reader.at = from + this.bitmapBytes;
    } else {
      let previous = -1;
      for (let i = 0; i < n; i++) {
        const doc = previous + 1 + reader.varint();
        if (doc > MAX_DOC) throw this.corrupt('a document number is garbled');
        docs[i] = previous = doc;
      }
    }
    if (n === 1) {
      const less = reader.varint();
      if (less >= MAX_COUNT) throw this.corrupt('a count is garbled');
      counts[0] = less + 1;
    } else {
      const codesAt = reader.at;
      const codeBytes = (n + 3) >> 2;
      reader.at += codeBytes;
      if (reader.at > to) throw this.corrupt('count codes run past their postings');
      for (let i = 0; i < n; i++) {
        const code = (this.bytes[codesAt + (i >> 2)]! >> ((i & 3) * 2)) & 3;
        if (code !== ESCAPE) {
          counts[i] = code + 1;
          continue;
        }
        const more = reader.varint();
        if (more > MAX_COUNT - 4) throw this.corrupt('a count is garbled');
        counts[i] = more + 4;
      }
    }
    if (reader.at !== to) throw this.corrupt('postings are not the size their key gives');
    return { docs, counts };
  }

  corrupt(why: string): ZhsearchError {
    return new ZhsearchError('INDEX_CORRUPT', `Index file ${this.fileName} is corrupt: ${why}.`);
  }
}

/** Reads varints from `bytes[at, end)`; anything past the end or over 32 bits is INDEX_CORRUPT. */
class Reader {
  constructor(
    private readonly bytes: Buffer,
    public at: number,
    private readonly end: number,
    private readonly store: NgramStore,
  ) {}

  varint(): number {
    let byte = this.at < this.end ? this.bytes[this.at++]! : -1;
    if (byte < 0x80) {
      if (byte < 0) throw this.store.corrupt('a number runs past its section');
      return byte;
    }
    let value = byte & 0x7f;
    for (let scale = 0x80; ; scale *= 0x80) {
      if (this.at >= this.end) throw this.store.corrupt('a number runs past its section');
      byte = this.bytes[this.at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        if (value > MAX_DOC) throw this.store.corrupt('a number is over 32 bits');
        return value;
      }
      if (scale === 0x80 ** 4) throw this.store.corrupt('a number is over 32 bits');
    }
  }
}

/** A growable byte buffer for writing a store. */
class Writer {
  bytes: Buffer;
  length = 0;

  constructor(capacity: number) {
    this.bytes = Buffer.alloc(Math.max(64, capacity));
  }

  private room(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const grown = Buffer.alloc(Math.max(2 * this.bytes.length, this.length + extra));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  varint(value: number): void {
    this.room(5);
    while (value >= 0x80) {
      this.bytes[this.length++] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.bytes[this.length++] = value;
  }

  zeros(count: number): number {
    this.room(count);
    const at = this.length;
    this.bytes.fill(0, at, at + count);
    this.length += count;
    return at;
  }

  append(other: Writer): void {
    this.room(other.length);
    other.bytes.copy(this.bytes, this.length, 0, other.length);
    this.length += other.length;
  }
}

/** A builder's posting: document number × COUNT_UNITS + count (a double: one array per key, not two). */
const COUNT_UNITS = MAX_COUNT + 1;

function writeStore(builder: NgramStoreBuilder): Buffer {
  const keys = [...builder.entries.keys()].sort();
  const maxDoc = builder.maxDoc;
  const bitmapBytes = maxDoc < 0 ? 0 : Math.ceil((maxDoc + 1) / 8);
  const blockCount = Math.ceil(keys.length / BLOCK_KEYS);
  const keyWriter = new Writer(keys.length * 8);
  const postingWriter = new Writer(builder.postingCount * 3);
  const blockStarts: number[] = [];
  let previous = '';
  keys.forEach((key, slot) => {
    const whole = slot % BLOCK_KEYS === 0;
    if (whole) blockStarts.push(keyWriter.length);
    let shared = 0;
    if (!whole) while (shared < key.length && shared < previous.length && key.charCodeAt(shared) === previous.charCodeAt(shared)) shared++;
    if (!whole) keyWriter.varint(shared);
    keyWriter.varint(key.length - shared);
    for (let i = shared; i < key.length; i++) keyWriter.varint(key.charCodeAt(i));
    previous = key;
    const postings = builder.entries.get(key)!;
    const offset = postingWriter.length;
    writePostings(postingWriter, postings, bitmapBytes);
    keyWriter.varint(postings.length);
    keyWriter.varint(postingWriter.length - offset);
    if (whole) keyWriter.varint(offset);
  });
  const keysAt = HEADER_BYTES + 4 * blockCount;
  const postingsAt = keysAt + keyWriter.length;
  const end = postingsAt + postingWriter.length;
  const out = Buffer.alloc(end);
  [MAGIC, FORMAT, keys.length, builder.postingCount, bitmapBytes, blockCount, keysAt, postingsAt, end].forEach((value, i) =>
    out.writeUInt32LE(value, 4 * i),
  );
  blockStarts.forEach((start, block) => out.writeUInt32LE(start, HEADER_BYTES + 4 * block));
  keyWriter.bytes.copy(out, keysAt, 0, keyWriter.length);
  postingWriter.bytes.copy(out, postingsAt, 0, postingWriter.length);
  return out;
}

function writePostings(out: Writer, postings: readonly number[], bitmapBytes: number): void {
  const n = postings.length;
  if (bitmapBytes > 0 && n >= bitmapBytes) {
    const at = out.zeros(bitmapBytes);
    for (const posting of postings) {
      const doc = Math.floor(posting / COUNT_UNITS);
      out.bytes[at + (doc >> 3)]! |= 1 << (doc & 7);
    }
  } else {
    let previous = -1;
    for (const posting of postings) {
      const doc = Math.floor(posting / COUNT_UNITS);
      out.varint(doc - previous - 1);
      previous = doc;
    }
  }
  if (n === 1) {
    out.varint((postings[0]! % COUNT_UNITS) - 1);
    return;
  }
  const codesAt = out.zeros((n + 3) >> 2);
  postings.forEach((posting, i) => {
    const count = posting % COUNT_UNITS;
    out.bytes[codesAt + (i >> 2)]! |= Math.min(count - 1, ESCAPE) << ((i & 3) * 2);
  });
  for (const posting of postings) {
    const count = posting % COUNT_UNITS;
    if (count > ESCAPE) out.varint(count - 4);
  }
}

/** Collects postings while documents are added in ascending document number. */
export class NgramStoreBuilder {
  /** Key → its postings (document × COUNT_UNITS + count), in document order. */
  readonly entries = new Map<string, number[]>();
  private postings = 0;
  private lastDoc = -1;

  /** Postings in all entries. */
  get postingCount(): number {
    return this.postings;
  }

  /** The highest document number added, or -1. */
  get maxDoc(): number {
    return this.lastDoc;
  }

  add(docNumber: number, counts: ReadonlyMap<string, number>): void {
    if (docNumber <= this.lastDoc) throw new Error('postings must be added in ascending document order');
    if (docNumber > MAX_DOC) throw new Error('document numbers are 32-bit');
    this.lastDoc = docNumber;
    const base = docNumber * COUNT_UNITS;
    for (const [key, count] of counts) {
      if (key === '' || count < 1) continue;
      const posting = base + Math.min(count, MAX_COUNT);
      const postings = this.entries.get(key);
      if (postings === undefined) this.entries.set(key, [posting]);
      else postings.push(posting);
      this.postings++;
    }
  }
}
