/**
 * What one system answered for one query, shared by the zhsearch child process, the baselines and
 * the metrics. Types and limits only.
 */

/** One query's answers: top ≤1000 ids for recall, top ≤10 ids and time for precision and latency. */
export interface SystemOutcome {
  top: string[];
  top10: string[];
  /** Matching posts the system reports (zhsearch: `total`), or top.length where it has no count. */
  total: number;
  ms: number;
  error: string | null;
}

export const RECALL_LIMIT = 1000;
export const PAGE_LIMIT = 10;
