/**
 * Builds small in-memory indexes from hand-written documents for search tests.
 */
import { createAnalyzer } from '../../src/analysis/analyzer.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import type { StoredDocument } from '../../src/indexing/schema.js';
import { SearchIndex } from '../../src/indexing/search-index.js';
import { Searcher } from '../../src/search/searcher.js';

export type DocInput = Partial<StoredDocument> & { id: string; text: string };

export function storedDocument(input: DocInput): StoredDocument {
  return {
    path: `${input.id}.md`,
    title: input.id,
    date: null,
    categories: [],
    tags: [],
    author: null,
    url: null,
    editor: null,
    meta: {},
    contentHash: 'x',
    ...input,
  };
}

/** The analyzer the engine uses by default (the bundled user dictionary and stopwords). */
export function analyzer() {
  return createAnalyzer({ userDictPath: DEFAULT_CONFIG.userDict, stopwordsPath: DEFAULT_CONFIG.stopwords });
}

export function tinySearcher(docs: DocInput[]): Searcher {
  const index = SearchIndex.build(docs.map(storedDocument), analyzer());
  return new Searcher(index, { urlFor: (doc) => `/posts/${encodeURIComponent(doc.id)}` });
}

/** Ids of the hits of `q`, in rank order. */
export function ids(searcher: Searcher, q: string, limit = 100): string[] {
  return searcher.search({ q, limit }).hits.map((hit) => hit.id);
}
