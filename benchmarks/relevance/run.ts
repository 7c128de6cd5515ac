/**
 * Relevance benchmark entry: corpora, queries and truth, zhsearch (child process) and baselines, Markdown on stdout, JSON in .work/.
 * Usage: npx tsx benchmarks/relevance/run.ts [--corpus lo-zh-cn|all] [--per-kind 200] [--seed 1]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCHMARKS_DIR } from '../corpus/make-corpus.js';
import { machineFacts, sourceRevision } from '../engine/measure.js';
import { createFlexSearch, createMiniSearch, createScan, type SearchSystem } from './baselines.js';
import { CORPORA, CORPUS_NAMES, writeCorpus, type CorpusName } from './corpora.js';
import { zhsearchFailures } from './failures.js';
import { foldCorpus } from './fold.js';
import { measureSystem } from './metrics.js';
import { QUERY_KINDS, generateQueries, type QueryKind, type RelevanceQuery } from './queries.js';
import { renderCorpus, renderOverall, type CorpusRun } from './report.js';
import { PAGE_LIMIT, RECALL_LIMIT, type SystemOutcome } from './outcome.js';
import type { ZhsearchPhaseResult } from './zhsearch-phase.js';
import { parseRelevanceArgs } from './args.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORK_DIR = path.join(BENCHMARKS_DIR, '.work');
const WARMUP_QUERIES = 20;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function loadAverage(): string {
  return (os.loadavg()[0] ?? 0).toFixed(2);
}

/** Recall pass at limit 1000, then a timed pass at limit 10 after a few warm-up queries. */
function runSystem(system: SearchSystem, queries: readonly RelevanceQuery[]): SystemOutcome[] {
  const attempt = (q: string, limit: number): { ids: string[]; error: string | null } => {
    try {
      return { ids: system.search(q, limit), error: null };
    } catch (error) {
      return { ids: [], error: error instanceof Error ? error.message : String(error) };
    }
  };
  const outcomes = queries.map((query): SystemOutcome => {
    const { ids, error } = attempt(query.q, RECALL_LIMIT);
    return { top: ids, top10: [], total: ids.length, ms: Number.NaN, error };
  });
  for (const query of queries.slice(0, WARMUP_QUERIES)) attempt(query.q, PAGE_LIMIT);
  queries.forEach((query, i) => {
    const started = performance.now();
    const { ids, error } = attempt(query.q, PAGE_LIMIT);
    const outcome = outcomes[i] as SystemOutcome;
    outcome.ms = performance.now() - started;
    outcome.top10 = ids;
    outcome.error ??= error;
  });
  return outcomes;
}

function runZhsearch(corpus: CorpusName, input: string, queries: readonly RelevanceQuery[]): ZhsearchPhaseResult {
  const queriesPath = path.join(WORK_DIR, `relevance-${corpus}.queries.json`);
  const outPath = path.join(WORK_DIR, `relevance-${corpus}.zhsearch.json`);
  writeFileSync(queriesPath, JSON.stringify(queries.map((q) => q.q)));
  execFileSync(
    process.execPath,
    [...process.execArgv, path.join(HERE, 'zhsearch-phase.ts'), '--input', input, '--queries', queriesPath, '--out', outPath, '--warmup', String(WARMUP_QUERIES)],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  return JSON.parse(readFileSync(outPath, 'utf8')) as ZhsearchPhaseResult;
}

async function runCorpus(name: CorpusName, perKind: number, seed: number): Promise<CorpusRun> {
  const loadAtStart = loadAverage();
  const spec = CORPORA[name];
  log(`${name}: writing the corpus from ${spec.packageName}`);
  const written = writeCorpus(spec);
  const corpus = foldCorpus(written.posts);
  const queries = generateQueries(spec, corpus, perKind, seed);
  const queryCounts = Object.fromEntries(QUERY_KINDS.map((kind) => [kind, queries.filter((q) => q.kind === kind).length])) as Record<QueryKind, number>;
  log(`${name}: ${written.posts.length} posts, ${queries.length} queries; zhsearch (build + queries, own process)`);
  const zhsearch = runZhsearch(name, written.dir, queries);
  const results = [{ system: 'zhsearch', setup: 'zhsearch public API over the post files (HTML + boilerplate): buildIndex, openEngine, searcher.search (snippets included)', outcomes: zhsearch.outcomes }];
  const baselines: Array<() => SearchSystem> = [
    () => createMiniSearch(written.posts, 'OR'),
    () => createMiniSearch(written.posts, 'AND'),
    () => createFlexSearch(written.posts),
    () => createScan(corpus),
  ];
  for (const create of baselines) {
    const system = create();
    log(`${name}: ${system.name}`);
    results.push({ system: system.name, setup: system.setup, outcomes: runSystem(system, queries) });
  }
  const systems = results.map((r) => measureSystem(r.system, r.setup, queries, r.outcomes));
  const failures = zhsearchFailures(queries, zhsearch.outcomes, corpus, written.dir, zhsearch.boilerplate.map((b) => b.line));
  const run: CorpusRun = {
    corpus: name,
    packageName: spec.packageName,
    posts: written.posts.length,
    postMB: written.postBytes / 1e6,
    withBoilerplate: written.withBoilerplate,
    withLeadingBlankLine: written.withLeadingBlankLine,
    queryCounts,
    systems,
    zhsearch: { buildMs: zhsearch.buildMs, loadMs: zhsearch.loadMs, indexed: zhsearch.indexed, skips: zhsearch.skips, boilerplate: zhsearch.boilerplate },
    failures,
    loadAverage: { start: loadAtStart, end: loadAverage() },
  };
  const perQuery = queries.map((query, i) => ({
    ...query,
    answers: Object.fromEntries(results.map((r) => [r.system, { top10: r.outcomes[i]?.top10, hits: r.outcomes[i]?.total, ms: r.outcomes[i]?.ms, error: r.outcomes[i]?.error }])),
  }));
  writeFileSync(path.join(WORK_DIR, `relevance-${name}.json`), `${JSON.stringify({ ...run, perKind, seed, queries: perQuery }, null, 1)}\n`);
  return run;
}

async function main(): Promise<void> {
  const { names, perKind, seed } = parseRelevanceArgs();
  mkdirSync(WORK_DIR, { recursive: true });
  const machine = machineFacts();
  const out: string[] = [
    `## zhsearch relevance benchmark — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `zhsearch src at ${sourceRevision(HERE)}; ${perKind} queries per kind, seed ${seed}. Machine: ${machine.cpu}, ${machine.cores} cores, ` +
      `Node ${machine.node}, load average ${machine.loadAverage} at start. R = recall@${RECALL_LIMIT}, P = precision@${PAGE_LIMIT}; latency at limit ${PAGE_LIMIT}.`,
    '',
  ];
  process.stdout.write(out.join('\n'));
  const runs: CorpusRun[] = [];
  for (const name of names as CorpusName[]) {
    const run = await runCorpus(name, perKind, seed);
    runs.push(run);
    process.stdout.write(`\n${renderCorpus(run)}`);
  }
  process.stdout.write(`\n### Precision@10 over all kinds\n\n${renderOverall(runs)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`relevance benchmark: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
