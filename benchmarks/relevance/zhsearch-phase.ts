/**
 * zhsearch's side of the relevance benchmark, in its own process (the baselines' jieba state cannot touch it):
 * builds an index of the post files through the public API, answers at limit 1000, times at limit 10.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { buildIndex, describeError, openEngine, resolveConfig, type Engine } from '../../src/index.js';
import { PAGE_LIMIT, RECALL_LIMIT, type SystemOutcome } from './outcome.js';

export interface ZhsearchPhaseResult {
  buildMs: number;
  indexed: number;
  skips: string[];
  warnings: number;
  /** Lines zhsearch's build found in too many posts and left out, with their post counts. */
  boilerplate: Array<{ line: string; posts: number }>;
  loadMs: number;
  outcomes: SystemOutcome[];
}

function answer(engine: Engine, q: string, limit: number): { ids: string[]; total: number; error: string | null } {
  try {
    const response = engine.searcher.search({ q, limit });
    return { ids: response.hits.map((hit) => hit.id), total: response.total, error: null };
  } catch (error) {
    return { ids: [], total: 0, error: describeError(error) };
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { input: { type: 'string' }, queries: { type: 'string' }, out: { type: 'string' }, warmup: { type: 'string', default: '20' } },
    strict: true,
  });
  const { input, queries: queriesPath, out } = values;
  if (input === undefined || queriesPath === undefined || out === undefined) {
    throw new Error('zhsearch-phase needs --input, --queries and --out');
  }
  const queries = JSON.parse(readFileSync(queriesPath, 'utf8')) as string[];
  // An empty working folder: no zhsearch.config.json or ZHSEARCH_* variable changes what is measured.
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'zhsearch-relevance-'));
  try {
    const config = resolveConfig({ cwd: workDir, env: {}, flags: { input, index: path.join(workDir, 'index') } });
    const buildStarted = performance.now();
    const report = await buildIndex(config);
    const buildMs = performance.now() - buildStarted;
    const loadStarted = performance.now();
    const engine = await openEngine(config);
    const loadMs = performance.now() - loadStarted;

    const outcomes: SystemOutcome[] = queries.map((q) => {
      const { ids, total, error } = answer(engine, q, RECALL_LIMIT);
      return { top: ids, top10: [], total, ms: Number.NaN, error };
    });
    for (const q of queries.slice(0, Number(values.warmup))) answer(engine, q, PAGE_LIMIT);
    queries.forEach((q, i) => {
      const started = performance.now();
      const { ids, error } = answer(engine, q, PAGE_LIMIT);
      const ms = performance.now() - started;
      const outcome = outcomes[i];
      if (outcome === undefined) return;
      outcome.top10 = ids;
      outcome.ms = ms;
      outcome.error ??= error;
    });
    const result: ZhsearchPhaseResult = {
      buildMs,
      indexed: report.indexed,
      skips: report.skips.map((skip) => `${skip.path}: ${skip.code} ${skip.message}`),
      warnings: report.warnings.length,
      boilerplate: report.boilerplate.map(({ line, posts }) => ({ line, posts })),
      loadMs,
      outcomes,
    };
    writeFileSync(out, JSON.stringify(result));
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`zhsearch-phase: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
