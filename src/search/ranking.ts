/**
 * Pure scoring: BM25 per field with length normalization, and the boosts that order hits.
 * No index access here; the searcher feeds counts in.
 */

export const BM25 = { k1: 1.2, b: 0.75 } as const;

/** Tunable weights (issue: tune on the relevance benchmark and report). */
export interface RankingWeights {
  titleBoost: number;
  /** Multiplier when the part lines up with jieba words in the document. */
  wholeWordBoost: number;
  /** Multiplier when the whole query equals the normalized title. */
  exactTitleBoost: number;
  /** Weight of a part that is a stopword (it still must match). */
  stopwordWeight: number;
}

export const DEFAULT_WEIGHTS: RankingWeights = {
  titleBoost: 5,
  wholeWordBoost: 1.5,
  exactTitleBoost: 3,
  stopwordWeight: 0.2,
};

/** Robertson–Spärck Jones idf, never negative. */
export function inverseDocumentFrequency(documentFrequency: number, documentCount: number): number {
  return Math.log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** BM25 term-frequency part for one field. */
export function bm25(termFrequency: number, fieldLength: number, averageFieldLength: number): number {
  if (termFrequency <= 0) return 0;
  const norm = BM25.k1 * (1 - BM25.b + (BM25.b * fieldLength) / averageFieldLength);
  return (termFrequency * (BM25.k1 + 1)) / (termFrequency + norm);
}

/** Matched documents as parallel arrays: ascending numbers, scores, and every post's date. */
export interface RankInput {
  docs: Uint32Array;
  scores: Float64Array;
  /** Date of every document by number, in ms; -Infinity when undated. */
  dateMs: Float64Array;
}

/**
 * `before(a, b)`: whether match `a` ranks before match `b`. Relevance: score, then the newer
 * post (recency only breaks ties), then document number. Date: newest first (undated last),
 * then score, then document number. A strict total order, so paging is stable.
 */
export function rankBefore(order: 'relevance' | 'date', input: RankInput): (a: number, b: number) => boolean {
  const { docs, scores, dateMs } = input;
  if (order === 'date') {
    return (a, b) => {
      const da = dateMs[docs[a]!]!;
      const db = dateMs[docs[b]!]!;
      if (da !== db) return da > db;
      if (scores[a] !== scores[b]) return scores[a]! > scores[b]!;
      return docs[a]! < docs[b]!;
    };
  }
  return (a, b) => {
    if (scores[a] !== scores[b]) return scores[a]! > scores[b]!;
    const da = dateMs[docs[a]!]!;
    const db = dateMs[docs[b]!]!;
    if (da !== db) return da > db;
    return docs[a]! < docs[b]!;
  };
}
