/**
 * Answers queries against a SearchIndex: parse, match every part exactly (n-gram candidates,
 * verified on normalized text), filter, score, rank, then snippets for the requested page only.
 * It takes the analyzer from the index, never as a parameter.
 */
import type { SearchIndex } from '../indexing/search-index.js';
import { splitCategoryPath } from '../indexing/search-index.js';
import type { SearchField, StoredDocument } from '../indexing/schema.js';
import { hasMatchableText } from './matchable.js';
import { findOccurrences, matchInField, type FieldMatches } from './phrase.js';
import { parseQuery, type QueryFilter, type QueryPart } from './query-parser.js';
import { unionDocs } from '../indexing/sorted-docs.js';
import { allDocs, intersectScored, subtractDocs, type ScoredDocs } from './doc-set.js';
import { selectTop } from './top-k.js';
import {
  DEFAULT_WEIGHTS,
  bm25,
  inverseDocumentFrequency,
  rankBefore,
  type RankingWeights,
} from './ranking.js';
import { highlightRanges, highlightSnippet } from './highlight.js';
import { buildSnippet, mergeRanges, type TextRange } from './snippet.js';

export type SortOrder = 'relevance' | 'date';

export interface SearchRequest {
  q: string;
  limit?: number;
  offset?: number;
  /** Keeps posts whose category path starts with these whole segments (`金融/新浪财经`). */
  category?: string | null;
  sort?: SortOrder;
}

export interface SearchHit {
  id: string;
  title: string;
  /** Escaped title with `<mark>` around matches. */
  titleHtml: string;
  /** Escaped snippet with `<mark>` around matches and `…` where cut. */
  snippetHtml: string;
  score: number;
  date: string | null;
  categories: string[];
  tags: string[];
  author: string | null;
  url: string;
}

export interface SearchResponse {
  query: string;
  /** Exact number of matching posts. */
  total: number;
  hits: SearchHit[];
}

export interface HighlightedPost {
  doc: StoredDocument;
  url: string;
  titleHtml: string;
  /** The whole text escaped, matches marked, line breaks kept as '\n'. */
  textHtml: string;
}

export interface SearcherOptions {
  snippetChars: number;
  weights: RankingWeights;
  urlFor: (doc: StoredDocument) => string;
}

/** A part after normalization, with the analyzer's words of it. */
interface PreparedPart {
  part: QueryPart;
  normalized: string;
  words: string[];
}

const NO_FIELD_MATCHES: FieldMatches = { docs: new Uint32Array(0), counts: new Uint16Array(0) };
const EMPTY_SCORED: ScoredDocs = { docs: new Uint32Array(0), scores: new Float64Array(0) };
const NO_DOCS = new Uint32Array(0);
const SERVICE_POST_PREFIX = '/posts/';
const SPACE_AND_PUNCTUATION = /[\p{P}\p{Z}\s]+/gu;

/** `传真向导 - 要包含的项目` and the query `传真向导 要包含的项目` compact alike. */
function compactText(text: string): string {
  return text.replace(SPACE_AND_PUNCTUATION, '');
}
/** Word lookups kept per searcher (each at most one Uint32 per post). */
const ALIGNED_CACHE_ENTRIES = 512;

export class Searcher {
  private readonly options: SearcherOptions;
  private readonly dateMs: Float64Array;
  private readonly alignedCache = new Map<string, Uint32Array>();
  /** Folded titles without spaces and punctuation, to recognize a query that is a whole title. */
  private readonly compactTitles: readonly string[];

  constructor(
    readonly index: SearchIndex,
    options: Partial<SearcherOptions> & Pick<SearcherOptions, 'urlFor'>,
  ) {
    this.options = { snippetChars: 120, weights: DEFAULT_WEIGHTS, ...options };
    this.compactTitles = index.fields.title.normalized.map(compactText);
    this.dateMs = Float64Array.from(index.documents, (doc) =>
      doc.date === null ? Number.NEGATIVE_INFINITY : Date.parse(doc.date),
    );
  }

  /**
   * Ranked hits for `request.q`; every part must occur contiguously in the title or text.
   *
   * @example
   * searcher.search({ q: '核酸检测', limit: 10 }).hits[0]?.snippetHtml; // '…<mark>核酸检测</mark>…'
   */
  search(request: SearchRequest): SearchResponse {
    const limit = request.limit ?? 10;
    const offset = request.offset ?? 0;
    const query = parseQuery(request.q);
    const positives = this.prepare(query.parts.filter((p) => !p.negated));
    const negatives = this.prepare(query.parts.filter((p) => p.negated));
    const filters = [...query.filters];
    if (request.category !== undefined && request.category !== null && request.category !== '') {
      filters.push({ field: 'category', value: request.category, negated: false });
    }
    const matched = this.collect(positives, negatives, filters);
    const before = rankBefore(request.sort ?? 'relevance', { ...matched, dateMs: this.dateMs });
    const top = selectTop(matched.docs.length, offset + limit, before);
    return {
      query: request.q,
      total: matched.docs.length,
      hits: top.slice(offset).map((i) => this.toHit(matched.docs[i]!, matched.scores[i]!, positives, request.q)),
    };
  }

