/**
 * The only importer of minisearch: the word index (jieba words, sub-words and whole Latin
 * words of title and text) used for BM25 word scores. MiniSearch never tokenizes on its own:
 * its tokenizer is bound to the analyzer and query terms arrive already analyzed.
 */
import MiniSearch, { type Options } from 'minisearch';
import type { Analyzer } from '../analysis/analyzer.js';
import { SEARCH_FIELDS, TITLE_BOOST, type SearchField } from './schema.js';

interface WordDocument {
  id: number;
  title: string;
  text: string;
}

function optionsFor(analyzer: Analyzer): Options<WordDocument> {
  return {
    idField: 'id',
    fields: [...SEARCH_FIELDS],
    storeFields: [],
    tokenize: (text) => analyzer.documentTerms(text),
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => [text], processTerm: (term) => term },
  };
}

/** BM25 scores of documents over analyzer terms. */
export class WordIndex {
  private constructor(private readonly mini: MiniSearch<WordDocument>) {}

  static create(analyzer: Analyzer): WordIndex {
    return new WordIndex(new MiniSearch(optionsFor(analyzer)));
  }

  static async load(json: string, analyzer: Analyzer): Promise<WordIndex> {
    return new WordIndex(await MiniSearch.loadJSONAsync(json, optionsFor(analyzer)));
  }

  add(docNumber: number, fields: Record<SearchField, string>): void {
    this.mini.add({ id: docNumber, title: fields.title, text: fields.text });
  }

  /**
   * Documents holding every one of `terms` (already analyzed) in a field, with their BM25
   * score (title boosted). An empty term list scores nothing.
   */
  scoreAll(terms: readonly string[], fields: readonly SearchField[] = SEARCH_FIELDS): Map<number, number> {
    const scores = new Map<number, number>();
    if (terms.length === 0) return scores;
    const results = this.mini.search(
      { combineWith: 'AND', queries: [...terms] },
      { fields: [...fields], boost: { title: TITLE_BOOST }, prefix: false, fuzzy: false },
    );
    for (const result of results) scores.set(result.id as number, result.score);
    return scores;
  }

  toJSON(): string {
    return JSON.stringify(this.mini);
  }
}
