/**
 * Writes n-gram (and word) stores: collects postings while a segment's documents are added, in typed
 * arrays, and writes them in the layout ngram-store.ts reads. It does not read stores.
 */
import type { NgramSink } from '../analysis/analyzer.js';
import { BLOCK_KEYS, FORMAT, HEADER_BYTES, MAGIC, NgramStore, SUFFIX_UNITS_INLINE } from './ngram-store.js';
import { BitSink, MAX_COUNT, MAX_DOC, writePostings } from './postings-codec.js';
import { grown } from './typed-arrays.js';
import { VarintWriter } from './varint.js';

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
/** `secondUnits[id]` of a long key (three units or more): its string is in `longKeys`. */
const LONG_KEY = -2;
const UNIT_RADIX = 0x10000;

/**
 * Collects postings while documents are added in ascending document number, in typed arrays, and
 * groups them by key once, when the store is written. It is an NgramSink, so an analyzer hands it a
 * text's n-grams as it finds them.
 *
 * Two-unit keys (pairs: most keys and most postings) have no key table: a document's pairs are
 * counted within the document (sorted as numbers, first × 65536 + second) and appended as (pair,
 * document, count); grouping sorts those postings by pair with two counting passes. A table of pairs,
 * probed for each one, cost a third of a build's indexing: it is large, and each probe is a cache miss.
 * One-unit keys (through a table of all units) and longer ones (through a Map) get numbers, and their
 * postings are appended as (key number, document, count).
 */
export class NgramStoreBuilder implements NgramSink {
  /** Key number of each one-unit key. */
  private readonly unitIds = new Int32Array(UNIT_RADIX).fill(NO_ID);
  private readonly longIds = new Map<string, number>();
  private readonly longKeys = new Map<number, string>();
  /** Per key number: its first unit, and NO_ID (a one-unit key) or LONG_KEY. */
  private firstUnits = new Uint16Array(1 << 10);
  private secondUnits = new Int32Array(1 << 10);
  /**
   * Per key number: its last posting, whose document may be the one being added. Kept for long keys, the
   * only ones counted occurrence by occurrence (one-unit keys come once per document, already counted).
   */
  private lastPostings = new Int32Array(1 << 10);
  private keyCount = 0;
  /** Postings of numbered keys (keyed by number) and of pairs (keyed by pair). */
  private readonly numbered = new PostingColumns();
  private readonly pairs = new PostingColumns();
  private doc = -1;
  /** The current document's one-unit n-grams: count per unit, and the units counted (each once). */
  private readonly unitCounts = new Int32Array(UNIT_RADIX);
  private docUnits = new Uint16Array(1 << 10);
  private docUnitCount = 0;
  /** The current document's pairs, as first × 65536 + second, in text order. */
  private docPairs = new Uint32Array(1 << 12);
  private docPairCount = 0;

  /** The highest document number added, or -1. */
  get maxDoc(): number {
    return this.doc;
  }

  /** The store of what was collected. */
  build(): NgramStore {
    this.endDocument();
    return NgramStore.open(writeStore(this), 'a new store');
  }

  /** Starts the postings of `docNumber`, higher than any before; the sink's n-grams count for it. */
  startDocument(docNumber: number): void {
    if (docNumber <= this.doc) throw new Error('postings must be added in ascending document order');
    if (docNumber > MAX_DOC) throw new Error('document numbers are 32-bit');
    this.endDocument();
    this.doc = docNumber;
  }

  /** Adds a document's keys with their counts (keys as strings: analyzer terms). */
  add(docNumber: number, counts: ReadonlyMap<string, number>): void {
    this.startDocument(docNumber);
    for (const [key, count] of counts) {
      if (key === '' || count < 1) continue;
      // Each key once: a new posting each.
      if (key.length === 1) this.append(this.unitId(key.charCodeAt(0)), count);
      else if (key.length === 2) this.appendPair(key.charCodeAt(0) * UNIT_RADIX + key.charCodeAt(1), count);
      else this.count(this.longId(key), count);
    }
  }

  short(first: number, second: number): void {
    if (second < 0) {
      if (this.unitCounts[first]!++ === 0) {
        if (this.docUnitCount === this.docUnits.length) this.docUnits = grown(this.docUnits, new Uint16Array(2 * this.docUnitCount));
        this.docUnits[this.docUnitCount++] = first;
      }
      return;
    }
    if (this.docPairCount === this.docPairs.length) this.docPairs = grown(this.docPairs, new Uint32Array(2 * this.docPairCount));
    this.docPairs[this.docPairCount++] = first * UNIT_RADIX + second;
  }

  long(ngram: string): void {
    this.count(this.longId(ngram), 1);
  }

