/**
 * Writes n-gram (and word) stores: collects postings while a segment's documents are added, in typed
 * arrays, and writes them in the layout ngram-store.ts reads. It does not read stores.
 */
import type { NgramSink } from '../analysis/analyzer.js';
import { BLOCK_KEYS, FORMAT, HEADER_BYTES, MAGIC, NgramStore, SUFFIX_UNITS_INLINE } from './ngram-store.js';
import { BitSink, MAX_COUNT, MAX_DOC, writePostings } from './postings-codec.js';
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
/** The pair table's first size: 2^PAIR_SLOT_BITS slots. */
const PAIR_SLOT_BITS = 16;
/** `unitsOf[id]` of a key of three units or more: its string is in `longKeys`. */
const LONG_KEY = -2;

/**
 * Collects postings while documents are added in ascending document number, in typed arrays: each
 * distinct key gets a number (one- and two-unit keys through tables, without a string), each posting
 * is appended as (key number, document, count). Grouping and sorting happen once, when the store is
 * written. It is an NgramSink, so an analyzer hands it a text's n-grams as it finds them.
 *
 * A document's one- and two-unit n-grams (nearly all of them) are counted within the document first:
 * units in a table, pairs sorted as numbers, and only each distinct one is looked up in the key table
 * when the document ends. Looking up every occurrence there, with a check of the key's last posting,
 * cost a third of a build's indexing: those tables are large, and each look is a cache miss.
 */
export class NgramStoreBuilder implements NgramSink {
  /** Key number of each one-unit key. */
  private readonly unitIds = new Int32Array(0x10000).fill(NO_ID);
  /**
   * Two-unit keys and their numbers, open addressing with linear probing: per slot the key (first ×
   * 65536 + second, as an int32) and its number side by side, so that a probe touches one cache line.
   */
  private pairSlots = new Int32Array(2 << PAIR_SLOT_BITS).fill(NO_ID);
  private pairSlotBits = PAIR_SLOT_BITS;
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
  /** The current document's one-unit n-grams: count per unit, and the units counted (each once). */
  private readonly unitCounts = new Int32Array(0x10000);
  private docUnits = new Uint16Array(1 << 10);
  private docUnitCount = 0;
  /** The current document's two-unit n-grams, as first × 65536 + second, in text order. */
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
      const id =
        key.length === 1 ? this.unitId(key.charCodeAt(0)) : key.length === 2 ? this.pairId(key.charCodeAt(0), key.charCodeAt(1)) : this.longId(key);
      this.count(id, count);
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
    this.docPairs[this.docPairCount++] = first * 0x10000 + second;
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
      this.append(this.pairId(pair >>> 16, pair & 0xffff), end - i);
      i = end;
    }
    this.docPairCount = 0;
  }

  long(ngram: string): void {
    this.count(this.longId(ngram), 1);
  }

  /** Counts key `id` `times` more in the current document (its posting there may exist already). */
  private count(id: number, times: number): void {
    const last = this.lastPostings[id]!;
    if (last >= 0 && this.postingDocs[last] === this.doc) {
      this.postingCounts[last] = Math.min(this.postingCounts[last]! + times, MAX_COUNT);
      return;
    }
    this.lastPostings[id] = this.append(id, times);
  }

  /** A new posting of key `id` in the current document; its index. */
  private append(id: number, times: number): number {
    if (this.postings === this.postingDocs.length) this.growPostings();
    const at = this.postings++;
    this.postingKeys[at] = id;
    this.postingDocs[at] = this.doc;
    this.postingCounts[at] = Math.min(times, MAX_COUNT);
    return at;
  }

  private unitId(unit: number): number {
    const known = this.unitIds[unit]!;
    if (known !== NO_ID) return known;
    return (this.unitIds[unit] = this.newKey(unit, NO_ID));
  }

  private pairId(first: number, second: number): number {
    const pair = (first << 16) | second;
    const slots = this.pairSlots;
    const mask = (1 << this.pairSlotBits) - 1;
    for (let slot = pairSlot(pair, this.pairSlotBits); ; slot = (slot + 1) & mask) {
      const id = slots[2 * slot + 1]!;
      if (id === NO_ID) {
        const created = this.newKey(first, second);
        slots[2 * slot] = pair;
        slots[2 * slot + 1] = created;
        if (++this.pairCount * 2 > mask + 1) this.growPairs();
        return created;
      }
      if (slots[2 * slot] === pair) return id;
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
    const old = this.pairSlots;
    this.pairSlotBits++;
    const slots = (this.pairSlots = new Int32Array(2 << this.pairSlotBits).fill(NO_ID));
    const mask = (1 << this.pairSlotBits) - 1;
    for (let at = 0; at < old.length; at += 2) {
      if (old[at + 1] === NO_ID) continue;
      let slot = pairSlot(old[at]!, this.pairSlotBits);
      while (slots[2 * slot + 1] !== NO_ID) slot = (slot + 1) & mask;
      slots[2 * slot] = old[at]!;
      slots[2 * slot + 1] = old[at + 1]!;
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

/**
 * Where a pair's probing starts: the top bits of a Fibonacci hash. (The low bits, taken before, depend
 * only on the low bits of the pair, the second unit mostly: pairs that share it piled up in long runs.)
 */
function pairSlot(pair: number, slotBits: number): number {
  return Math.imul(pair, 0x9e3779b1) >>> (32 - slotBits);
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