  /** The URL shown for `doc`. */
  urlFor(doc: StoredDocument): string {
    return this.options.urlFor(doc);
  }

  /** The stored document of `id`, or null. */
  getDocument(id: string): StoredDocument | null {
    const number = this.index.documentNumber(id);
    return number === undefined ? null : this.index.documents[number]!;
  }

  /** A whole post with the parts of `q` marked, for the post page. */
  highlightDocument(id: string, q: string): HighlightedPost | null {
    const number = this.index.documentNumber(id);
    if (number === undefined) return null;
    const doc = this.index.documents[number]!;
    const positives = this.prepare(parseQuery(q).parts.filter((p) => !p.negated));
    return {
      doc,
      url: this.options.urlFor(doc),
      titleHtml: highlightRanges(doc.title, this.rangesIn(number, 'title', positives)),
      textHtml: highlightRanges(doc.text, this.rangesIn(number, 'text', positives.filter((p) => !p.part.titleOnly))),
    };
  }

  private prepare(parts: QueryPart[]): PreparedPart[] {
    const analyzer = this.index.analyzer;
    return parts
      .map((part) => ({ part, normalized: analyzer.normalize(part.text) }))
      .filter((p) => hasMatchableText(p.normalized))
      .map((p) => ({ ...p, words: analyzer.analyzeQuery(p.part.text).map((token) => token.term) }));
  }

  private matchPart(prepared: PreparedPart): { title: FieldMatches; text: FieldMatches } {
    const analyzer = this.index.analyzer;
    const fields = this.index.fields;
    // A part that is one whole word (`python`, `核酸检测`) is known to be in the posts holding that word:
    // only the others need a look at their text. Most of a common Latin word's matches are such posts.
    const word = prepared.words.length === 1 && prepared.words[0] === prepared.normalized ? prepared.normalized : null;
    const asWord = (field: SearchField): FieldMatches | null => (word === null ? null : this.index.words.postingsOf(word, field));
    return {
      title: matchInField(analyzer, fields.title, prepared.normalized, asWord('title')),
      text: prepared.part.titleOnly ? NO_FIELD_MATCHES : matchInField(analyzer, fields.text, prepared.normalized, asWord('text')),
    };
  }

  private collect(positives: PreparedPart[], negatives: PreparedPart[], filters: QueryFilter[]): ScoredDocs {
    const hasTextParts = positives.length > 0;
    if (!hasTextParts && !filters.some((f) => !f.negated)) return EMPTY_SCORED;
    let matched: ScoredDocs | null = null;
    for (const prepared of positives) {
      const part = this.scorePart(prepared, this.index.docCount);
      matched = matched === null ? part : intersectScored(matched, part);
      if (matched.docs.length === 0) return EMPTY_SCORED;
    }
    matched ??= allDocs(this.index.docCount);
    for (const prepared of negatives) {
      const excluded = this.matchPart(prepared);
      matched = subtractDocs(matched, unionDocs(excluded.title.docs, excluded.text.docs));
    }
    const filter = this.compileFilters(filters);
    const exactTitle = hasTextParts ? compactText(this.index.analyzer.normalize(positives.map((p) => p.part.text).join(' '))) : null;
    const titles = this.compactTitles;
    const docs = new Uint32Array(matched.docs.length);
    const scores = new Float64Array(matched.docs.length);
    let n = 0;
    for (let i = 0; i < matched.docs.length; i++) {
      const doc = matched.docs[i]!;
      if (filters.length > 0 && !filter(doc)) continue;
      docs[n] = doc;
      scores[n++] = titles[doc] === exactTitle ? matched.scores[i]! * this.options.weights.exactTitleBoost : matched.scores[i]!;
    }
    return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
  }