  /** Posts the current document's counted one- and two-unit n-grams, one posting per distinct key. */
  private endDocument(): void {
    for (let i = 0; i < this.docUnitCount; i++) {
      const unit = this.docUnits[i]!;
      this.append(this.unitId(unit), this.unitCounts[unit]!);
      this.unitCounts[unit] = 0;
    }
    this.docUnitCount = 0;
    const pairs = this.docPairs.subarray(0, this.docPairCount).sort();
    for (let i = 0; i < pairs.length; ) {
      const pair = pairs[i]!;
      let end = i + 1;
      while (end < pairs.length && pairs[end] === pair) end++;
      this.appendPair(pair, end - i);
      i = end;
    }
    this.docPairCount = 0;
  }

  /** Counts key `id` `times` more in the current document (its posting there may exist already). */
  private count(id: number, times: number): void {
    const last = this.lastPostings[id]!;
    const postings = this.numbered;
    if (last >= 0 && postings.docs[last] === this.doc) {
      postings.counts[last] = Math.min(postings.counts[last]! + times, MAX_COUNT);
      return;
    }
    this.lastPostings[id] = this.append(id, times);
  }

  /** A new posting of key `id` in the current document; its index. */
  private append(id: number, times: number): number {
    return this.numbered.push(id, this.doc, Math.min(times, MAX_COUNT));
  }

  /** A new posting of `pair` (first × 65536 + second) in the current document. */
  private appendPair(pair: number, times: number): void {
    this.pairs.push(pair, this.doc, Math.min(times, MAX_COUNT));
  }

