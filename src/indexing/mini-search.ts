/**
 * The only importer of minisearch: the word index (jieba words, sub-words and whole Latin
 * words of title and text) that tells which posts hold a query's words as words (the searcher's
 * whole-word boost; its scores are our own BM25 over n-grams). MiniSearch never tokenizes on its own:
 * documents and queries arrive already analyzed, by the caller's analyzer.
 *
 * Terms are stored hex-encoded (`检测` → `68c06d4b`). MiniSearch's radix tree finds a child by
 * scanning every key of a node, and Chinese terms give the root thousands of children (one per
 * first character), so each insert scanned them all: loading a 500-post segment's 101k terms
 * took 2.7 s. Sixteen hex digits bound every node's fan-out, and the same load takes 0.18 s,
 * for 11 % more JSON.
 */
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { isIdentityMap } from './doc-map.js';
import { SEARCH_FIELDS, type SearchField } from './schema.js';
import { NO_PAUSE, type Pause } from './time-slice.js';

/**
 * Terms per line of the saved JSON. MiniSearch's own JSON is one string: a 5,000-post segment's is
 * 61 M characters, and its one JSON.parse held the event loop for 2 s of every reload. Saved as a
 * header line and lines of this many index entries, it parses a line at a time (~20–30 ms each).
 */
const TERMS_PER_LINE = 1000;

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

const OPTIONS: Options<WordDocument> = {
  idField: 'id',
  fields: [...SEARCH_FIELDS],
  storeFields: [],
  // `add` hands MiniSearch each field's terms already analyzed and encoded, joined by spaces (hex
  // keys hold none): a build needs the same jieba tokens for suggestions, and jieba is cut once.
  tokenize: (encodedTerms) => (encodedTerms === '' ? [] : encodedTerms.split(' ')),
  processTerm: (term) => term,
  searchOptions: { tokenize: (text) => [text], processTerm: (term) => term },
};

/** One segment's MiniSearch and where its documents are in the whole index (-1: deleted). */
interface WordSegment {
  readonly mini: MiniSearch<WordDocument>;
  /** Null: document numbers are the segment's own. */
  readonly docMap: Int32Array | null;
}

/**
 * Which documents hold analyzer terms, per field. A built or loaded index is one segment; an index of
 * several segments (incremental updates) asks each and maps its document numbers.
 */
export class WordIndex {
  private constructor(private readonly segments: readonly WordSegment[]) {}

  static create(): WordIndex {
    return new WordIndex([{ mini: new MiniSearch(OPTIONS), docMap: null }]);
  }

  /**
   * Reads what `serialize` wrote, calling `pause` between lines. One line holding MiniSearch's whole
   * JSON (what format 5 wrote first) reads too: its header line simply carries every entry.
   * @throws SyntaxError or Error when the text is not such lines.
   */
  static async load(saved: string, pause: Pause = NO_PAUSE): Promise<WordIndex> {
    let end = saved.indexOf('\n');
    if (end < 0) end = saved.length;
    const plain = JSON.parse(saved.slice(0, end)) as AsPlainObject;
    if (typeof plain !== 'object' || plain === null || !Array.isArray(plain.index)) throw new Error('the word index header is not an object with an index');
    while (end < saved.length) {
      await pause();
      const start = end + 1;
      end = saved.indexOf('\n', start);
      if (end < 0) end = saved.length;
      const entries: unknown = JSON.parse(saved.slice(start, end));
      if (!Array.isArray(entries)) throw new Error('a word index line is not an array of entries');
      for (const entry of entries as AsPlainObject['index']) plain.index.push(entry);
    }
    await pause();
    return new WordIndex([{ mini: await MiniSearch.loadJSAsync(plain, OPTIONS), docMap: null }]);
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

  /** Indexes a document's terms per field (`analyzer.documentTerms` of each field's text). */
  add(docNumber: number, terms: Readonly<Record<SearchField, readonly string[]>>): void {
    const encoded = (field: SearchField): string => terms[field].map(encodeTerm).join(' ');
    this.single().mini.add({ id: docNumber, title: encoded('title'), text: encoded('text') });
  }

  /**
   * Which of `among` (document numbers, ascending) hold every one of `terms` (already analyzed) in one
   * of `fields`, ascending. MiniSearch still walks each term's postings, but scores and collects only
   * the candidates (its `boostDocument` returns 0 for the rest); asking it for every post holding the
   * words, then sorting them, was 55 % of query time and most of its garbage at 10k posts.
   */
  docsWithAll(terms: readonly string[], fields: readonly SearchField[], among: Uint32Array): Uint32Array {
    if (terms.length === 0 || among.length === 0) return new Uint32Array(0);
    const wanted = new Uint8Array(among[among.length - 1]! + 1);
    for (const doc of among) wanted[doc] = 1;
    const found: number[] = [];
    for (const { mini, docMap } of this.segments) {
      const numberOf = (id: number): number => (docMap === null ? id : docMap[id]!);
      const results = mini.search(
        { combineWith: 'AND', queries: terms.map(encodeTerm) },
        {
          fields: [...fields],
          prefix: false,
          fuzzy: false,
          boostDocument: (id) => {
            const doc = numberOf(id as number);
            return doc >= 0 && wanted[doc] === 1 ? 1 : 0;
          },
        },
      );
      for (const result of results) found.push(numberOf(result.id as number));
    }
    return Uint32Array.from(found).sort();
  }

  /** A single-segment index as stored: MiniSearch's JSON, its header and then its entries cut into lines. */
  serialize(): string {
    const { index, ...header } = this.single().mini.toJSON();
    const lines = [JSON.stringify({ ...header, index: [] })];
    // JSON.stringify escapes newlines inside strings, so a line break only ever separates lines.
    for (let i = 0; i < index.length; i += TERMS_PER_LINE) lines.push(JSON.stringify(index.slice(i, i + TERMS_PER_LINE)));
    return lines.join('\n');
  }
}
