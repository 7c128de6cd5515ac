/**
 * The in-memory index: stored documents, their normalized fields, the word index, the
 * character n-gram postings, the suggestion vocabulary, and the analyzer that made them (readonly: the searcher takes it
 * from here, so the wrong analyzer cannot be passed in). It does not read posts or files.
 */
import type { Analyzer } from '../analysis/analyzer.js';
import type { FoldResult, FoldShifts } from '../analysis/normalize.js';
import { createDocMap } from './doc-map.js';
import { SegmentedPostings } from './segmented-postings.js';
import type { PostingsSource } from './ngram-store.js';
import { SEARCH_FIELDS, type SearchField, type StoredDocument } from './schema.js';
import { buildSegment, type BuildSegmentOptions, type ReadSegmentParts } from './segment.js';
import type { SuggestionData } from './suggestion-data.js';
import { WordIndex } from './word-index.js';

/** One searchable field over all documents. */
export interface FieldData {
  /** Normalized field text per document number. */
  readonly normalized: readonly string[];
  /** Normalized length (UTF-16 units) per document number, for BM25 length normalization. */
  readonly lengths: Uint32Array;
  /** Per document, where the fold changed lengths (null: normalized unit i is original unit i). */
  readonly shifts: ReadonlyArray<FoldShifts | null>;
  readonly averageLength: number;
  readonly ngrams: PostingsSource;
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
    ngrams: Record<SearchField, PostingsSource>,
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

  /** Indexes `documents` (ids must be unique) with `analyzer`, as one segment. */
  static build(documents: readonly StoredDocument[], analyzer: Analyzer, options: BuildSegmentOptions = {}): SearchIndex {
    const parts = buildSegment(documents, analyzer, options);
    return new SearchIndex(analyzer, parts.documents, parts.words, parts.suggestions, parts.ngrams, parts.folds);
  }

  /**
   * One index over segments laid end to end, without their deleted documents: live documents keep
   * segment order, and every statistic the ranking uses (document counts, lengths, n-gram frequencies)
   * is the whole index's, so scores equal a full build's. Postings stay in their segments' stores,
   * read in place (SegmentedPostings); documents come folded (their texts' folds are stored with them),
   * and the suggestion vocabulary merged (a generation stores its segments' vocabularies merged).
   */
  static fromSegments(segments: readonly LoadedSegment[], suggestions: SuggestionData, analyzer: Analyzer): SearchIndex {
    let first = 0;
    const mapped = segments.map((segment) => {
      const docMap = createDocMap(segment.parts.documents.length, segment.deleted, first);
      first += segment.parts.documents.length - segment.deleted.size;
      return { ...segment, docMap };
    });
    const live = <T>(items: readonly T[], docMap: Int32Array): T[] => items.filter((_, local) => docMap[local]! >= 0);
    const documents = mapped.flatMap(({ parts, docMap }) => live(parts.documents, docMap));
    const folds = {} as Record<SearchField, FoldResult[]>;
    const ngrams = {} as Record<SearchField, PostingsSource>;
    for (const name of SEARCH_FIELDS) {
      folds[name] = mapped.flatMap(({ parts, docMap }) => live(parts.folds[name], docMap));
      ngrams[name] = new SegmentedPostings(mapped.map(({ parts, docMap }) => ({ store: parts.ngrams[name], docMap })));
    }
    const words = WordIndex.combine(mapped.map(({ parts, docMap }) => ({ words: parts.words, docMap })));
    return new SearchIndex(analyzer, documents, words, suggestions, ngrams, folds);
  }
}

/** A segment as read from disk: its parts and the local numbers of its deleted documents. */
export interface LoadedSegment {
  parts: ReadSegmentParts;
  deleted: ReadonlySet<number>;
}

/** `金融/新浪财经/` → ['金融', '新浪财经']: whole segments, trimmed, empty ones dropped. */
export function splitCategoryPath(path: string): string[] {
  return path
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment) => segment !== '');
}