  private unitId(unit: number): number {
    const known = this.unitIds[unit]!;
    if (known !== NO_ID) return known;
    return (this.unitIds[unit] = this.newKey(unit, NO_ID));
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

  /**
   * The postings grouped by key (each key's in document order), keys in UTF-16 order: the pairs'
   * sorted by pair, the numbered keys' grouped by number and ordered, and the two runs of keys merged.
   */
  grouped(): GroupedPostings {
    const pairs = this.sortedPairPostings();
    const numbered = this.groupedNumbered();
    // Distinct pairs, each with where its postings start.
    const pairStarts: number[] = [];
    for (let p = 0; p < pairs.keys.length; p++) if (p === 0 || pairs.keys[p] !== pairs.keys[p - 1]) pairStarts.push(p);
    pairStarts.push(pairs.keys.length);
    const keyTotal = pairStarts.length - 1 + numbered.order.length;
    const keys: string[] = new Array<string>(keyTotal);
    const offsets = new Uint32Array(keyTotal + 1);
    const docs = new Uint32Array(pairs.keys.length + numbered.docs.length);
    const counts = new Uint16Array(docs.length);
    let filled = 0;
    const take = (from: Uint32Array, fromCounts: Uint16Array, start: number, end: number, slot: number, key: string): void => {
      keys[slot] = key;
      docs.set(from.subarray(start, end), filled);
      counts.set(fromCounts.subarray(start, end), filled);
      filled += end - start;
      offsets[slot + 1] = filled;
    };
    let p = 0;
    let n = 0;
    for (let slot = 0; slot < keyTotal; slot++) {
      const pair = p < pairStarts.length - 1 ? pairs.keys[pairStarts[p]!]! : -1;
      if (n < numbered.order.length && (pair < 0 || this.numberedBeforePair(numbered.order[n]!, pair))) {
        take(numbered.docs, numbered.counts, numbered.offsets[n]!, numbered.offsets[n + 1]!, slot, this.keyText(numbered.order[n]!));
        n++;
      } else {
        take(pairs.docs, pairs.counts, pairStarts[p]!, pairStarts[p + 1]!, slot, String.fromCharCode(pair >>> 16, pair & 0xffff));
        p++;
      }
    }
    return { keys, offsets, docs, counts };
  }

  /** True when the numbered key `id` sorts before `pair` in UTF-16 order (a key before its extensions). */
  private numberedBeforePair(id: number, pair: number): boolean {
    const first = pair >>> 16;
    const unit = this.firstUnits[id]!;
    if (unit !== first) return unit < first;
    // The same first unit: a one-unit key is a prefix of the pair; a long key is compared on.
    if (this.secondUnits[id] === NO_ID) return true;
    const second = this.longKeys.get(id)!.charCodeAt(1);
    return second < (pair & 0xffff);
  }

  /**
   * The pair postings sorted by pair, each pair's in document order: stable counting passes, by the
   * second unit into new arrays, then by the first back into the builder's own (sorting them in place:
   * sorting again finds them sorted).
   */
  private sortedPairPostings(): ColumnPostings {
    const own = this.pairs.written();
    const n = own.keys.length;
    const bySecond = { keys: new Uint32Array(n), docs: new Uint32Array(n), counts: new Uint16Array(n) };
    countingPass(own, bySecond, 0);
    countingPass(bySecond, own, 16);
    return own;
  }

  /** The numbered keys in UTF-16 order, and their postings grouped in that order. */
  private groupedNumbered(): { order: Uint32Array; offsets: Uint32Array; docs: Uint32Array; counts: Uint16Array } {
    const order = this.sortedKeys();
    const rank = new Uint32Array(this.keyCount);
    order.forEach((id, slot) => (rank[id] = slot));
    const offsets = new Uint32Array(this.keyCount + 1);
    const { keys: postingKeys, docs: postingDocs, counts: postingCounts } = this.numbered.written();
    for (const id of postingKeys) offsets[rank[id]! + 1]!++;
    for (let slot = 0; slot < this.keyCount; slot++) offsets[slot + 1]! += offsets[slot]!;
    const next = offsets.slice(0, this.keyCount);
    const docs = new Uint32Array(postingKeys.length);
    const counts = new Uint16Array(postingKeys.length);
    // Postings were appended in document order: placing them in that order keeps each key's ascending.
    for (let p = 0; p < postingKeys.length; p++) {
      const at = next[rank[postingKeys[p]!]!]!++;
      docs[at] = postingDocs[p]!;
      counts[at] = postingCounts[p]!;
    }
    return { order, offsets, docs, counts };
  }

  private keyText(id: number): string {
    return this.secondUnits[id] === LONG_KEY ? this.longKeys.get(id)! : String.fromCharCode(this.firstUnits[id]!);
  }

  /** Numbered key numbers in UTF-16 order of their keys: one-unit keys by unit, long ones by string comparison, merged. */
  private sortedKeys(): Uint32Array {
    const units: number[] = [];
    const long: number[] = [];
    for (let id = 0; id < this.keyCount; id++) (this.secondUnits[id] === LONG_KEY ? long : units).push(id);
    units.sort((a, b) => this.firstUnits[a]! - this.firstUnits[b]!);
    long.sort((a, b) => (this.longKeys.get(a)! < this.longKeys.get(b)! ? -1 : 1));
    const order = new Uint32Array(this.keyCount);
    let u = 0;
    let l = 0;
    for (let at = 0; at < order.length; at++) {
      // A one-unit key sorts before the long keys it begins.
      const takeUnit = l >= long.length || (u < units.length && this.firstUnits[units[u]!]! <= this.firstUnits[long[l]!]!);
      order[at] = takeUnit ? units[u++]! : long[l++]!;
    }
    return order;
  }
}

/** Postings as three columns of one length: key (a key number or a pair), document, count. */
interface ColumnPostings {
  keys: Uint32Array;
  docs: Uint32Array;
  counts: Uint16Array;
}

/** Postings appended one at a time, in columns that grow. */
class PostingColumns {
  keys = new Uint32Array(1 << 12);
  docs = new Uint32Array(1 << 12);
  counts = new Uint16Array(1 << 12);
  private length = 0;

  /** Appends a posting; its index. */
  push(key: number, doc: number, count: number): number {
    if (this.length === this.keys.length) {
      const size = 2 * this.length;
      this.keys = grown(this.keys, new Uint32Array(size));
      this.docs = grown(this.docs, new Uint32Array(size));
      this.counts = grown(this.counts, new Uint16Array(size));
    }
    const at = this.length++;
    this.keys[at] = key;
    this.docs[at] = doc;
    this.counts[at] = count;
    return at;
  }

  /** The postings appended, as views of the columns. */
  written(): ColumnPostings {
    return { keys: this.keys.subarray(0, this.length), docs: this.docs.subarray(0, this.length), counts: this.counts.subarray(0, this.length) };
  }
}

/** `from`'s postings into `to`, stably sorted by the 16 bits of their pair at `shift`. */
function countingPass(from: ColumnPostings, to: ColumnPostings, shift: number): void {
  const starts = new Uint32Array(UNIT_RADIX + 1);
  for (const pair of from.keys) starts[((pair >>> shift) & 0xffff) + 1]!++;
  for (let d = 0; d < UNIT_RADIX; d++) starts[d + 1]! += starts[d]!;
  for (let p = 0; p < from.keys.length; p++) {
    const pair = from.keys[p]!;
    const at = starts[(pair >>> shift) & 0xffff]!++;
    to.keys[at] = pair;
    to.docs[at] = from.docs[p]!;
    to.counts[at] = from.counts[p]!;
  }
}
