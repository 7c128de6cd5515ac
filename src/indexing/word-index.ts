/**
 * The word index: which posts hold a query's words (jieba words, sub-words and whole Latin words of
 * title and text) as words, for the searcher's whole-word boost. Its scores are not used: ranking is
 * our own BM25 over n-grams. Each segment's word index is held one of two ways (`WordIndexKind`), and
 * an index may mix them, so a site can switch with `update` and never a full rebuild:
 * - `postings` (word-postings.ts, the default): compact postings, as the n-grams are.
 * - `minisearch` (mini-search.ts): MiniSearch. Same answers; at 5,000 posts per segment ~9× the
 *   memory, ~30× slower to load and ~7× slower to build (benchmarks/README.md "Word postings"), which
 *   put 100k posts out of reach of one machine (docs/design.md "Memory model").
 */
import type { Postings } from './ngram-store.js';
import { renumbered } from './segmented-postings.js';
import { MiniSearchWords } from './mini-search.js';
import type { SearchField } from './schema.js';
import { NO_PAUSE, type Pause } from './time-slice.js';
import { PostingsWords } from './word-postings.js';
import { DEFAULT_WORD_INDEX, type FieldTerms, type WordIndexKind, type WordStore } from './word-store.js';

export { DEFAULT_WORD_INDEX, WORD_INDEX_KINDS, type WordIndexKind } from './word-store.js';

interface WordSegment {
  readonly store: WordStore;
  /** Null for a lone segment, built or read on its own: document numbers are the segment's own. */
  readonly docMap: Int32Array | null;
}

/**
 * Which documents hold analyzer terms, per field. A built or loaded index is one segment; an index of
 * several segments (incremental updates) asks each and maps its document numbers.
 */
export class WordIndex {
  private constructor(private readonly segments: readonly WordSegment[]) {}

  static create(kind: WordIndexKind = DEFAULT_WORD_INDEX): WordIndex {
    return new WordIndex([{ store: kind === 'postings' ? new PostingsWords() : new MiniSearchWords(), docMap: null }]);
  }

  /**
   * Reads what `serialize` wrote for a segment of `kind`, calling `pause` between steps.
   * @throws Error (a ZhsearchError INDEX_CORRUPT or a SyntaxError) when the bytes are not such a file.
   */
  static async load(saved: Buffer, kind: WordIndexKind, fileName: string, pause: Pause = NO_PAUSE): Promise<WordIndex> {
    const store = kind === 'postings' ? PostingsWords.open(saved, fileName) : await MiniSearchWords.load(saved.toString('utf8'), pause);
    return new WordIndex([{ store, docMap: null }]);
  }

  /** One word index over single-segment ones; `docMap[local]` is the document's number, or -1 if deleted. */
  static combine(parts: ReadonlyArray<{ words: WordIndex; docMap: Int32Array }>): WordIndex {
    return new WordIndex(
      parts.map(({ words, docMap }) => ({ store: words.single().store, docMap })),
    );
  }

  private single(): WordSegment {
    const [only, ...rest] = this.segments;
    if (only === undefined || rest.length > 0 || only.docMap !== null) throw new Error('expected a single-segment word index');
    return only;
  }

  /** How a single-segment index is held, which names its file. */
  get kind(): WordIndexKind {
    return this.single().store.kind;
  }

  /** Indexes a document's terms per field (`analyzer.documentTerms` of each field's text). */
  add(docNumber: number, terms: FieldTerms): void {
    this.single().store.add(docNumber, terms);
  }

  /** Which of `among` (document numbers, ascending) hold every one of `terms` (already analyzed) in one of `fields`, ascending. */
  docsWithAll(terms: readonly string[], fields: readonly SearchField[], among: Uint32Array): Uint32Array {
    if (terms.length === 0 || among.length === 0) return new Uint32Array(0);
    const wanted = new Uint8Array(among[among.length - 1]! + 1);
    for (const doc of among) wanted[doc] = 1;
    const found: number[] = [];
    for (const { store, docMap } of this.segments) {
      const numberOf = (local: number): number => (docMap === null ? local : docMap[local]!);
      const accept = (local: number): boolean => {
        const doc = numberOf(local);
        return doc >= 0 && wanted[doc] === 1;
      };
      for (const local of store.docsWithAll(terms, fields, accept)) found.push(numberOf(local));
    }
    return Uint32Array.from(found).sort();
  }

  /**
   * The documents holding `term` (already analyzed) as a word in `field`, with how often, in the whole
   * index's numbers; null when a segment cannot say (MiniSearch).
   */
  postingsOf(term: string, field: SearchField): Postings | null {
    const found: Postings[] = [];
    for (const { store } of this.segments) {
      const postings = store.postingsOf(term, field);
      if (postings === null) return null;
      found.push(postings);
    }
    const docMaps = this.segments.map(({ docMap }) => docMap);
    if (docMaps.every((docMap): docMap is Int32Array => docMap !== null)) return renumbered(term, found, docMaps);
    // A lone segment, built or read on its own: its numbers are the index's.
    return found[0]!;
  }

  /** A single-segment index as its segment file stores it (before compression). */
  serialize(): Buffer {
    return this.single().store.serialize();
  }
}
