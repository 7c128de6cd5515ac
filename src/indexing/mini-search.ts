/**
 * The only importer of minisearch: a segment's word index (word-index.ts) held in MiniSearch, the
 * default way. MiniSearch never tokenizes on its own: documents and queries arrive already analyzed,
 * by the caller's analyzer.
 *
 * Terms are stored hex-encoded (`检测` → `68c06d4b`). MiniSearch's radix tree finds a child by
 * scanning every key of a node, and Chinese terms give the root thousands of children (one per
 * first character), so each insert scanned them all: loading a 500-post segment's 101k terms
 * took 2.7 s. Sixteen hex digits bound every node's fan-out, and the same load takes 0.18 s,
 * for 11 % more JSON.
 */
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { SEARCH_FIELDS, type SearchField } from './schema.js';
import { NO_PAUSE, type Pause } from './time-slice.js';
import type { FieldTerms, WordStore } from './word-store.js';

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

/** One segment's word index held in MiniSearch: terms hex-encoded, saved as lines of JSON. */
export class MiniSearchWords implements WordStore {
  readonly kind = 'minisearch';

  constructor(private readonly mini: MiniSearch<WordDocument> = new MiniSearch(OPTIONS)) {}

  /**
   * Reads what `serialize` wrote, calling `pause` between lines. One line holding MiniSearch's whole
   * JSON (what format 5 wrote first) reads too: its header line simply carries every entry.
   * @throws SyntaxError or Error when the text is not such lines.
   */
  static async load(saved: string, pause: Pause = NO_PAUSE): Promise<MiniSearchWords> {
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
    return new MiniSearchWords(await MiniSearch.loadJSAsync(plain, OPTIONS));
  }

  add(docNumber: number, terms: FieldTerms): void {
    const encoded = (field: SearchField): string => terms[field].map(encodeTerm).join(' ');
    this.mini.add({ id: docNumber, title: encoded('title'), text: encoded('text') });
  }

  /**
   * MiniSearch still walks each term's postings, but scores and collects only the accepted documents
   * (its `boostDocument` returns 0 for the rest); asking it for every post holding the words, then
   * sorting them, was 55 % of query time and most of its garbage at 10k posts.
   */
  docsWithAll(terms: readonly string[], fields: readonly SearchField[], accept: (local: number) => boolean): number[] {
    const results = this.mini.search(
      { combineWith: 'AND', queries: terms.map(encodeTerm) },
      { fields: [...fields], prefix: false, fuzzy: false, boostDocument: (id) => (accept(id as number) ? 1 : 0) },
    );
    return results.map((result) => result.id as number).sort((a, b) => a - b);
  }

  /** MiniSearch does not expose its postings; the searcher verifies on the text instead. */
  postingsOf(): null {
    return null;
  }

  /** MiniSearch's JSON, its header and then its entries cut into lines. */
  serialize(): Buffer {
    const { index, ...header } = this.mini.toJSON();
    const lines = [JSON.stringify({ ...header, index: [] })];
    // JSON.stringify escapes newlines inside strings, so a line break only ever separates lines.
    for (let i = 0; i < index.length; i += TERMS_PER_LINE) lines.push(JSON.stringify(index.slice(i, i + TERMS_PER_LINE)));
    return Buffer.from(lines.join('\n'), 'utf8');
  }
}
