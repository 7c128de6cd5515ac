/**
 * What every way of holding one segment's word index provides (word-index.ts picks one per segment).
 */
import type { Postings } from './ngram-store.js';
import type { SearchField } from './schema.js';

export const WORD_INDEX_KINDS = ['minisearch', 'postings'] as const;
export type WordIndexKind = (typeof WORD_INDEX_KINDS)[number];
export const DEFAULT_WORD_INDEX: WordIndexKind = 'postings';

/** Analyzer terms of one document, per field. */
export type FieldTerms = Readonly<Record<SearchField, readonly string[]>>;

/** One segment's word index, in local document numbers. */
export interface WordStore {
  readonly kind: WordIndexKind;
  add(docNumber: number, terms: FieldTerms): void;
  /** Local documents, ascending, that hold every one of `terms` in one of `fields` and that `accept`s. */
  docsWithAll(terms: readonly string[], fields: readonly SearchField[], accept: (local: number) => boolean): number[];
  /**
   * The documents holding `term` as a word in `field`, with how often (local numbers), or null when this
   * kind of store cannot say (MiniSearch's postings are not ours to read).
   */
  postingsOf(term: string, field: SearchField): Postings | null;
  /** The bytes a segment file stores (before compression). */
  serialize(): Buffer;
}