  /** BM25 of one part over title and text, boosted where it lines up with jieba words. */
  private scorePart(prepared: PreparedPart, documentCount: number): ScoredDocs {
    const { title, text } = this.matchPart(prepared);
    const weights = this.options.weights;
    const docs = unionDocs(title.docs, text.docs);
    const idf = inverseDocumentFrequency(docs.length, documentCount);
    // Whole-word alignment is judged on the part's words of two or more characters: single
    // characters are mostly particles (的, 年), and asking the word index for them costs a pass
    // over nearly every post.
    const words = prepared.words.filter((term) => Array.from(term).length >= 2);
    const aligned = this.alignedDocs(prepared.part.text, words, prepared.part.titleOnly, docs);
    const partWeight = this.index.analyzer.stopwords.has(prepared.normalized) ? weights.stopwordWeight : 1;
    const fields = this.index.fields;
    const scores = new Float64Array(docs.length);
    let t = 0;
    let x = 0;
    let w = 0;
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i]!;
      while (t < title.docs.length && title.docs[t]! < doc) t++;
      while (x < text.docs.length && text.docs[x]! < doc) x++;
      const titleTf = title.docs[t] === doc ? title.counts[t]! : 0;
      const textTf = text.docs[x] === doc ? text.counts[x]! : 0;
      const textScore = bm25(textTf, fields.text.lengths[doc]!, fields.text.averageLength);
      const titleScore = bm25(titleTf, fields.title.lengths[doc]!, fields.title.averageLength);
      let score = idf * (textScore + weights.titleBoost * titleScore) * partWeight;
      while (w < aligned.length && aligned[w]! < doc) w++;
      if (aligned[w] === doc) score *= weights.wholeWordBoost;
      scores[i] = score;
    }
    return { docs, scores };
  }

  /**
   * Which of `candidates` (the part's matches, ascending) hold all of `words` as words, from the word
   * index. Cached by the part, whose text decides both: the index never changes under a searcher,
   * and as-you-type queries ask for the same parts again and again.
   */
  private alignedDocs(partText: string, words: readonly string[], titleOnly: boolean, candidates: Uint32Array): Uint32Array {
    if (words.length === 0) return NO_DOCS;
    const key = `${titleOnly ? 't' : 'a'}\u0000${partText}`;
    const cached = this.alignedCache.get(key);
    if (cached !== undefined) {
      // refresh its place: the cache evicts in insertion order
      this.alignedCache.delete(key);
      this.alignedCache.set(key, cached);
      return cached;
    }
    const docs = this.index.words.docsWithAll(words, titleOnly ? ['title'] : ['title', 'text'], candidates);
    this.alignedCache.set(key, docs);
    if (this.alignedCache.size > ALIGNED_CACHE_ENTRIES) {
      this.alignedCache.delete(this.alignedCache.keys().next().value as string);
    }
    return docs;
  }

  private compileFilters(filters: QueryFilter[]): (doc: number) => boolean {
    const analyzer = this.index.analyzer;
    const checks = filters.map((filter) => {
      const value = analyzer.normalize(filter.value).trim();
      let test: (doc: number) => boolean;
      if (filter.field === 'category') {
        const wanted = splitCategoryPath(value);
        test = (doc) =>
          wanted.length > 0 &&
          this.index.categorySegments[doc]!.some((path) => wanted.every((segment, i) => path[i] === segment));
      } else if (filter.field === 'tag') {
        test = (doc) => this.index.documents[doc]!.tags.some((tag) => analyzer.normalize(tag).trim() === value);
      } else {
        test = (doc) => analyzer.normalize(this.index.documents[doc]!.author ?? '').trim() === value;
      }
      return filter.negated ? (doc: number) => !test(doc) : test;
    });
    return (doc) => checks.every((check) => check(doc));
  }

  /** Original-text ranges of every occurrence of the parts in a document's field. */
  private rangesIn(doc: number, name: SearchField, parts: PreparedPart[]): TextRange[] {
    const field = this.index.fields[name];
    const folded = field.normalized[doc]!;
    const shifts = field.shifts[doc]!;
    const ranges: TextRange[] = [];
    for (const { normalized: needle } of parts) {
      for (const at of findOccurrences(folded, needle)) {
        const [start, end] = this.index.analyzer.foldedRangeToOriginal(shifts, at, at + needle.length);
        ranges.push({ start, end });
      }
    }
    return mergeRanges(ranges);
  }

  private toHit(number: number, score: number, positives: PreparedPart[], query: string): SearchHit {
    const doc = this.index.documents[number]!;
    const textParts = positives.filter((p) => !p.part.titleOnly);
    const snippet = buildSnippet(doc.text, this.rangesIn(number, 'text', textParts), this.options.snippetChars);
    return {
      id: doc.id,
      title: doc.title,
      titleHtml: highlightRanges(doc.title, this.rangesIn(number, 'title', positives)),
      snippetHtml: highlightSnippet(snippet),
      score: Math.round(score * 1e6) / 1e6,
      date: doc.date,
      categories: doc.categories,
      tags: doc.tags,
      author: doc.author,
      url: withQuery(this.options.urlFor(doc), query),
    };
  }
}

/**
 * The service's own post page highlights `?q=`: a hit pointing there carries the query. Other
 * URLs (the site's permalinks) are left as they are.
 */
function withQuery(url: string, query: string): string {
  return url.startsWith(SERVICE_POST_PREFIX) && !url.includes('?') ? `${url}?q=${encodeURIComponent(query)}` : url;
}
