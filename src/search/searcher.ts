/**
 * Answers queries against a SearchIndex: parse, match every part exactly (n-gram candidates,
 * verified on normalized text), filter, score, rank, then snippets for the requested page only.
 * It takes the analyzer from the index, never as a parameter.
 */
import type { FieldData, SearchIndex } from '../indexing/search-index.js';
import { splitCategoryPath } from '../indexing/search-index.js';
import type { SearchField, StoredDocument } from '../indexing/schema.js';
import { hasMatchableText } from './matchable.js';
import { findOccurrences, matchInField, type FieldMatches } from './phrase.js';
import { parseQuery, type QueryFilter, type QueryPart } from './query-parser.js';
import {
  DEFAULT_WEIGHTS,
  bm25,
  compareByDate,
  compareByRelevance,
  inverseDocumentFrequency,
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

/** A positive part after normalization. */
interface PreparedPart {
  part: QueryPart;
  normalized: string;
}

interface Candidate {
  number: number;
  score: number;
  dateMs: number;
}

function toMap(matches: FieldMatches): Map<number, number> {
  const map = new Map<number, number>();
  matches.docs.forEach((doc, i) => map.set(doc, matches.counts[i]!));
  return map;
}

export class Searcher {
  private readonly options: SearcherOptions;
  private readonly dateMs: Float64Array;

  constructor(
    readonly index: SearchIndex,
    options: Partial<SearcherOptions> & Pick<SearcherOptions, 'urlFor'>,
  ) {
    this.options = { snippetChars: 120, weights: DEFAULT_WEIGHTS, ...options };
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
    const candidates = this.collect(positives, negatives, filters);
    candidates.sort(request.sort === 'date' ? compareByDate : compareByRelevance);
    const page = candidates.slice(offset, offset + limit);
    return {
      query: request.q,
      total: candidates.length,
      hits: page.map((c) => this.toHit(c, positives)),
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
      .filter((p) => hasMatchableText(p.normalized));
  }

  private matchPart(prepared: PreparedPart): { title: Map<number, number>; text: Map<number, number> } {
    const analyzer = this.index.analyzer;
    const fields = this.index.fields;
    const inField = (field: FieldData): Map<number, number> => toMap(matchInField(analyzer, field, prepared.normalized));
    return {
      title: inField(fields.title),
      text: prepared.part.titleOnly ? new Map() : inField(fields.text),
    };
  }

  private collect(positives: PreparedPart[], negatives: PreparedPart[], filters: QueryFilter[]): Candidate[] {
    const hasTextParts = positives.length > 0;
    const hasPositiveFilter = filters.some((f) => !f.negated);
    if (!hasTextParts && !hasPositiveFilter) return [];
    const n = this.index.docCount;
    let scores: Map<number, number> | null = null;
    for (const prepared of positives) {
      const partScores = this.scorePart(prepared, n);
      if (scores === null) scores = partScores;
      else {
        const next = new Map<number, number>();
        for (const [doc, score] of scores) {
          const add = partScores.get(doc);
          if (add !== undefined) next.set(doc, score + add);
        }
        scores = next;
      }
      if (scores.size === 0) return [];
    }
    if (scores === null) {
      scores = new Map();
      for (let doc = 0; doc < n; doc++) scores.set(doc, 0);
    }
    for (const prepared of negatives) {
      const excluded = this.matchPart(prepared);
      for (const doc of excluded.title.keys()) scores.delete(doc);
      for (const doc of excluded.text.keys()) scores.delete(doc);
    }
    const filter = this.compileFilters(filters);
    const exactTitle = this.index.analyzer.normalize(positives.map((p) => p.part.text).join(' '));
    const candidates: Candidate[] = [];
    for (const [number, score] of scores) {
      if (!filter(number)) continue;
      const boosted =
        hasTextParts && this.index.fields.title.normalized[number] === exactTitle
          ? score * this.options.weights.exactTitleBoost
          : score;
      candidates.push({ number, score: boosted, dateMs: this.dateMs[number]! });
    }
    return candidates;
  }

  /** BM25 of one part over title and text, boosted where it lines up with jieba words. */
  private scorePart(prepared: PreparedPart, documentCount: number): Map<number, number> {
    const { title, text } = this.matchPart(prepared);
    const weights = this.options.weights;
    const matched = new Set([...title.keys(), ...text.keys()]);
    const idf = inverseDocumentFrequency(matched.size, documentCount);
    const words = this.index.analyzer.analyzeQuery(prepared.part.text).map((t) => t.term);
    const aligned = this.index.words.scoreAll(words, prepared.part.titleOnly ? ['title'] : ['title', 'text']);
    const partWeight = this.index.analyzer.stopwords.has(prepared.normalized) ? weights.stopwordWeight : 1;
    const fields = this.index.fields;
    const scores = new Map<number, number>();
    for (const doc of matched) {
      const textScore = bm25(text.get(doc) ?? 0, fields.text.lengths[doc]!, fields.text.averageLength);
      const titleScore = bm25(title.get(doc) ?? 0, fields.title.lengths[doc]!, fields.title.averageLength);
      let score = idf * (textScore + weights.titleBoost * titleScore) * partWeight;
      if (aligned.has(doc)) score *= weights.wholeWordBoost;
      scores.set(doc, score);
    }
    return scores;
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

  private toHit(candidate: Candidate, positives: PreparedPart[]): SearchHit {
    const doc = this.index.documents[candidate.number]!;
    const textParts = positives.filter((p) => !p.part.titleOnly);
    const snippet = buildSnippet(doc.text, this.rangesIn(candidate.number, 'text', textParts), this.options.snippetChars);
    return {
      id: doc.id,
      title: doc.title,
      titleHtml: highlightRanges(doc.title, this.rangesIn(candidate.number, 'title', positives)),
      snippetHtml: highlightSnippet(snippet),
      score: Math.round(candidate.score * 1e6) / 1e6,
      date: doc.date,
      categories: doc.categories,
      tags: doc.tags,
      author: doc.author,
      url: this.options.urlFor(doc),
    };
  }
}
