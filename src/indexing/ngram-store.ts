/**
 * The character n-gram postings: for each unigram and bigram of a field's normalized text,
 * the documents holding it and how often. Kept out of MiniSearch on purpose (every bigram
 * in MiniSearch's JSON grows to ~3.6× the text); held as typed arrays, stored as varints in one binary file.
 * It does not verify matches longer than two characters: the searcher does, on the text.
 */
import { ZhsearchError } from '../errors.js';
import { isIdentityMap } from './doc-map.js';
import { NO_PAUSE, type Pause } from './time-slice.js';

/** Document numbers and term frequencies of one n-gram, ascending by document. */
export interface Postings {
  readonly docs: Uint32Array;
  readonly counts: Uint16Array;
}

const EMPTY: Postings = { docs: new Uint32Array(0), counts: new Uint16Array(0) };
const MAGIC = 0x474e485a; // 'ZHNG' little-endian
const FORMAT = 2;
const HEADER_BYTES = 24;
const MAX_COUNT = 0xffff;
const MAX_DOC = 0xffffffff;
/** The place value of a varint's fifth and last byte: 32 bits take at most five. */
const MAX_VARINT_SCALE = 0x80 ** 4;
const PAUSE_EVERY_KEYS = 4096;
const PAUSE_EVERY_POSTINGS = 65_536;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export class NgramStore {
  /**
   * Keys are held as the one '\n'-joined string the file stores, ascending in UTF-16 order, and looked
   * up by binary search: a Map of a few hundred thousand short strings per field cost ~40 MB of
   * heap per thousand posts and most of a load's time to build.
   */
  private constructor(
    private readonly keyText: string,
    /** `keyStarts[slot]` is where key `slot` starts in `keyText`; one more entry closes the last key. */
    private readonly keyStarts: Uint32Array,
    private readonly offsets: Uint32Array,
    private readonly docs: Uint32Array,
    private readonly counts: Uint16Array,
  ) {}

  /** A store over `keys` (ascending, distinct, no line breaks) and their postings tables. */
  private static fromKeys(keys: readonly string[], offsets: Uint32Array, docs: Uint32Array, counts: Uint16Array): NgramStore {
    if (keys.some((key) => key.includes('\n'))) throw new Error('n-gram keys must not hold a line break');
    const keyText = keys.join('\n');
    return new NgramStore(keyText, keyStartsOf(keyText, keys.length)!, offsets, docs, counts);
  }

  get keyCount(): number {
    return this.keyStarts.length - 1;
  }

  private keyAt(slot: number): string {
    return this.keyText.slice(this.keyStarts[slot], this.keyStarts[slot + 1]! - 1);
  }

  /** Negative, zero or positive as key `slot` sorts before, equal to or after `key` (UTF-16 order, as sort() does). */
  private compareKey(slot: number, key: string): number {
    const from = this.keyStarts[slot]!;
    const length = this.keyStarts[slot + 1]! - 1 - from;
    const shared = Math.min(length, key.length);
    for (let i = 0; i < shared; i++) {
      const difference = this.keyText.charCodeAt(from + i) - key.charCodeAt(i);
      if (difference !== 0) return difference;
    }
    return length - key.length;
  }

  /** compareKey against key `otherSlot` of `other`, read in place. */
  private compareWith(slot: number, other: NgramStore, otherSlot: number): number {
    const from = this.keyStarts[slot]!;
    const length = this.keyStarts[slot + 1]! - 1 - from;
    const otherFrom = other.keyStarts[otherSlot]!;
    const otherLength = other.keyStarts[otherSlot + 1]! - 1 - otherFrom;
    const shared = Math.min(length, otherLength);
    for (let i = 0; i < shared; i++) {
      const difference = this.keyText.charCodeAt(from + i) - other.keyText.charCodeAt(otherFrom + i);
      if (difference !== 0) return difference;
    }
    return length - otherLength;
  }

  private slotOf(key: string): number {
    let low = 0;
    let high = this.keyCount - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const order = this.compareKey(mid, key);
      if (order === 0) return mid;
      if (order < 0) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }

  /** Postings of `ngram`, empty when no document holds it. */
  lookup(ngram: string): Postings {
    const slot = this.slotOf(ngram);
    if (slot < 0) return EMPTY;
    const from = this.offsets[slot]!;
    const to = this.offsets[slot + 1]!;
    return { docs: this.docs.subarray(from, to), counts: this.counts.subarray(from, to) };
  }

  /**
   * One store over several segments' stores: `docMap[local]` is the document's number in the
   * result, or -1 for a deleted document. Maps must keep ascending order (segments are laid end
   * to end), so the merged postings stay sorted without a sort. Keys are merged as sorted runs
   * through a heap of the parts, compared in place: a 100k-post index has twenty segments of some
   * two million keys each, too many to scan every part per key or to turn every key into a string.
   * `pause` runs every few thousand keys: merging 10k posts' text n-grams is ~0.7 s of work.
   */
  static async merge(parts: ReadonlyArray<{ store: NgramStore; docMap: Int32Array }>, pause: Pause = NO_PAUSE): Promise<NgramStore> {
    if (parts.length === 1 && isIdentityMap(parts[0]!.docMap)) return parts[0]!.store;
    const stores = parts.map((part) => part.store);
    const cursors = new Uint32Array(parts.length);
    // Ties go to the earlier part, so a key's postings are copied in segment order: ascending documents.
    const before = (a: number, b: number): boolean => {
      const order = stores[a]!.compareWith(cursors[a]!, stores[b]!, cursors[b]!);
      return order < 0 || (order === 0 && a < b);
    };
    const heap = new MinHeap(
      stores.flatMap((store, p) => (store.keyCount > 0 ? [p] : [])),
      before,
    );
    let keyBound = 0;
    let total = 0;
    for (const store of stores) {
      keyBound += store.keyCount;
      total += store.docs.length;
    }
    const offsets = new Uint32Array(keyBound + 1);
    const keyStarts = new Uint32Array(keyBound + 1);
    const docs = new Uint32Array(total);
    const counts = new Uint16Array(total);
    // Keys are joined a block at a time: one string per merged key lives only until its block is joined.
    const blocks: string[] = [];
    let block: string[] = [];
    let keyCount = 0;
    let at = 0;
    while (heap.size > 0) {
      if (keyCount % PAUSE_EVERY_KEYS === 0 && keyCount > 0) {
        blocks.push(block.join('\n'));
        block = [];
        await pause();
      }
      const first = heap.top;
      const key = stores[first]!.keyAt(cursors[first]!);
      block.push(key);
      keyStarts[keyCount + 1] = keyStarts[keyCount]! + key.length + 1;
      offsets[keyCount++] = at;
      while (heap.size > 0 && stores[heap.top]!.compareKey(cursors[heap.top]!, key) === 0) {
        const p = heap.top;
        const { store, docMap } = parts[p]!;
        const slot = cursors[p]!;
        for (let i = store.offsets[slot]!; i < store.offsets[slot + 1]!; i++) {
          const doc = docMap[store.docs[i]!]!;
          if (doc < 0) continue;
          docs[at] = doc;
          counts[at++] = store.counts[i]!;
        }
        cursors[p] = slot + 1;
        if (slot + 1 < store.keyCount) heap.siftTopDown();
        else heap.pop();
      }
    }
    offsets[keyCount] = at;
    if (block.length > 0) blocks.push(block.join('\n'));
    // Keys whose every posting was deleted stay with empty postings: lookups treat them as absent.
    // They come from loaded stores, whose keys hold no line break: no check needed.
    return new NgramStore(blocks.join('\n'), keyStarts.slice(0, keyCount + 1), offsets.slice(0, keyCount + 1), docs.slice(0, at), counts.slice(0, at));
  }

  /** Builds from per-document counts given in ascending document order. */
  static fromBuilder(builder: NgramStoreBuilder): NgramStore {
    const keys = [...builder.entries.keys()].sort();
    const offsets = new Uint32Array(keys.length + 1);
    const docs = new Uint32Array(builder.postingCount);
    const counts = new Uint16Array(builder.postingCount);
    let at = 0;
    keys.forEach((key, slot) => {
      offsets[slot] = at;
      for (const posting of builder.entries.get(key)!) {
        docs[at] = Math.floor(posting / COUNT_UNITS);
        counts[at++] = posting % COUNT_UNITS;
      }
    });
    offsets[keys.length] = at;
    return NgramStore.fromKeys(keys, offsets, docs, counts);
  }

  /**
   * Binary form: a header, the '\n'-joined keys (n-grams never hold whitespace), then the postings as
   * variable-length integers (as Lucene's postings): per key its list length and the gaps between its
   * ascending documents, then every count less one. Gaps are small and mostly one byte: this is 0.37× of
   * the plain Uint32/Uint16 tables, and compresses to half of what the tables did.
   */
  serialize(): Buffer {
    const keyBytes = Buffer.from(this.keyText, 'utf8');
    const sized = this.writePostings(null, 0);
    const out = Buffer.alloc(HEADER_BYTES + keyBytes.length + sized.end);
    out.writeUInt32LE(MAGIC, 0);
    out.writeUInt32LE(FORMAT, 4);
    out.writeUInt32LE(keyBytes.length, 8);
    out.writeUInt32LE(this.keyCount, 12);
    out.writeUInt32LE(this.docs.length, 16);
    out.writeUInt32LE(sized.docsEnd, 20);
    keyBytes.copy(out, HEADER_BYTES);
    this.writePostings(out, HEADER_BYTES + keyBytes.length);
    return out;
  }

  /**
   * Writes the document section then the count section from `at`, or with no buffer only measures
   * them (serialize sizes its buffer first); returns where each section ends.
   */
  private writePostings(out: Buffer | null, at: number): { docsEnd: number; end: number } {
    const put =
      out === null
        ? (to: number, value: number): number => to + varintLength(value)
        : (to: number, value: number): number => writeVarint(out, to, value);
    for (let slot = 0; slot < this.keyCount; slot++) {
      const from = this.offsets[slot]!;
      const to = this.offsets[slot + 1]!;
      at = put(at, to - from);
      for (let i = from, previous = -1; i < to; previous = this.docs[i++]!) at = put(at, this.docs[i]! - previous - 1);
    }
    const docsEnd = at;
    for (let i = 0; i < this.counts.length; i++) at = put(at, this.counts[i]! - 1);
    return { docsEnd, end: at };
  }

  /** Reads what serialize() wrote; anything else is INDEX_CORRUPT. */
  static deserialize(bytes: Buffer, fileName: string): NgramStore {
    const steps = NgramStore.decode(bytes, fileName);
    for (let step = steps.next(); ; step = steps.next()) if (step.done === true) return step.value;
  }

  /**
   * `deserialize`, calling `pause` every few thousand keys and postings: a 5,000-post segment's text
   * n-grams are ~0.3 s of decoding, which a reload should not spend in one block.
   */
  static async load(bytes: Buffer, fileName: string, pause: Pause = NO_PAUSE): Promise<NgramStore> {
    const steps = NgramStore.decode(bytes, fileName);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done === true) return step.value;
      await pause();
    }
  }

  /** Decodes a saved store, yielding every few thousand keys or postings so that a caller can pause. */
  private static *decode(bytes: Buffer, fileName: string): Generator<void, NgramStore, void> {
    const corrupt = (why: string): ZhsearchError =>
      new ZhsearchError('INDEX_CORRUPT', `Index file ${fileName} is corrupt: ${why}.`);
    if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC) throw corrupt('bad header');
    if (bytes.readUInt32LE(4) !== FORMAT) throw corrupt('unknown n-gram format');
    const keyLength = bytes.readUInt32LE(8);
    const keyCount = bytes.readUInt32LE(12);
    const postingCount = bytes.readUInt32LE(16);
    const docSectionLength = bytes.readUInt32LE(20);
    const docSectionEnd = HEADER_BYTES + keyLength + docSectionLength;
    // Every posting takes at least one byte in each section: a larger count cannot be this file's.
    if (docSectionEnd > bytes.length || postingCount > docSectionLength || postingCount > bytes.length - docSectionEnd) {
      throw corrupt('section lengths do not fit the file');
    }
    const keyText = bytes.toString('utf8', HEADER_BYTES, HEADER_BYTES + keyLength);
    const keyStarts = keyStartsOf(keyText, keyCount);
    if (keyStarts === null) throw corrupt('key count mismatch');
    const offsets = new Uint32Array(keyCount + 1);
    const docs = new Uint32Array(postingCount);
    const counts = new Uint16Array(postingCount);
    const reader = new VarintReader(bytes, HEADER_BYTES + keyLength, docSectionEnd);
    let at = 0;
    for (let slot = 0; slot < keyCount; slot++) {
      if (slot % PAUSE_EVERY_KEYS === 0) yield;
      offsets[slot] = at;
      const length = reader.next();
      if (length === null || length > postingCount - at) throw corrupt('postings run past their table');
      for (let previous = -1, end = at + length; at < end; at++) {
        const gap = reader.next();
        if (gap === null || previous + 1 + gap > MAX_DOC) throw corrupt('a document number is garbled');
        docs[at] = previous = previous + 1 + gap;
      }
    }
    offsets[keyCount] = at;
    if (at !== postingCount || !reader.atEnd()) throw corrupt('postings length mismatch');
    const countReader = new VarintReader(bytes, docSectionEnd, bytes.length);
    for (let i = 0; i < postingCount; i++) {
      if (i % PAUSE_EVERY_POSTINGS === 0) yield;
      const less = countReader.next();
      if (less === null || less >= MAX_COUNT) throw corrupt('a count is garbled');
      counts[i] = less + 1;
    }
    if (!countReader.atEnd()) throw corrupt('bytes after the counts');
    const store = new NgramStore(keyText, keyStarts, offsets, docs, counts);
    // Lookups binary-search the keys: they must be strictly ascending (which also rules out duplicates).
    for (let slot = 1; slot < keyCount; slot++) {
      if (slot % PAUSE_EVERY_KEYS === 0) yield;
      if (store.compareKey(slot - 1, store.keyAt(slot)) >= 0) throw corrupt('keys out of order or duplicated');
    }
    return store;
  }
}

