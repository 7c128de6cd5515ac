/**
 * The systems zhsearch is compared with, built here over the REFERENCE text: MiniSearch with a jieba
 * tokenizer (OR, its default, and AND), FlexSearch with its CJK encoder, and an exact substring scan.
 */
import { Charset, Document } from 'flexsearch';
import MiniSearch from 'minisearch';
import type { ReferencePost } from '../engine/queries.js';
import { matchingPosts, type FoldedCorpus } from './fold.js';
import { cut } from './jieba.js';

/** A search system as the benchmark sees it: ids of the best `limit` posts, best first. */
export interface SearchSystem {
  name: string;
  /** One line for the report: what was configured. */
  setup: string;
  search(q: string, limit: number): string[];
}

const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** jieba's precise cut, keeping the words with a letter or digit (MiniSearch's own tokenizer drops spaces and punctuation too). */
function jiebaTokens(text: string): string[] {
  return cut(text).filter((token) => HAS_LETTER_OR_DIGIT.test(token));
}

export function createMiniSearch(posts: readonly ReferencePost[], combineWith: 'OR' | 'AND'): SearchSystem {
  const index = new MiniSearch<ReferencePost>({
    fields: ['title', 'text'],
    tokenize: jiebaTokens,
    searchOptions: { combineWith },
  });
  index.addAll(posts);
  return {
    name: combineWith === 'OR' ? 'minisearch' : 'minisearch-and',
    setup: `MiniSearch, fields title+text, tokenize = nodejieba cut(text, true) minus tokens without a letter or digit, default search options${combineWith === 'AND' ? ' but combineWith AND' : ' (combineWith OR)'}`,
    search: (q, limit) => index.search(q).slice(0, limit).map((result) => String(result.id)),
  };
}

/** FlexSearch's documents must be plain records. */
type FlexDocument = { id: string; title: string; text: string } & Record<string, string>;

interface FlexResult {
  id: string | number;
}

export function createFlexSearch(posts: readonly ReferencePost[]): SearchSystem {
  const index = new Document<FlexDocument>({
    document: { id: 'id', index: ['title', 'text'] },
    encoder: Charset.CJK,
    tokenize: 'forward',
  });
  for (const post of posts) index.add({ id: post.id, title: post.title, text: post.text });
  return {
    name: 'flexsearch',
    setup: "FlexSearch Document, fields title+text, encoder Charset.CJK, tokenize 'forward', search with merge: true",
    search: (q, limit) => {
      const results = index.search(q, { limit, merge: true }) as unknown as FlexResult[];
      return results.slice(0, limit).map((result) => String(result.id));
    },
  };
}

/** Scans every folded title and text (the whole corpus, so it counts all matches as zhsearch does). */
export function createScan(corpus: FoldedCorpus): SearchSystem {
  return {
    name: 'scan',
    setup: 'String.includes of every folded query part over every folded title and text, corpus order',
    search: (q, limit) => matchingPosts(corpus, q).slice(0, limit).map((i) => corpus.ids[i] ?? ''),
  };
}
