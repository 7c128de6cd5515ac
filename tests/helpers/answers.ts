/**
 * What an engine answers to a query set, as plain data (also printed by print-answers.ts from a
 * child process), for comparing an updated index with a full build.
 */
import type { Engine } from '../../src/index.js';

/** What an engine answers to one query: its total and its first 100 hits with scores. */
export interface Answer {
  q: string;
  total: number;
  hits: Array<{ id: string; score: number }>;
}

export function answersOf(engine: Engine, queries: readonly string[]): Answer[] {
  return queries.map((q) => {
    const response = engine.searcher.search({ q, limit: 100 });
    return { q, total: response.total, hits: response.hits.map((hit) => ({ id: hit.id, score: hit.score })) };
  });
}
