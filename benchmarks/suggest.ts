/**
 * Suggestion benchmark: builds an index of a corpus in a temp folder, reports the stored suggestion
 * vocabulary (entries, pinyin keys, bytes of suggestions.json) and the latency of as-you-type
 * suggestions, in the library and over HTTP (/api/suggest on 127.0.0.1). Prints Markdown.
 * Usage: npx tsx benchmarks/suggest.ts [--input benchmarks/.corpus/relevance/lo-zh-cn] [--queries 200] [--seed 1]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EngineHolder, buildIndex, openEngine, resolveConfig, type Engine } from '../src/index.js';
import { createApp } from '../src/server/app.js';
import { machineFacts, mean, percentile, sourceRevision } from './engine/measure.js';
import { mulberry32 } from './engine/queries.js';

type SuggestKind = 'han-prefix' | 'one-han' | 'pinyin-initials' | 'pinyin-full' | 'latin' | 'one-letter';

/** How many of each kind one batch of 200 holds. */
const MIX: Readonly<Record<SuggestKind, number>> = {
  'han-prefix': 70,
  'one-han': 20,
  'pinyin-initials': 40,
  'pinyin-full': 30,
  latin: 20,
  'one-letter': 20,
};

const HAN_RUN = /\p{Script=Han}{2,}/gu;
const LATIN_WORD = /[A-Za-z]{3,}/g;

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}

/** Prefixes a person types, drawn from the posts and the stored pinyin keys with a seeded PRNG. */
function makeQueries(engine: Engine, count: number, seed: number): Array<{ kind: SuggestKind; q: string }> {
  const random = mulberry32(seed);
  const docs = engine.index.documents;
  const runs = docs.flatMap((doc) => doc.title.match(HAN_RUN) ?? []);
  const latin = docs.flatMap((doc) => doc.text.match(LATIN_WORD) ?? []);
  const { pinyinFull, pinyinInitials } = engine.index.suggestions;
  const queries: Array<{ kind: SuggestKind; q: string }> = [];
  const total = Object.values(MIX).reduce((a, b) => a + b, 0);
  for (const [kind, share] of Object.entries(MIX) as Array<[SuggestKind, number]>) {
    for (let i = 0; i < Math.round((share * count) / total); i++) {
      const length = 1 + Math.floor(random() * 4);
      let q: string;
      if (kind === 'han-prefix') q = Array.from(pick(random, runs)).slice(0, Math.max(2, length)).join('');
      else if (kind === 'one-han') q = Array.from(pick(random, runs))[0]!;
      else if (kind === 'pinyin-initials') q = pick(random, pinyinInitials.keys).slice(0, 1 + length);
      else if (kind === 'pinyin-full') q = pick(random, pinyinFull.keys).slice(0, 2 + 2 * length);
      else if (kind === 'latin') q = pick(random, latin).slice(0, 1 + length);
      else q = String.fromCharCode(97 + Math.floor(random() * 26));
      queries.push({ kind, q });
    }
  }
  return queries;
}

function summary(values: readonly number[]): string {
  const f = (n: number): string => n.toFixed(3);
  return `p50 ${f(percentile(values, 50))} · p95 ${f(percentile(values, 95))} · p99 ${f(percentile(values, 99))} · max ${f(Math.max(...values))} · mean ${f(mean(values))}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      input: { type: 'string', default: 'benchmarks/.corpus/relevance/lo-zh-cn' },
      queries: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
    },
    strict: true,
  });
  const input = path.resolve(values.input);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'zhsearch-suggest-bench-'));
  try {
    const config = resolveConfig({ cwd: workDir, env: {}, flags: { input, index: path.join(workDir, 'index') } });
    process.stderr.write(`building ${input}\n`);
    const buildStarted = performance.now();
    const report = await buildIndex(config);
    const buildMs = performance.now() - buildStarted;
    const loadStarted = performance.now();
    const engine = await openEngine(config);
    const loadMs = performance.now() - loadStarted;
    const suggestionBytes = statSync(path.join(report.generationDir, 'suggestions.json')).size;
    const queries = makeQueries(engine, Number(values.queries), Number(values.seed));

    for (const { q } of queries.slice(0, 20)) engine.suggester.suggest(q, 8);
    const libraryMs: number[] = [];
    const byKind = new Map<SuggestKind, number[]>();
    let empty = 0;
    for (const { kind, q } of queries) {
      const started = performance.now();
      const found = engine.suggester.suggest(q, 8);
      const ms = performance.now() - started;
      libraryMs.push(ms);
      byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
      if (found.length === 0) empty++;
    }

    const app = createApp(new EngineHolder(engine), { maxQueryChars: config.maxQueryChars });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const httpMs: number[] = [];
    try {
      for (const { q } of queries.slice(0, 20)) await (await fetch(`${base}/api/suggest?q=${encodeURIComponent(q)}`)).json();
      for (const { q } of queries) {
        const started = performance.now();
        const res = await fetch(`${base}/api/suggest?q=${encodeURIComponent(q)}&limit=8`);
        await res.json();
        httpMs.push(performance.now() - started);
      }
    } finally {
      server.closeAllConnections();
      server.close();
    }

    const machine = machineFacts();
    const data = engine.index.suggestions;
    const lines = [
      `## Suggestions (${new Date().toISOString().slice(0, 10)}, ${sourceRevision(process.cwd())})`,
      '',
      `Corpus ${path.relative(process.cwd(), input) || input}: ${report.indexed} posts; ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, load ${machine.loadAverage}.`,
      '',
      '| measure | value |',
      '| --- | --- |',
      `| build (whole index) | ${(buildMs / 1000).toFixed(2)} s |`,
      `| load (in process) | ${(loadMs / 1000).toFixed(2)} s |`,
      `| vocabulary | ${data.size.toLocaleString('en')} words and word sequences; ${data.pinyinFull.keys.length.toLocaleString('en')} with pinyin |`,
      `| suggestions.json | ${(suggestionBytes / 1e6).toFixed(2)} MB (${((100 * suggestionBytes) / report.indexBytes).toFixed(1)} % of the ${(report.indexBytes / 1e6).toFixed(1)} MB generation) |`,
      `| ${queries.length} suggest calls, library, ms | ${summary(libraryMs)} (${empty} with no suggestion) |`,
      `| same calls over HTTP (keep-alive, 127.0.0.1), ms | ${summary(httpMs)} |`,
      ...[...byKind].map(([kind, ms]) => `| library, ${kind} (${ms.length}), ms | ${summary(ms)} |`),
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`suggest benchmark: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
