/**
 * Collects the suggestion vocabulary while an index is built: every word of two or more characters
 * (jieba words, their search-mode sub-words and whole Latin words; no stopwords, not pure digits) and every run of two or three
 * such adjacent words found in at least two posts (`核酸检测` = 核酸 + 检测), counted by posts, kept up
 * to a cap by post count, with the pinyin of the Han-only ones. It does not look anything up.
 */
import type { Analyzer } from '../analysis/analyzer.js';
import type { FoldResult } from '../analysis/normalize.js';
import type { Token } from '../analysis/token.js';
import { SuggestionData, mostPosted, sortedPinyinKeys } from './suggestion-data.js';
import { EMPTY_TEXT_HASH, TextKeyTable, extendHash } from './text-key-table.js';
import { grown } from './typed-arrays.js';

export interface SuggestionLimits {
  /** Words and word sequences kept, the ones in most posts first. */
  maxEntries: number;
  /** Posts a word sequence must occur in to be suggested (single words need one). */
  minSequencePosts: number;
  /** Longest word sequence, in words. */
  maxSequenceWords: number;
  /** Longest key, in UTF-16 units (longer words are rarely typed and mostly noise). */
  maxKeyUnits: number;
  /**
   * Distinct keys counted before the ones seen in only one post are dropped, to bound a huge
   * build's memory. Past it, counts are approximate: a key whose posts are far apart may be lost.
   */
  maxPendingKeys: number;
}

export const DEFAULT_SUGGESTION_LIMITS: SuggestionLimits = {
  maxEntries: 50_000,
  minSequencePosts: 2,
  maxSequenceWords: 3,
  maxKeyUnits: 32,
  maxPendingKeys: 2_000_000,
};

/** One field of a post: the original text, its fold (what the index built from it) and the fold's `wordTokens(…, true)`. */
export interface CollectedField {
  original: string;
  folded: FoldResult;
  tokens: readonly Token[];
}

/** A field's text folded and cut once, for everything a build makes of it. */
export function analyzeField(analyzer: Analyzer, original: string): CollectedField {
  const folded = analyzer.fold(original);
  return { original, folded, tokens: analyzer.wordTokens(folded.text, true) };
}

const HAS_LETTER = /\p{L}/u;
/** A precise word somewhere: suggestable from one post on. */
const SEEN_AS_WORD = 1;
/** A run of adjacent words: suggestable once in minSequencePosts posts. */
const SEEN_IN_SEQUENCE = 2;
/** Only inside a longer word (a search-mode sub-word): counts posts, never suggested on its own (`略图` of 缩略图). */
const SEEN_AS_SUBWORD = 0;
/** Not a way of being seen: some post wrote the key in another form (it has `variants`). */
const HAS_OTHER_FORMS = 4;
const HAN_ONLY = /^\p{Script=Han}+$/u;

/** `suggestable[id]` before the key's word test ran (keys that only ever came as sequences need none). */
const UNTESTED = 0;
const SUGGESTABLE = 1;
const NOT_SUGGESTABLE = 2;
const NO_POST = -1;
/** What suggestableId gives a word that is never suggested. */
const NO_KEY = -1;

/**
 * Counts keys by number: one lookup per word or word sequence in a TextKeyTable gives the key's
 * number, and its posts, flags and suggestability are typed-array slots. A post counts a key once
 * because the key remembers the last post that counted it, where per-post Maps of what a post saw
 * cost a lookup more per word. (Caching sequences by the numbers of their words, in a hash table of
 * number pairs, was slower: most sequences are seen once, and then cost both lookups.)
 */
export class SuggestionCollector {
  private readonly limits: SuggestionLimits;
  /** Key ↔ its number (every word looked up, suggestable or not, and every sequence). */
  private readonly keys = new TextKeyTable();
  /** Per key number: posts holding it. */
  private posts = new Int32Array(1 << 12);
  /** Per key number: how it was seen (SEEN_AS_WORD | SEEN_IN_SEQUENCE) over all posts, and HAS_OTHER_FORMS. */
  private seenHow = new Uint8Array(1 << 12);
  /** Per key number: the last post that counted it, and the last that wrote it as the key itself. */
  private lastPost = new Int32Array(1 << 12);
  private lastPlainPost = new Int32Array(1 << 12);
  /** Per key number: UNTESTED, SUGGESTABLE or NOT_SUGGESTABLE. */
  private suggestable = new Uint8Array(1 << 12);
  /** Keys in at least one post (what maxPendingKeys bounds). */
  private countedKeys = 0;
  private post = -1;
  /** Key → surface form → posts, only for keys some post wrote differently (`iPhone`, `核酸檢測`). */
  private readonly variants = new Map<string, Map<string, number>>();
  /** Key → posts holding it only in other surface forms (so the key's own form counts posts − this). */
  private readonly variantOnlyPosts = new Map<string, number>();

