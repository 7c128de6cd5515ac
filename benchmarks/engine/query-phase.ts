/**
 * The load-and-query half of the engine benchmark, run in a fresh process by engine.ts (and by
 * scale/run.ts): times openEngine (jieba dictionary included), reads RSS, then times warm-up and
 * measured searches. Prints one JSON QueryPhaseResult on stdout; the table is the caller's job.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { generateQueries, readReference, type BenchmarkQuery, type QueryKind } from './queries.js';
import { MB, mean, memAvailableMB, percentile, procRssMB, rssMB, timedWithStall } from './measure.js';

export interface QueryTiming {
  kind: QueryKind;
  q: string;
  ms: number;
  total: number;
}

export interface QueryPhaseResult {
  importMs: number;
  loadMs: number;
  rssAfterLoadMB: number;
  /** Peak RSS of the process up to the end of openEngine (VmHWM; null off Linux). */
  peakRssAfterLoadMB: number | null;
  heapAfterLoadMB: number;
  /** Longest event-loop stall during openEngine (this first load includes jieba's dictionary). */
  loadStallMs?: number;
  rssAfterQueriesMB: number;
  /** A reload swap: the same index loaded again while the first one still serves. */
  reload?: ReloadSwap;
  warmupCount: number;
  timings: QueryTiming[];
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  meanTotal: number;
}

/** A reload as the service does it: the process's analyzer reused, the old engine alive until the swap. */
export type ReloadSwap =
  | { measured: true; loadMs: number; stallMs: number; peakRssMB: number | null; rssAfterMB: number }
  | { measured: false; reason: string };

const LIMIT = 10;
/** A swap needs a second index's memory: measured only when that much is available, with this margin. */
const SWAP_MEMORY_MARGIN = 1.25;
const WARMUP_SEED = 0x5eed;

/**
 * Queries drawn beforehand (`--queries-file`), so a caller with a big corpus need not have this
 * process read the reference text, which would count in the serving process's RSS.
 */
export interface QueryFile {
  queries: BenchmarkQuery[];
  warmup: BenchmarkQuery[];
}

function readQueries(values: { reference?: string; 'queries-file'?: string; queries: string; warmup: string; seed: string }): QueryFile {
  if (values['queries-file'] !== undefined) return JSON.parse(readFileSync(values['queries-file'], 'utf8')) as QueryFile;
  if (values.reference === undefined) throw new Error('query-phase needs --reference or --queries-file');
  const posts = readReference(values.reference);
  return {
    queries: generateQueries(posts, Number(values.queries), Number(values.seed)),
    warmup: generateQueries(posts, Number(values.warmup), WARMUP_SEED),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cwd: { type: 'string' },
      input: { type: 'string' },
      index: { type: 'string' },
      reference: { type: 'string' },
      'queries-file': { type: 'string' },
      queries: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const { cwd, input, index } = values;
  if (cwd === undefined || input === undefined || index === undefined) {
    throw new Error('query-phase needs --cwd, --input and --index');
  }
  const { queries, warmup } = readQueries(values);

  const importStarted = performance.now();
  const { openEngine, resolveConfig } = await import('../../src/index.js');
  const importMs = performance.now() - importStarted;
  const config = resolveConfig({ cwd, env: {}, flags: { input, index } });
  const { value: engine, ms: loadMs, stallMs: loadStallMs } = await timedWithStall(() => openEngine(config));
  const rssAfterLoadMB = rssMB();
  const peakRssAfterLoadMB = procRssMB('self')?.peakRssMB ?? null;
  const heapAfterLoadMB = process.memoryUsage().heapUsed / MB;

  for (const query of warmup) engine.searcher.search({ q: query.q, limit: LIMIT });
  const timings: QueryTiming[] = [];
  for (const query of queries) {
    const started = performance.now();
    const response = engine.searcher.search({ q: query.q, limit: LIMIT });
    timings.push({ kind: query.kind, q: query.q, ms: performance.now() - started, total: response.total });
  }
  const ms = timings.map((t) => t.ms);
  const result: QueryPhaseResult = {
    importMs,
    loadMs,
    rssAfterLoadMB,
    peakRssAfterLoadMB,
    heapAfterLoadMB,
    loadStallMs,
    rssAfterQueriesMB: rssMB(),
    warmupCount: warmup.length,
    timings,
    p50Ms: percentile(ms, 50),
    p95Ms: percentile(ms, 95),
    p99Ms: percentile(ms, 99),
    meanMs: mean(ms),
    meanTotal: mean(timings.map((t) => t.total)),
  };
  // The result without the swap first: if the swap is killed (memory), the caller still has it.
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // The closure holds the first engine through the second load, as an in-flight request would.
  const reload = await measureReloadSwap(() => openEngine(config, { analyzer: engine.index.analyzer }), result.rssAfterQueriesMB);
  process.stdout.write(`${JSON.stringify({ ...result, reload })}\n`);
}

async function measureReloadSwap(load: () => Promise<unknown>, servingRssMB: number): Promise<ReloadSwap> {
  const availableMB = memAvailableMB();
  if (availableMB === null) return { measured: false, reason: 'no /proc/meminfo' };
  if (availableMB < servingRssMB * SWAP_MEMORY_MARGIN) {
    return {
      measured: false,
      reason: `a second index needs ~${Math.round(servingRssMB)} MB, ${Math.round(availableMB)} MB available`,
    };
  }
  // Linux: writing 5 to clear_refs resets VmHWM, so the peak read after is the swap's own.
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // Not resettable: the peak then also covers the first load, which is no higher than the swap's.
  }
  const { ms: loadMs, stallMs } = await timedWithStall(load);
  const peakRssMB = procRssMB('self')?.peakRssMB ?? null;
  const rssAfterMB = rssMB();
  return { measured: true, loadMs, stallMs, peakRssMB, rssAfterMB };
}

main().catch((error: unknown) => {
  process.stderr.write(`query-phase: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
