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
  titleBoost: 3,
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

/** Orders by score, then newer date, then document number (stable, deterministic). */
export function compareByRelevance(
  a: { score: number; dateMs: number; number: number },
  b: { score: number; dateMs: number; number: number },
): number {
  return b.score - a.score || b.dateMs - a.dateMs || a.number - b.number;
}

/** Orders by date (newest first, undated last), then score. */
export function compareByDate(
  a: { score: number; dateMs: number; number: number },
  b: { score: number; dateMs: number; number: number },
): number {
  return b.dateMs - a.dateMs || b.score - a.score || a.number - b.number;
}