  constructor(
    private readonly analyzer: Analyzer,
    limits: Partial<SuggestionLimits> = {},
  ) {
    this.limits = { ...DEFAULT_SUGGESTION_LIMITS, ...limits };
  }

  /** Counts the words and word sequences of one post (its fields together count once). */
  addPost(fields: readonly CollectedField[]): void {
    this.post++;
    /** Keys this post wrote in another form than the key: key number → its forms here. Rare. */
    const surfaces = new Map<number, Set<string>>();
    for (const field of fields) this.collectField(field, surfaces);
    for (const [id, forms] of surfaces) {
      this.seenHow[id]! |= HAS_OTHER_FORMS;
      const key = this.keys.text(id);
      let counts = this.variants.get(key);
      if (counts === undefined) this.variants.set(key, (counts = new Map()));
      for (const form of forms) counts.set(form, (counts.get(form) ?? 0) + 1);
      if (this.lastPlainPost[id] !== this.post) this.variantOnlyPosts.set(key, (this.variantOnlyPosts.get(key) ?? 0) + 1);
    }
    if (this.countedKeys > this.limits.maxPendingKeys) this.dropSingletons();
  }

  /** The vocabulary: the `maxEntries` keys in most posts, sorted by key, with their pinyin. */
  finish(): SuggestionData {
    const suggested: Array<[string, number]> = [];
    for (let id = 0; id < this.keys.size; id++) {
      if (isSuggested(this.seenHow[id]!, this.posts[id]!, this.limits.minSequencePosts)) suggested.push([this.keys.text(id), id]);
    }
    const kept = mostPosted(suggested, this.limits.maxEntries, (id) => this.posts[id]!);
    const keys = kept.map(([key]) => key);
    const full: Array<[string, number]> = [];
    const initials: Array<[string, number]> = [];
    keys.forEach((key, entry) => {
      if (!HAN_ONLY.test(key)) return;
      const reading = this.analyzer.pinyin(key);
      if (reading === null) return;
      full.push([reading.full, entry]);
      initials.push([reading.initials, entry]);
    });
    return new SuggestionData({
      keys,
      texts: kept.map(([key, id]) => this.displayText(key, id)),
      posts: Uint32Array.from(kept, ([, id]) => this.posts[id]!),
      pinyinFull: sortedPinyinKeys(full),
      pinyinInitials: sortedPinyinKeys(initials),
    });
  }

  private collectField(field: CollectedField, surfaces: Map<number, Set<string>>): void {
    const { original, folded, tokens } = field;
    // Counts key `id` (at [start, end) of the fold) for this post.
    const note = (id: number, start: number, end: number, how: number): void => {
      if (this.lastPost[id] !== this.post) {
        if (this.posts[id] === 0) this.countedKeys++;
        this.lastPost[id] = this.post;
        this.posts[id]!++;
      }
      this.seenHow[id]! |= how;
      // Most words are written as they are folded: spare the slice of the original then.
      if (folded.shifts === null && sameUnits(original, folded.text, start, end)) {
        this.lastPlainPost[id] = this.post;
        return;
      }
      let surface: string;
      if (folded.shifts === null) surface = original.slice(start, end);
      else {
        const [from, to] = this.analyzer.foldedRangeToOriginal(folded.shifts, start, end);
        surface = original.slice(from, to);
      }
      if (this.keys.isText(id, surface)) {
        this.lastPlainPost[id] = this.post;
        return;
      }
      let forms = surfaces.get(id);
      if (forms === undefined) surfaces.set(id, (forms = new Set()));
      forms.add(surface);
    };
    // Sub-words count as words (a post with 疫情防控 holds 疫情) but never join sequences.
    const words: Token[] = [];
    const wordIds: number[] = [];
    tokens.forEach((token, t) => {
      const id = this.suggestableId(tokens, t);
      if (token.kind !== 'subword') {
        words.push(token);
        wordIds.push(id);
      } else if (id !== NO_KEY) note(id, token.start, token.end, SEEN_AS_SUBWORD);
    });
    for (let i = 0; i < words.length; i++) {
      const firstId = wordIds[i]!;
      if (firstId === NO_KEY) continue;
      const first = words[i]!;
      note(firstId, first.start, first.end, SEEN_AS_WORD);
      let hash = extendHash(EMPTY_TEXT_HASH, first.term);
      let units = first.term.length;
      for (let j = i + 1; j < Math.min(words.length, i + this.limits.maxSequenceWords); j++) {
        const next = words[j]!;
        if (wordIds[j] === NO_KEY || next.start !== words[j - 1]!.end) break;
        units += next.term.length;
        if (units > this.limits.maxKeyUnits) break;
        hash = extendHash(hash, next.term);
        note(this.idOf(hash, words, i, j), first.start, next.end, SEEN_IN_SEQUENCE);
      }
    }
  }

