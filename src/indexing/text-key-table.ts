/**
 * Numbers for short texts that come as runs of terms (a word, or adjacent words), found by a hash of
 * their UTF-16 units in an open-addressing table of typed arrays. A lookup of a text seen before makes
 * no string: a word sequence as a Map key would be a new string, flattened to be hashed, for every
 * occurrence. Exact: a hash match is confirmed against the stored text.
 */

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
  private readonly texts: string[] = [];

  /** Texts numbered so far: their numbers are 0 … size − 1. */
  get size(): number {
    return this.texts.length;
  }

  /** The text of number `id`. */
  text(id: number): string {
    return this.texts[id]!;
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
      if (id === EMPTY) return this.added(at, hash, joined(terms, from, to));
      if (slots[at] === hash && spells(this.texts[id]!, terms, from, to)) return id;
    }
  }

  /**
   * Keeps the texts `kept` accepts and renumbers them in their order (each to the lowest free number,
   * never above its own): `moved(from, to)` is told each kept text's old and new number.
   */
  retain(kept: (id: number) => boolean, moved: (from: number, to: number) => void): void {
    let next = 0;
    for (let id = 0; id < this.texts.length; id++) {
      if (!kept(id)) continue;
      this.texts[next] = this.texts[id]!;
      moved(id, next++);
    }
    this.texts.length = next;
    this.slots.fill(EMPTY);
    this.texts.forEach((text, id) => this.place(extendHash(EMPTY_TEXT_HASH, text), id));
  }

  private added(at: number, hash: number, text: string): number {
    const id = this.texts.length;
    this.texts.push(text);
    this.slots[at] = hash;
    this.slots[at + 1] = id;
    // At most half full: probes stay short.
    if (2 * this.texts.length > 1 << this.slotBits) this.grow();
    return id;
  }

  private grow(): void {
    this.slotBits++;
    this.slots = new Int32Array((1 << this.slotBits) * SLOT_INTS).fill(EMPTY);
    this.texts.forEach((text, id) => this.place(extendHash(EMPTY_TEXT_HASH, text), id));
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

/** The slot to start probing at: the top bits of the hash, mixed (FNV's low bits are weak). */
function slotOf(hash: number, slotBits: number): number {
  return Math.imul(hash ^ (hash >>> 15), 0x9e3779b1) >>> (32 - slotBits);
}

function joined(terms: readonly Term[], from: number, to: number): string {
  let text = terms[from]!.term;
  for (let i = from + 1; i <= to; i++) text += terms[i]!.term;
  return text;
}

/** True when `text` is `terms[from..to]` joined. */
function spells(text: string, terms: readonly Term[], from: number, to: number): boolean {
  let at = 0;
  for (let i = from; i <= to; i++) {
    const term = terms[i]!.term;
    if (at + term.length > text.length) return false;
    for (let u = 0; u < term.length; u++) if (text.charCodeAt(at + u) !== term.charCodeAt(u)) return false;
    at += term.length;
  }
  return at === text.length;
}
