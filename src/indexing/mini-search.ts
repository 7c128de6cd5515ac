/**
 * The only importer of minisearch: the word index (jieba words, sub-words and whole Latin
 * words of title and text) used for BM25 word scores. MiniSearch never tokenizes on its own:
 * its tokenizer is bound to the analyzer and query terms arrive already analyzed.
 *
 * Terms are stored hex-encoded (`检测` → `68c06d4b`). MiniSearch's radix tree finds a child by
 * scanning every key of a node, and Chinese terms give the root thousands of children (one per
 * first character), so each insert scanned them all: loading a 500-post segment's 101k terms
 * took 2.7 s. Sixteen hex digits bound every node's fan-out, and the same load takes 0.18 s,
 * for 11 % more JSON.
 */
import MiniSearch, { type Options } from 'minisearch';
import type { Analyzer } from '../analysis/analyzer.js';
import { isIdentityMap } from './doc-map.js';
import { SEARCH_FIELDS, TITLE_BOOST, type SearchField } from './schema.js';

interface WordDocument {
  id: number;
  title: string;
  text: string;
}

/** The key MiniSearch holds for `term`: its UTF-16 code units as four hex digits each. */
function encodeTerm(term: string): string {
  let key = '';
  for (let i = 0; i < term.length; i++) key += HEX_UNITS[term.charCodeAt(i)];
  return key;
}

const HEX_UNITS: readonly string[] = Array.from({ length: 0x10000 }, (_, unit) => unit.toString(16).padStart(4, '0'));

function optionsFor(analyzer: Analyzer): Options<WordDocument> {
  return {
    idField: 'id',
    fields: [...SEARCH_FIELDS],
    storeFields: [],
    tokenize: (text) => analyzer.documentTerms(text).map(encodeTerm),
    processTerm: (term) => term,
    searchOptions: { tokenize: (text) => [text], processTerm: (term) => term },
  };
}

/** One segment's MiniSearch and where its documents are in the whole index (-1: deleted). */
interface WordSegment {
  readonly mini: MiniSearch<WordDocument>;
  /** Null: document numbers are the segment's own. */
  readonly docMap: Int32Array | null;
}

/**
 * BM25 scores of documents over analyzer terms. A built or loaded index is one segment; an index of
 * several segments (incremental updates) asks each and maps its document numbers.
 */
export class WordIndex {
  private constructor(private readonly segments: readonly WordSegment[]) {}

  static create(analyzer: Analyzer): WordIndex {
    return new WordIndex([{ mini: new MiniSearch(optionsFor(analyzer)), docMap: null }]);
  }

  static async load(json: string, analyzer: Analyzer): Promise<WordIndex> {
    return new WordIndex([{ mini: await MiniSearch.loadJSONAsync(json, optionsFor(analyzer)), docMap: null }]);
  }

  /** One word index over single-segment ones; `docMap[local]` is the document's number, or -1 if deleted. */
  static combine(parts: ReadonlyArray<{ words: WordIndex; docMap: Int32Array }>): WordIndex {
    return new WordIndex(
      parts.map(({ words, docMap }) => {
        const only = words.single();
        return { mini: only.mini, docMap: isIdentityMap(docMap) ? null : docMap };
      }),
    );
  }

  private single(): WordSegment {
    const [only, ...rest] = this.segments;
    if (only === undefined || rest.length > 0 || only.docMap !== null) throw new Error('expected a single-segment word index');
    return only;
  }

  add(docNumber: number, fields: Record<SearchField, string>): void {
    this.single().mini.add({ id: docNumber, title: fields.title, text: fields.text });
  }

  /**
   * Documents holding every one of `terms` (already analyzed) in a field, with their BM25
   * score (title boosted; each segment scores against its own statistics, so compare scores only
   * within one segment). An empty term list scores nothing.
   */
  scoreAll(terms: readonly string[], fields: readonly SearchField[] = SEARCH_FIELDS): Map<number, number> {
    const scores = new Map<number, number>();
    if (terms.length === 0) return scores;
    for (const { mini, docMap } of this.segments) {
      const results = mini.search(
        { combineWith: 'AND', queries: terms.map(encodeTerm) },
        { fields: [...fields], boost: { title: TITLE_BOOST }, prefix: false, fuzzy: false },
      );
      for (const result of results) {
        const doc = docMap === null ? (result.id as number) : docMap[result.id as number]!;
        if (doc >= 0) scores.set(doc, result.score);
      }
    }
    return scores;
  }

  /** MiniSearch's JSON of a single-segment index (what a segment stores). */
  toJSON(): string {
    return JSON.stringify(this.single().mini);
  }
}