/** Bytes of `value` (0 ≤ value < 2³²) as an unsigned LEB128 varint: seven bits per byte, low bits first. */
function varintLength(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

function writeVarint(out: Buffer, at: number, value: number): number {
  while (value >= 0x80) {
    out[at++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 0x80);
  }
  out[at++] = value;
  return at;
}

/** Reads varints from `bytes[at, end)`; next() is null past the end or for more than 32 bits. */
class VarintReader {
  constructor(
    private readonly bytes: Buffer,
    private at: number,
    private readonly end: number,
  ) {}

  next(): number | null {
    let value = 0;
    for (let scale = 1; scale <= MAX_VARINT_SCALE; scale *= 0x80) {
      if (this.at >= this.end) return null;
      const byte = this.bytes[this.at++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value <= MAX_DOC ? value : null;
    }
    return null;
  }

  atEnd(): boolean {
    return this.at === this.end;
  }
}

/**
 * Where each of the `keyCount` '\n'-separated keys of `keyText` starts, plus one entry past the last
 * key's end; null when `keyText` holds another number of keys.
 */
function keyStartsOf(keyText: string, keyCount: number): Uint32Array | null {
  if (keyCount === 0) return keyText === '' ? new Uint32Array(1) : null;
  const starts = new Uint32Array(keyCount + 1);
  let at = 0;
  for (let slot = 1; slot < keyCount; slot++) {
    const end = keyText.indexOf('\n', at);
    if (end < 0) return null;
    at = end + 1;
    starts[slot] = at;
  }
  if (keyText.indexOf('\n', at) >= 0) return null;
  starts[keyCount] = keyText.length + 1;
  return starts;
}

/** A binary min-heap of small integers under `before`; the caller changes the top's order and sifts it down. */
class MinHeap {
  private readonly items: number[];

  constructor(
    items: number[],
    private readonly before: (a: number, b: number) => boolean,
  ) {
    this.items = items;
    for (let i = (items.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  get size(): number {
    return this.items.length;
  }

  get top(): number {
    return this.items[0]!;
  }

  pop(): void {
    const last = this.items.pop()!;
    if (this.items.length === 0) return;
    this.items[0] = last;
    this.siftDown(0);
  }

  siftTopDown(): void {
    this.siftDown(0);
  }

  private siftDown(from: number): void {
    const items = this.items;
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= items.length) return;
      const right = left + 1;
      const child = right < items.length && this.before(items[right]!, items[left]!) ? right : left;
      if (!this.before(items[child]!, items[at]!)) return;
      [items[at], items[child]] = [items[child]!, items[at]!];
      at = child;
    }
  }
}

/** A builder's posting: document number × COUNT_UNITS + count (a double: one array per key, not two). */
const COUNT_UNITS = MAX_COUNT + 1;

/** Collects postings while documents are added in ascending document number. */
export class NgramStoreBuilder {
  /** N-gram → its postings (document × COUNT_UNITS + count), in document order. */
  readonly entries = new Map<string, number[]>();
  private postings = 0;
  private lastDoc = -1;

  /** Postings in all entries. */
  get postingCount(): number {
    return this.postings;
  }

  add(docNumber: number, ngramCounts: ReadonlyMap<string, number>): void {
    if (docNumber <= this.lastDoc) throw new Error('n-gram postings must be added in ascending document order');
    this.lastDoc = docNumber;
    const base = docNumber * COUNT_UNITS;
    // Keys are saved as UTF-8, which turns a lone surrogate into U+FFFD: fold them now, so the
    // store answers the same before and after a save (and two such keys do not collide on load).
    // Once a key of this document was folded, later keys may land on an entry it already holds.
    let folded = false;
    for (const [ngram, count] of ngramCounts) {
      const key = hasLoneSurrogate(ngram) ? ngram.replace(LONE_SURROGATES, '\ufffd') : ngram;
      if (key !== ngram) folded = true;
      const postings = this.entries.get(key);
      if (postings === undefined) this.entries.set(key, [base + Math.min(count, MAX_COUNT)]);
      else if (folded && postings.at(-1)! >= base) {
        // This document's posting already, from another key that folded to this one: add the counts.
        postings[postings.length - 1] = Math.min(postings.at(-1)! + count, base + MAX_COUNT);
        continue;
      } else postings.push(base + Math.min(count, MAX_COUNT));
      this.postings++;
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
