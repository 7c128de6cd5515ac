/**
 * The character n-gram postings: for each unigram and bigram of a field's normalized text,
 * the documents holding it and how often. Kept out of MiniSearch on purpose (every bigram
 * in MiniSearch's JSON grows to ~3.6× the text); stored as typed arrays in one binary file.
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
const FORMAT = 1;
const HEADER_BYTES = 20;
const MAX_COUNT = 0xffff;
const PAUSE_EVERY_KEYS = 4096;
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
   * to end), so the merged postings stay sorted without a sort; keys are merged as sorted runs.
   * `pause` runs every few thousand keys: merging 10k posts' text n-grams is ~2 s of work.
   */
  static async merge(parts: ReadonlyArray<{ store: NgramStore; docMap: Int32Array }>, pause: Pause = NO_PAUSE): Promise<NgramStore> {
    if (parts.length === 1 && isIdentityMap(parts[0]!.docMap)) return parts[0]!.store;
    const runs = parts.map(({ store }) => Array.from({ length: store.keyCount }, (_, slot) => store.keyAt(slot)));
    const cursors = parts.map(() => 0);
    let total = 0;
    for (const part of parts) total += part.store.docs.length;
    const keys: string[] = [];
    const offsets: number[] = [];
    const docs = new Uint32Array(total);
    const counts = new Uint16Array(total);
    let at = 0;
    for (;;) {
      let key: string | undefined;
      runs.forEach((run, p) => {
        const candidate = run[cursors[p]!];
        if (candidate !== undefined && (key === undefined || candidate < key)) key = candidate;
      });
      if (key === undefined) break;
      if (keys.length % PAUSE_EVERY_KEYS === 0) await pause();
      keys.push(key);
      offsets.push(at);
      parts.forEach(({ store, docMap }, p) => {
        const slot = cursors[p]!;
        if (runs[p]![slot] !== key) return;
        cursors[p] = slot + 1;
        for (let i = store.offsets[slot]!; i < store.offsets[slot + 1]!; i++) {
          const doc = docMap[store.docs[i]!]!;
          if (doc < 0) continue;
          docs[at] = doc;
          counts[at++] = store.counts[i]!;
        }
      });
    }
    offsets.push(at);
    // Keys whose every posting was deleted stay with empty postings: lookups treat them as absent.
    return NgramStore.fromKeys(keys, Uint32Array.from(offsets), docs.slice(0, at), counts.slice(0, at));
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
    return NgramStore.fromKeys(keys, offsets, docs, counts);
  }

  /** Binary form: header, '\n'-joined keys (n-grams never hold whitespace), then the arrays. */
  serialize(): Buffer {
    const keyBytes = Buffer.from(this.keyText, 'utf8');
    const keyPadded = align4(keyBytes.length);
    const size =
      HEADER_BYTES + keyPadded + this.offsets.byteLength + this.docs.byteLength + align4(this.counts.byteLength);
    const out = Buffer.alloc(size);
    out.writeUInt32LE(MAGIC, 0);
    out.writeUInt32LE(FORMAT, 4);
    out.writeUInt32LE(keyBytes.length, 8);
    out.writeUInt32LE(this.keyCount, 12);
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
    const keyStarts = keyStartsOf(keyText, keyCount);
    if (keyStarts === null) throw corrupt('key count mismatch');
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
    const store = new NgramStore(keyText, keyStarts, offsets, docs, counts);
    // Lookups binary-search the keys: they must be strictly ascending (which also rules out duplicates).
    for (let slot = 1; slot < keyCount; slot++) {
      if (store.compareKey(slot - 1, store.keyAt(slot)) >= 0) throw corrupt('keys out of order or duplicated');
    }
    return store;
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