  /** The number of `tokens[t]`'s term if it may be suggested (isSuggestable), else NO_KEY. */
  private suggestableId(tokens: readonly Token[], t: number): number {
    const term = tokens[t]!.term;
    // One character is never suggestable: most tokens are one, and need no lookup.
    if (term.length < 2) return NO_KEY;
    const id = this.idOf(extendHash(EMPTY_TEXT_HASH, term), tokens, t, t);
    let known = this.suggestable[id]!;
    if (known === UNTESTED) this.suggestable[id] = known = this.isSuggestable(term) ? SUGGESTABLE : NOT_SUGGESTABLE;
    return known === SUGGESTABLE ? id : NO_KEY;
  }

  /** The number of the key `terms[from..to]` joined (`hash` is its TextKeyTable hash), a new key or not. */
  private idOf(hash: number, terms: readonly Token[], from: number, to: number): number {
    const known = this.keys.size;
    const id = this.keys.numberOf(hash, terms, from, to);
    if (id < known) return id;
    if (id === this.posts.length) this.grow(2 * id);
    this.posts[id] = 0;
    this.seenHow[id] = 0;
    this.lastPost[id] = NO_POST;
    this.lastPlainPost[id] = NO_POST;
    this.suggestable[id] = UNTESTED;
    return id;
  }

  private grow(size: number): void {
    this.posts = grown(this.posts, new Int32Array(size));
    this.seenHow = grown(this.seenHow, new Uint8Array(size));
    this.lastPost = grown(this.lastPost, new Int32Array(size));
    this.lastPlainPost = grown(this.lastPlainPost, new Int32Array(size));
    this.suggestable = grown(this.suggestable, new Uint8Array(size));
  }

  /** Two or more characters, a letter among them (no pure digits), not a stopword, not too long. */
  private isSuggestable(term: string): boolean {
    return term.length <= this.limits.maxKeyUnits && Array.from(term).length >= 2 && HAS_LETTER.test(term) && !this.analyzer.stopwords.has(term);
  }

  /** The surface form most posts used; the key itself on a tie. */
  private displayText(key: string, id: number): string {
    const forms = this.variants.get(key);
    if (forms === undefined) return key;
    let best = key;
    let bestPosts = this.posts[id]! - (this.variantOnlyPosts.get(key) ?? 0);
    for (const [form, count] of forms) {
      if (count > bestPosts || (count === bestPosts && best !== key && form < best)) {
        best = form;
        bestPosts = count;
      }
    }
    return best;
  }

  /**
   * Forgets the keys in fewer than two posts (and the words only looked up), renumbering the rest in
   * place: each kept key moves to the lowest free number, which is never above its own.
   */
  private dropSingletons(): void {
    const kept = (id: number): boolean => {
      if (this.posts[id]! >= 2) return true;
      if ((this.seenHow[id]! & HAS_OTHER_FORMS) !== 0) {
        const key = this.keys.text(id);
        this.variants.delete(key);
        this.variantOnlyPosts.delete(key);
      }
      return false;
    };
    this.keys.retain(kept, (from, to) => {
      this.posts[to] = this.posts[from]!;
      this.seenHow[to] = this.seenHow[from]!;
      this.lastPost[to] = this.lastPost[from]!;
      this.lastPlainPost[to] = this.lastPlainPost[from]!;
      this.suggestable[to] = this.suggestable[from]!;
    });
    this.countedKeys = this.keys.size;
  }
}

/** True when `a` and `b` hold the same units in [start, end). */
function sameUnits(a: string, b: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

function isSuggested(how: number, posts: number, minSequencePosts: number): boolean {
  if ((how & SEEN_AS_WORD) !== 0) return true;
  return (how & SEEN_IN_SEQUENCE) !== 0 && posts >= minSequencePosts;
}
