/**
 * The benchmark's own fold (NFKC, lowercase, OpenCC tw→cn per character) and the truth it defines: a post is
 * relevant when every query part occurs in its folded title or text. Independent of zhsearch's normalizer.
 */
import * as OpenCC from 'opencc-js';
import type { ReferencePost } from '../engine/queries.js';

const traditionalToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const charCache = new Map<string, string>();

function foldChar(ch: string): string {
  const cached = charCache.get(ch);
  if (cached !== undefined) return cached;
  const folded: string = traditionalToSimplified(ch);
  charCache.set(ch, folded);
  return folded;
}

/**
 * @example
 * fold('ＯＤＢＣ 資料庫') // 'odbc 资料库'
 */
export function fold(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKC').toLowerCase()) out += foldChar(ch);
  return out;
}

/** The space-separated parts of a query, as the truth and zhsearch's parser both split them. */
export function queryParts(q: string): string[] {
  return q.split(/\s+/u).filter((part) => part !== '');
}

/** A part with nothing but punctuation, spaces or control characters (zhsearch ignores those). */
export function isPunctuationOnly(part: string): boolean {
  return !/[^\p{P}\p{Z}\p{C}\s]/u.test(part);
}

/** The parts the truth requires, folded: punctuation-only parts (`-` in `A - B`) require nothing. */
export function foldedParts(q: string): string[] {
  return queryParts(q).filter((part) => !isPunctuationOnly(part)).map(fold);
}

export interface FoldedCorpus {
  posts: readonly ReferencePost[];
  ids: readonly string[];
  titles: readonly string[];
  texts: readonly string[];
  /** Every folded title and text joined with U+0000, for "occurs anywhere" checks. */
  all: string;
}

export function foldCorpus(posts: readonly ReferencePost[]): FoldedCorpus {
  const titles = posts.map((post) => fold(post.title));
  const texts = posts.map((post) => fold(post.text));
  return {
    posts,
    ids: posts.map((post) => post.id),
    titles,
    texts,
    all: posts.map((_, i) => `${titles[i] ?? ''}\u0000${texts[i] ?? ''}`).join('\u0000'),
  };
}

/** Indexes (into corpus.posts) of the posts that contain every folded part of `q`, in corpus order; none for a query without parts. */
export function matchingPosts(corpus: FoldedCorpus, q: string, limit = Number.POSITIVE_INFINITY): number[] {
  const parts = foldedParts(q);
  const found: number[] = [];
  if (parts.length === 0) return found;
  for (let i = 0; i < corpus.ids.length && found.length < limit; i += 1) {
    const title = corpus.titles[i] ?? '';
    const text = corpus.texts[i] ?? '';
    if (parts.every((part) => title.includes(part) || text.includes(part))) found.push(i);
  }
  return found;
}

/** The ids of the relevant posts of `q`. */
export function relevantIds(corpus: FoldedCorpus, q: string): string[] {
  return matchingPosts(corpus, q).map((i) => corpus.ids[i] ?? '');
}
