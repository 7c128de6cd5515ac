/**
 * The in-memory index: stored documents, their normalized fields, the word index, the
 * character n-gram postings, the suggestion vocabulary, and the analyzer that made them (readonly: the searcher takes it
 * from here, so the wrong analyzer cannot be passed in). It does not read posts or files.
 */
import type { Analyzer } from '../analysis/analyzer.js';
import type { FoldResult, FoldShifts } from '../analysis/normalize.js';
import { WordIndex } from './mini-search.js';
import { NgramStore, NgramStoreBuilder } from './ngram-store.js';
import { SEARCH_FIELDS, type SearchField, type StoredDocument } from './schema.js';
import { SuggestionCollector, type SuggestionLimits } from './suggestion-collector.js';
import type { SuggestionData } from './suggestion-data.js';
import { NO_PAUSE, type Pause } from './time-slice.js';

/** One searchable field over all documents. */
export interface FieldData {
  /** Normalized field text per document number. */
  readonly normalized: readonly string[];
  /** Normalized length (UTF-16 units) per document number, for BM25 length normalization. */
  readonly lengths: Uint32Array;
  /** Per document, where the fold changed lengths (null: normalized unit i is original unit i). */
  readonly shifts: ReadonlyArray<FoldShifts | null>;
  readonly averageLength: number;
  readonly ngrams: NgramStore;
}

export interface IndexParts {
  documents: StoredDocument[];
  words: WordIndex;
  ngrams: Record<SearchField, NgramStore>;
  suggestions: SuggestionData;
}

export type BuildProgress = (done: number, total: number) => void;

export class SearchIndex {
  readonly fields: Readonly<Record<SearchField, FieldData>>;
  /** Normalized category paths per document, each split into segments. */
  readonly categorySegments: ReadonlyArray<ReadonlyArray<readonly string[]>>;
  private readonly numbersById: Map<string, number>;

  private constructor(
    readonly analyzer: Analyzer,
    readonly documents: readonly StoredDocument[],
    readonly words: WordIndex,
    /** Words and frequent word sequences for as-you-type suggestions (search/suggester.ts looks them up). */
    readonly suggestions: SuggestionData,
    ngrams: Record<SearchField, NgramStore>,
    folds: Record<SearchField, FoldResult[]>,
  ) {
    const field = (name: SearchField): FieldData => {
      const texts = folds[name].map((f) => f.text);
      const lengths = Uint32Array.from(texts, (text) => text.length);
      const sum = lengths.reduce((a, b) => a + b, 0);
      return {
        normalized: texts,
        lengths,
        shifts: folds[name].map((f) => f.shifts),
        averageLength: texts.length === 0 ? 1 : Math.max(1, sum / texts.length),
        ngrams: ngrams[name],
      };
    };
    this.fields = { title: field('title'), text: field('text') };
    this.categorySegments = documents.map((doc) => doc.categories.map((path) => splitCategoryPath(analyzer.normalize(path))));
    this.numbersById = new Map(documents.map((doc, number) => [doc.id, number]));
  }

  get docCount(): number {
    return this.documents.length;
  }

  /** The document number of `id`, or undefined. */
  documentNumber(id: string): number | undefined {
    return this.numbersById.get(id);
  }

  /** Ngram and word stores, for persistence. */
  parts(): IndexParts {
    return {
      documents: [...this.documents],
      words: this.words,
      ngrams: { title: this.fields.title.ngrams, text: this.fields.text.ngrams },
      suggestions: this.suggestions,
    };
  }

  /** Indexes `documents` (ids must be unique) with `analyzer`. */
  static build(
    documents: readonly StoredDocument[],
    analyzer: Analyzer,
    onProgress?: BuildProgress,
    suggestionLimits?: Partial<SuggestionLimits>,
  ): SearchIndex {
    const words = WordIndex.create(analyzer);
    const suggestions = new SuggestionCollector(analyzer, suggestionLimits);
    const builders = { title: new NgramStoreBuilder(), text: new NgramStoreBuilder() };
    const folds: Record<SearchField, FoldResult[]> = { title: [], text: [] };
    const seen = new Set<string>();
    documents.forEach((doc, number) => {
      if (seen.has(doc.id)) throw new Error(`duplicate document id ${doc.id}`);
      seen.add(doc.id);
      for (const name of SEARCH_FIELDS) {
        const folded = analyzer.fold(doc[name]);
        folds[name].push(folded);
        builders[name].add(number, analyzer.characterNgrams(folded.text));
      }
      words.add(number, { title: doc.title, text: doc.text });
      suggestions.addPost(SEARCH_FIELDS.map((name) => ({ original: doc[name], folded: folds[name][number]! })));
      onProgress?.(number + 1, documents.length);
    });
    const ngrams = { title: NgramStore.fromBuilder(builders.title), text: NgramStore.fromBuilder(builders.text) };
    return new SearchIndex(analyzer, [...documents], words, suggestions.finish(), ngrams, folds);
  }

  /**
   * Reassembles an index from persisted parts. The normalized fields are recomputed (the longest step of a
   * load: every document's fold), calling `pause` after each document so a service keeps answering.
   */
  static async fromParts(parts: IndexParts, analyzer: Analyzer, pause: Pause = NO_PAUSE): Promise<SearchIndex> {
    const folds: Record<SearchField, FoldResult[]> = { title: [], text: [] };
    for (const doc of parts.documents) {
      folds.title.push(analyzer.fold(doc.title));
      folds.text.push(analyzer.fold(doc.text));
      await pause();
    }
    return new SearchIndex(analyzer, parts.documents, parts.words, parts.suggestions, parts.ngrams, folds);
  }
}

/** `金融/新浪财经/` → ['金融', '新浪财经']: whole segments, trimmed, empty ones dropped. */
export function splitCategoryPath(path: string): string[] {
  return path
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '');
}
