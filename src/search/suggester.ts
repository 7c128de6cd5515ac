/**
 * As-you-type suggestions from an index: words and frequent word sequences, post titles, and words
 * typed as pinyin, each found by binary search over sorted keys (never a scan of the vocabulary).
 * It never changes what /api/search finds; it takes the analyzer from the index.
 */
import type { SearchIndex } from '../indexing/search-index.js';
import type { PinyinKeys, SuggestionData } from '../indexing/suggestion-data.js';
import { selectTop } from './top-k.js';

export type SuggestionKind = 'title' | 'term' | 'pinyin';

export interface Suggestion {
  /** What to search for: a word, a word sequence or a post title, as the posts write it. */
  text: string;
  kind: SuggestionKind;
  /** The post, for `title` suggestions. */
  id?: string;
}

const WHITESPACE = /\s+/gu;
/** What a pinyin query may hold once spaces are gone: letters, and `'` between syllables (`xi'an`). */
const PINYIN_QUERY = /^[a-z']+$/;

/** Share of the slots kept for titles when words would fill them all (a quarter, rounded down). */
const TITLE_SHARE = 4;

/** The first index of `keys` (ascending) whose key is not below `prefix`. */
function lowerBound(keys: readonly string[], prefix: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys[mid]! < prefix) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** `[start, end)` of the keys starting with `prefix`: they are contiguous in code-unit order. */
function prefixRange(keys: readonly string[], prefix: string): [number, number] {
  const start = lowerBound(keys, prefix);
  // Every key with the prefix sorts below prefix + U+FFFF (keys never hold that non-character).
  const end = lowerBound(keys, `${prefix}\uffff`);
  return [start, end];
}

/**
 * Suggestions for a typed prefix.
 *
 * Order: words and word sequences (and, for a Latin-letter query, words whose pinyin starts with
 * it), most posts first, then post titles, newest first. Titles keep a quarter of the slots when
 * words would fill them all; slots one kind leaves empty go to the other. No text appears twice.
 */
export class Suggester {
  private readonly data: SuggestionData;
  /** Titles, folded with whitespace removed, ascending, and the document of each. */
  private readonly titleKeys: string[];
  private readonly titleDocs: Uint32Array;
  private readonly dateMs: Float64Array;

  constructor(readonly index: SearchIndex) {
    this.data = index.suggestions;
    const titles = index.fields.title.normalized.map((title, doc) => ({ key: title.replace(WHITESPACE, ''), doc }));
    titles.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.doc - b.doc));
    this.titleKeys = titles.map((t) => t.key);
    this.titleDocs = Uint32Array.from(titles, (t) => t.doc);
    this.dateMs = Float64Array.from(index.documents, (doc) =>
      doc.date === null ? Number.NEGATIVE_INFINITY : Date.parse(doc.date),
    );
  }

  /**
   * Up to `limit` suggestions for what the user typed (raw text: it is normalized here, so
   * traditional characters and full-width letters find the same words).
   *
   * @example
   * suggester.suggest('核酸', 3); // [{text: '核酸检测', kind: 'term'}, {text: '核酸', kind: 'term'}, …]
   * suggester.suggest('hsjc', 1); // [{text: '核酸检测', kind: 'pinyin'}]
   */
  suggest(q: string, limit = 8): Suggestion[] {
    const prefix = this.index.analyzer.normalize(q).replace(WHITESPACE, '');
    if (prefix === '' || limit <= 0) return [];
    const words = this.words(prefix, limit);
    const titles = this.titles(prefix, limit + words.length);
    const reserved = Math.min(titles.length, Math.floor(limit / TITLE_SHARE));
    const seen = new Set<string>();
    const out: Suggestion[] = [];
    const take = (suggestion: Suggestion, max: number): void => {
      if (out.length >= max || seen.has(suggestion.text)) return;
      seen.add(suggestion.text);
      out.push(suggestion);
    };
    for (const word of words) take(word, limit - reserved);
    for (const title of titles) take(title, limit);
    return out;
  }

  /** Words and word sequences starting with `prefix`, merged with the pinyin matches, most posts first. */
  private words(prefix: string, limit: number): Suggestion[] {
    const posts = this.data.posts;
    const [start, end] = prefixRange(this.data.keys, prefix);
    const entries: number[] = [];
    const kinds: SuggestionKind[] = [];
    for (const i of this.topEntries(end - start, limit, (i) => start + i)) {
      entries.push(i);
      kinds.push('term');
    }
    const syllables = prefix.replace(/'/g, '');
    if (PINYIN_QUERY.test(prefix) && syllables !== '') {
      for (const i of this.pinyinEntries(syllables, limit)) {
        if (entries.includes(i)) continue;
        entries.push(i);
        kinds.push('pinyin');
      }
    }
    const order = entries.map((_, at) => at);
    order.sort((a, b) => posts[entries[b]!]! - posts[entries[a]!]! || a - b);
    return order.slice(0, limit).map((at) => ({ text: this.data.texts[entries[at]!]!, kind: kinds[at]! }));
  }

  /** Entries whose full pinyin or initials start with `letters`, most posts first. */
  private pinyinEntries(letters: string, limit: number): number[] {
    const found = new Set<number>();
    for (const table of [this.data.pinyinFull, this.data.pinyinInitials]) {
      for (const entry of this.pinyinRange(table, letters, limit)) found.add(entry);
    }
    const list = [...found];
    return this.topEntries(list.length, limit, (i) => list[i]!);
  }

  private pinyinRange(table: PinyinKeys, letters: string, limit: number): number[] {
    const [start, end] = prefixRange(table.keys, letters);
    return this.topEntries(end - start, limit, (i) => table.entries[start + i]!);
  }

  /** The `limit` entries of `entryAt(0..n-1)` in most posts, ties to the shorter then lower key. */
  private topEntries(n: number, limit: number, entryAt: (i: number) => number): number[] {
    const posts = this.data.posts;
    const keys = this.data.keys;
    const better = (a: number, b: number): boolean => {
      const x = entryAt(a);
      const y = entryAt(b);
      if (posts[x] !== posts[y]) return posts[x]! > posts[y]!;
      if (keys[x]!.length !== keys[y]!.length) return keys[x]!.length < keys[y]!.length;
      return keys[x]! < keys[y]! || (keys[x] === keys[y] && a < b);
    };
    return selectTop(n, limit, better).map(entryAt);
  }

  /** Titles starting with `prefix`, newest first (undated last), one per distinct title. */
  private titles(prefix: string, limit: number): Suggestion[] {
    const [start, end] = prefixRange(this.titleKeys, prefix);
    const docs = this.titleDocs;
    const better = (a: number, b: number): boolean => {
      const x = docs[start + a]!;
      const y = docs[start + b]!;
      return this.dateMs[x]! > this.dateMs[y]! || (this.dateMs[x] === this.dateMs[y] && a < b);
    };
    return selectTop(end - start, limit, better).map((i) => {
      const doc = this.index.documents[docs[start + i]!]!;
      return { text: doc.title, kind: 'title' as const, id: doc.id };
    });
  }
}
