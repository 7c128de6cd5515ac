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
const FLAG_UNITS = 4;
const HAN_ONLY = /^\p{Script=Han}+$/u;

export class SuggestionCollector {
  private readonly limits: SuggestionLimits;
  /** Key → posts holding it × 4 + how it was seen (SEEN_AS_WORD | SEEN_IN_SEQUENCE), one number per key. */
  private readonly counts = new Map<string, number>();
  /** Key → surface form → posts, only for keys some post wrote differently (`iPhone`, `核酸檢測`). */
  private readonly variants = new Map<string, Map<string, number>>();
  /** Key → posts holding it only in other surface forms (so the key's own form counts posts − this). */
  private readonly variantOnlyPosts = new Map<string, number>();
  /** Term → isSuggestable(term). */
  private readonly suggestable = new Map<string, boolean>();

  constructor(
    private readonly analyzer: Analyzer,
    limits: Partial<SuggestionLimits> = {},
  ) {
    this.limits = { ...DEFAULT_SUGGESTION_LIMITS, ...limits };
  }

  /** Counts the words and word sequences of one post (its fields together count once). */
  addPost(fields: readonly CollectedField[]): void {
    const seen = new Map<string, number>();
    const plain = new Set<string>();
    const surfaces = new Map<string, Set<string>>();
    const note = (key: string, surface: string, how: number): void => {
      seen.set(key, (seen.get(key) ?? 0) | how);
      if (surface === key) {
        plain.add(key);
        return;
      }
      let forms = surfaces.get(key);
      if (forms === undefined) surfaces.set(key, (forms = new Set()));
      forms.add(surface);
    };
    for (const field of fields) this.collectField(field, note);
    for (const [key, how] of seen) this.counts.set(key, ((this.counts.get(key) ?? 0) | how) + FLAG_UNITS);
    for (const [key, forms] of surfaces) {
      let counts = this.variants.get(key);
      if (counts === undefined) this.variants.set(key, (counts = new Map()));
      for (const form of forms) counts.set(form, (counts.get(form) ?? 0) + 1);
      if (!plain.has(key)) this.variantOnlyPosts.set(key, (this.variantOnlyPosts.get(key) ?? 0) + 1);
    }
    if (this.counts.size > this.limits.maxPendingKeys) this.dropSingletons();
  }

  /** The vocabulary: the `maxEntries` keys in most posts, sorted by key, with their pinyin. */
  finish(): SuggestionData {
    const suggested: Array<[string, number]> = [];
    for (const [key, packed] of this.counts) {
      if (isSuggested(packed, this.limits.minSequencePosts)) suggested.push([key, Math.floor(packed / FLAG_UNITS)]);
    }
    const kept = mostPosted(suggested, this.limits.maxEntries, (posts) => posts);
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
      texts: keys.map((key) => this.displayText(key)),
      posts: Uint32Array.from(kept, ([, count]) => count),
      pinyinFull: sortedPinyinKeys(full),
      pinyinInitials: sortedPinyinKeys(initials),
    });
  }

  private collectField(field: CollectedField, note: (key: string, surface: string, how: number) => void): void {
    const { original, folded, tokens } = field;
    const surface = (start: number, end: number, key: string): string => {
      // Most words are written as they are folded: spare the slice of the original then.
      if (folded.shifts === null) return sameUnits(original, folded.text, start, end) ? key : original.slice(start, end);
      const [from, to] = this.analyzer.foldedRangeToOriginal(folded.shifts, start, end);
      return original.slice(from, to);
    };
    // Sub-words count as words (a post with 疫情防控 holds 疫情) but never join sequences.
    const words: Token[] = [];
    for (const token of tokens) {
      if (token.kind !== 'subword') words.push(token);
      else if (this.isSuggestable(token.term)) note(token.term, surface(token.start, token.end, token.term), SEEN_AS_SUBWORD);
    }
    const usable = words.map((token) => this.isSuggestable(token.term));
    for (let i = 0; i < words.length; i++) {
      if (!usable[i]) continue;
      const first = words[i]!;
      note(first.term, surface(first.start, first.end, first.term), SEEN_AS_WORD);
      let key = first.term;
      for (let j = i + 1; j < Math.min(words.length, i + this.limits.maxSequenceWords); j++) {
        const next = words[j]!;
        if (!usable[j] || next.start !== words[j - 1]!.end) break;
        key += next.term;
        if (key.length > this.limits.maxKeyUnits) break;
        note(key, surface(first.start, next.end, key), SEEN_IN_SEQUENCE);
      }
    }
  }

  /** Two or more characters, a letter among them (no pure digits), not a stopword, not too long. */
  private isSuggestable(term: string): boolean {
    let known = this.suggestable.get(term);
    if (known === undefined) {
      known = term.length <= this.limits.maxKeyUnits && Array.from(term).length >= 2 && HAS_LETTER.test(term) && !this.analyzer.stopwords.has(term);
      // Words repeat across posts: answered once each (bounded, like the counts).
      if (this.suggestable.size < this.limits.maxPendingKeys) this.suggestable.set(term, known);
    }
    return known;
  }

  /** The surface form most posts used; the key itself on a tie. */
  private displayText(key: string): string {
    const forms = this.variants.get(key);
    if (forms === undefined) return key;
    let best = key;
    let bestPosts = Math.floor((this.counts.get(key) ?? 0) / FLAG_UNITS) - (this.variantOnlyPosts.get(key) ?? 0);
    for (const [form, count] of forms) {
      if (count > bestPosts || (count === bestPosts && best !== key && form < best)) {
        best = form;
        bestPosts = count;
      }
    }
    return best;
  }

  private dropSingletons(): void {
    for (const [key, packed] of this.counts) {
      if (packed >= 2 * FLAG_UNITS) continue;
      this.counts.delete(key);
      this.variants.delete(key);
      this.variantOnlyPosts.delete(key);
    }
  }
}

/** True when `a` and `b` hold the same units in [start, end). */
function sameUnits(a: string, b: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

function isSuggested(packed: number, minSequencePosts: number): boolean {
  if ((packed & SEEN_AS_WORD) !== 0) return true;
  return (packed & SEEN_IN_SEQUENCE) !== 0 && Math.floor(packed / FLAG_UNITS) >= minSequencePosts;
}
