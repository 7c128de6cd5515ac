/**
 * Query CPU benchmark: CPU time per query (process.cpuUsage, less sensitive than wall time to a machine
 * shared with other jobs) over a query file of the scale benchmark, against an index already built.
 * `--src` points at another checkout's root (a `git worktree` of an older commit) to compare revisions on
 * the same index; `--answers FILE` writes every query's total and hit ids, so two runs can be compared
 * with `cmp` (same answers, different cost).
 * Usage: npx tsx benchmarks/query-cpu.ts --index DIR --queries benchmarks/.work/scale/queries-10000.json
 *        [--src DIR] [--answers FILE]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { QueryFile } from './engine/query-phase.js';
import { cpuMsOf, mean, percentile } from './engine/measure.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WARMUP = 20;
const LIMIT = 10;

const { values } = parseArgs({
  options: { index: { type: 'string' }, queries: { type: 'string' }, src: { type: 'string', default: ROOT }, answers: { type: 'string' } },
  strict: true,
});
if (values.index === undefined || values.queries === undefined) {
  process.stderr.write('usage: npx tsx benchmarks/query-cpu.ts --index DIR --queries FILE [--src DIR] [--answers FILE]\n');
  process.exit(2);
}

const library = (await import(pathToFileURL(path.join(path.resolve(values.src), 'src', 'index.ts')).href)) as typeof import('../src/index.js');
const config = library.resolveConfig({ cwd: process.cwd(), env: {}, flags: { index: values.index } });
const engine = await library.openEngine(config);
const { queries } = JSON.parse(readFileSync(values.queries, 'utf8')) as QueryFile;
for (const query of queries.slice(0, WARMUP)) engine.searcher.search({ q: query.q, limit: LIMIT });
const cpuMs: number[] = [];
const answers: Array<{ q: string; total: number; ids: string[] }> = [];
for (const query of queries) {
  let response: ReturnType<typeof engine.searcher.search> | undefined;
  cpuMs.push(cpuMsOf(() => (response = engine.searcher.search({ q: query.q, limit: LIMIT }))));
  answers.push({ q: query.q, total: response!.total, ids: response!.hits.map((hit) => hit.id) });
}
if (values.answers !== undefined) writeFileSync(values.answers, `${JSON.stringify(answers)}\n`);
const fmt = (ms: number): string => ms.toFixed(2);
process.stdout.write(
  `| src | posts | queries | CPU ms total | CPU ms p50 | p95 | p99 | mean |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n` +
    `| ${values.src} | ${engine.index.docCount} | ${cpuMs.length} | ${Math.round(cpuMs.reduce((a, b) => a + b, 0))} | ` +
    `${fmt(percentile(cpuMs, 50))} | ${fmt(percentile(cpuMs, 95))} | ${fmt(percentile(cpuMs, 99))} | ${fmt(mean(cpuMs))} |\n`,
);
