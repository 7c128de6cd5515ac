/**
 * Scores one system's answers against the truth: recall@1000, precision@10, title MRR, absent
 * zero-hit rate, errors and latency, per query kind and overall; graded nDCG for tune.ts. Pure arithmetic, no I/O.
 */
import { percentile } from '../engine/measure.js';
import { QUERY_KINDS, type QueryKind, type RelevanceQuery } from './queries.js';
import { PAGE_LIMIT, RECALL_LIMIT, type SystemOutcome } from './outcome.js';

export interface QueryScore {
  /** |relevant ∩ top 1000| / min(|relevant|, 1000); null when nothing is relevant. */
  recall: number | null;
  /** Relevant among the ≤10 returned / returned; 1 for an empty answer to a query with nothing
   *  relevant; null (skipped, recall counts it) for an empty answer to a query with relevant posts. */
  precision: number | null;
  /** `title`: 1-based rank of the target in the top 1000, null when missing. */
  rank: number | null;
}

export interface Aggregate {
  queries: number;
  recall: number | null;
  recallQueries: number;
  precision: number | null;
  precisionQueries: number;
  /** Mean of 1/rank over `title` queries (0 for a missing target). */
  mrr: number | null;
  /** Share of `absent` queries with no hit at all. */
  zeroHitRate: number | null;
  errors: number;
  p50Ms: number;
  p95Ms: number;
}

export interface SystemMetrics {
  system: string;
  setup: string;
  byKind: Record<QueryKind, Aggregate>;
  overall: Aggregate;
}

export function scoreQuery(query: RelevanceQuery, outcome: SystemOutcome): QueryScore {
  const relevant = new Set(query.relevant);
  // A query with more relevant posts than the cutoff can at best fill it.
  const reachable = Math.min(relevant.size, RECALL_LIMIT);
  const recall = reachable === 0 ? null : outcome.top.slice(0, RECALL_LIMIT).filter((id) => relevant.has(id)).length / reachable;
  const returned = outcome.top10.slice(0, PAGE_LIMIT);
  let precision: number | null;
  if (returned.length === 0) precision = relevant.size === 0 ? 1 : null;
  else precision = returned.filter((id) => relevant.has(id)).length / returned.length;
  const index = query.target === undefined ? -1 : outcome.top.indexOf(query.target);
  return { recall, precision, rank: index < 0 ? null : index + 1 };
}

/**
 * nDCG@k of a ranked list under graded relevance: gain 2^grade − 1, discount log2(position + 1); the ideal
 * ranks every graded id by grade. Ids without a grade count 0. Null when no id has a positive grade.
 *
 * @example
 * ndcgAt(['b', 'a'], new Map([['a', 2], ['b', 1]]), 10) // (1 + 3/log2 3) / (3 + 1/log2 3) ≈ 0.80
 */
export function ndcgAt(top: readonly string[], grades: ReadonlyMap<string, number>, k: number): number | null {
  const dcg = (gradeList: readonly number[]): number =>
    gradeList.slice(0, k).reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0);
  const ideal = dcg([...grades.values()].sort((a, b) => b - a));
  return ideal === 0 ? null : dcg(top.map((id) => grades.get(id) ?? 0)) / ideal;
}

function meanOf(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

function aggregate(queries: readonly RelevanceQuery[], outcomes: readonly SystemOutcome[], scores: readonly QueryScore[]): Aggregate {
  const recalls = scores.flatMap((s) => (s.recall === null ? [] : [s.recall]));
  const precisions = scores.flatMap((s) => (s.precision === null ? [] : [s.precision]));
  const titles = queries.flatMap((q, i) => (q.kind === 'title' ? [scores[i]?.rank ?? null] : []));
  const absent = queries.flatMap((q, i) => (q.kind === 'absent' ? [outcomes[i]] : []));
  const ms = outcomes.map((o) => o.ms).filter((v) => Number.isFinite(v));
  return {
    queries: queries.length,
    recall: meanOf(recalls),
    recallQueries: recalls.length,
    precision: meanOf(precisions),
    precisionQueries: precisions.length,
    mrr: meanOf(titles.map((rank) => (rank === null ? 0 : 1 / rank))),
    zeroHitRate: meanOf(absent.map((o) => (o !== undefined && o.top.length === 0 && o.top10.length === 0 ? 1 : 0))),
    errors: outcomes.filter((o) => o.error !== null).length,
    p50Ms: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
  };
}

/**
 * @example
 * measureSystem('zhsearch', 'public API', queries, outcomes).byKind.title.mrr // e.g. 0.97
 */
export function measureSystem(system: string, setup: string, queries: readonly RelevanceQuery[], outcomes: readonly SystemOutcome[]): SystemMetrics {
  if (queries.length !== outcomes.length) throw new Error(`${system}: ${outcomes.length} answers for ${queries.length} queries`);
  const scores = queries.map((q, i) => scoreQuery(q, outcomes[i] as SystemOutcome));
  const byKind = {} as Record<QueryKind, Aggregate>;
  for (const kind of QUERY_KINDS) {
    const picked = queries.flatMap((q, i) => (q.kind === kind ? [i] : []));
    byKind[kind] = aggregate(
      picked.map((i) => queries[i] as RelevanceQuery),
      picked.map((i) => outcomes[i] as SystemOutcome),
      picked.map((i) => scores[i] as QueryScore),
    );
  }
  return { system, setup, byKind, overall: aggregate(queries, outcomes, scores) };
}
