/**
 * Numbers for short texts that come as runs of terms (a word, or adjacent words), found by a hash of
 * their UTF-16 units in an open-addressing table of typed arrays. No lookup makes a string: a word
 * sequence as a Map key would be a new string, flattened to be hashed, for every occurrence, and the
 * texts are kept as units in one typed array, not as strings (a build's suggestion keys are mostly word
 * sequences seen once: a million and more per segment, which as strings kept the garbage collector
 * busy). Exact: a hash match is confirmed against the stored units.
 */
import { grown } from './typed-arrays.js';

/** A run of terms: the text is `terms[from].term + … + terms[to].term`. */
export interface Term {
  readonly term: string;
}

const EMPTY = -1;
/** Per slot: the text's hash, its number (EMPTY in an empty slot). */
const SLOT_INTS = 2;
const INITIAL_SLOT_BITS = 12;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** The hash of the empty text: extend it with each term in turn. */
export const EMPTY_TEXT_HASH = FNV_OFFSET;

/** The hash of a text whose hash is `hash`, followed by `term` (FNV-1a over UTF-16 units). */
export function extendHash(hash: number, term: string): number {
  let h = hash;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), FNV_PRIME);
  return h;
}

export class TextKeyTable {
  private slots = new Int32Array((1 << INITIAL_SLOT_BITS) * SLOT_INTS).fill(EMPTY);
  private slotBits = INITIAL_SLOT_BITS;
  /** Every text's UTF-16 units end to end: text `id` is units [starts[id], starts[id + 1]). */
  private units = new Uint16Array(1 << 16);
  private starts = new Int32Array(1 << 12);
  /** Per number: the hash it was looked up with (to place it again when the table grows or renumbers). */
  private hashes = new Int32Array(1 << 12);
  private count = 0;

  /** Texts numbered so far: their numbers are 0 … size − 1. */
  get size(): number {
    return this.count;
  }

  /** The text of number `id` (a new string: most texts are never asked for one). */
  text(id: number): string {
    const from = this.starts[id]!;
    const to = this.starts[id + 1]!;
    let text = '';
    for (let at = from; at < to; at += STRING_CHUNK) text += String.fromCharCode(...this.units.subarray(at, Math.min(to, at + STRING_CHUNK)));
    return text;
  }

  /** True when the text of number `id` is `text`. */
  isText(id: number, text: string): boolean {
    const from = this.starts[id]!;
    if (this.starts[id + 1]! - from !== text.length) return false;
    for (let i = 0; i < text.length; i++) if (this.units[from + i] !== text.charCodeAt(i)) return false;
    return true;
  }

  /**
   * The number of the text of `terms[from..to]` (both included), whose hash (extendHash from
   * EMPTY_TEXT_HASH over those terms) is `hash`; the next free number if the text is new.
   */
  numberOf(hash: number, terms: readonly Term[], from: number, to: number): number {
    const slots = this.slots;
    const mask = (1 << this.slotBits) - 1;
    for (let slot = slotOf(hash, this.slotBits); ; slot = (slot + 1) & mask) {
      const at = slot * SLOT_INTS;
      const id = slots[at + 1]!;
      if (id === EMPTY) return this.added(at, hash, terms, from, to);
      if (slots[at] === hash && this.spells(id, terms, from, to)) return id;
    }
  }

  /**
   * Keeps the texts `kept` accepts and renumbers them in their order (each to the lowest free number,
   * never above its own): `moved(from, to)` is told each kept text's old and new number.
   */
  retain(kept: (id: number) => boolean, moved: (from: number, to: number) => void): void {
    let next = 0;
    let end = 0;
    for (let id = 0; id < this.count; id++) {
      if (!kept(id)) continue;
      // Units move down (or stay): a kept text never starts after its own old place.
      const from = this.starts[id]!;
      const to = this.starts[id + 1]!;
      this.units.copyWithin(end, from, to);
      this.starts[next] = end;
      this.hashes[next] = this.hashes[id]!;
      end += to - from;
      moved(id, next++);
    }
    this.count = next;
    this.starts[next] = end;
    this.slots.fill(EMPTY);
    for (let id = 0; id < this.count; id++) this.place(this.hashes[id]!, id);
  }

  private added(at: number, hash: number, terms: readonly Term[], from: number, to: number): number {
    const id = this.count++;
    if (this.count + 1 > this.starts.length) {
      this.starts = grown(this.starts, new Int32Array(2 * this.starts.length));
      this.hashes = grown(this.hashes, new Int32Array(2 * this.hashes.length));
    }
    let end = this.starts[id]!;
    for (let i = from; i <= to; i++) {
      const term = terms[i]!.term;
      if (end + term.length > this.units.length) this.units = grown(this.units, new Uint16Array(Math.max(2 * this.units.length, end + term.length)));
      for (let u = 0; u < term.length; u++) this.units[end++] = term.charCodeAt(u);
    }
    this.starts[id + 1] = end;
    this.hashes[id] = hash;
    this.slots[at] = hash;
    this.slots[at + 1] = id;
    // At most half full: probes stay short.
    if (2 * this.count > 1 << this.slotBits) this.grow();
    return id;
  }

  /** True when text `id` is `terms[from..to]` joined. */
  private spells(id: number, terms: readonly Term[], from: number, to: number): boolean {
    const units = this.units;
    let at = this.starts[id]!;
    const end = this.starts[id + 1]!;
    for (let i = from; i <= to; i++) {
      const term = terms[i]!.term;
      if (at + term.length > end) return false;
      for (let u = 0; u < term.length; u++) if (units[at + u] !== term.charCodeAt(u)) return false;
      at += term.length;
    }
    return at === end;
  }

  private grow(): void {
    this.slotBits++;
    this.slots = new Int32Array((1 << this.slotBits) * SLOT_INTS).fill(EMPTY);
    for (let id = 0; id < this.count; id++) this.place(this.hashes[id]!, id);
  }

  /** Puts number `id` in the first free slot for `hash` (the text is known to be absent). */
  private place(hash: number, id: number): void {
    const mask = (1 << this.slotBits) - 1;
    let slot = slotOf(hash, this.slotBits);
    while (this.slots[slot * SLOT_INTS + 1] !== EMPTY) slot = (slot + 1) & mask;
    this.slots[slot * SLOT_INTS] = hash;
    this.slots[slot * SLOT_INTS + 1] = id;
  }
}

/** Units passed to String.fromCharCode at once (its arguments are bounded by the stack). */
const STRING_CHUNK = 4096;

/** The slot to start probing at: the top bits of the hash, mixed (FNV's low bits are weak). */
function slotOf(hash: number, slotBits: number): number {
  return Math.imul(hash ^ (hash >>> 15), 0x9e3779b1) >>> (32 - slotBits);
}
