/**
 * Engine benchmark through the public library API: build throughput, index size, load time, RSS
 * and query latency on a make-corpus corpus (made first when missing). Prints a Markdown report.
 * Usage: npx tsx benchmarks/engine.ts [--input DIR] [--reference FILE] [--queries 200] [--seed 1] [--keep-index]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildIndex, openEngine, resolveConfig, type BuildPhase } from '../src/index.js';
import { DEFAULT_PACKAGE, defaultOutDir, makeCorpus, referencePathFor } from './corpus/make-corpus.js';
import { folderBytes, machineFacts, rssMB, sourceRevision } from './engine/measure.js';
import type { QueryPhaseResult } from './engine/query-phase.js';
import { renderReport, type BuildNumbers } from './engine/report.js';

const QUERY_PHASE_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engine', 'query-phase.ts');

/** Prints build progress and records when each phase first reports, to split the build time. */
function createProgress(): { onProgress: (phase: BuildPhase, done: number, total: number) => void; firstSeenMs: Map<BuildPhase, number> } {
  const firstSeenMs = new Map<BuildPhase, number>();
  const onProgress = (phase: BuildPhase, done: number, total: number): void => {
    if (!firstSeenMs.has(phase)) firstSeenMs.set(phase, performance.now());
    if (done === total || done % 250 === 0) process.stderr.write(`\r  ${phase} ${done}/${total}   `);
    if (done === total) process.stderr.write('\n');
  };
  return { onProgress, firstSeenMs };
}

async function measureBuild(cwd: string, input: string, index: string): Promise<BuildNumbers> {
  const config = resolveConfig({ cwd, env: {}, flags: { input, index } });
  const { onProgress, firstSeenMs } = createProgress();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const report = await buildIndex(config, { onProgress });
  const ended = performance.now();
  const cpu = process.cpuUsage(cpuBefore);
  const indexStarted = firstSeenMs.get('index') ?? ended;
  const saveStarted = firstSeenMs.get('save') ?? ended;
  const rssAfterBuildMB = rssMB();
  for (const skip of report.skips.slice(0, 5)) process.stderr.write(`  skipped ${skip.path}: ${skip.code} ${skip.message}\n`);
  const loadStarted = performance.now();
  await openEngine(config);
  const inProcessLoadMs = performance.now() - loadStarted;
  return {
    posts: report.indexed,
    skipped: report.skipped,
    warnings: report.warnings.length,
    inputBytes: report.inputBytes,
    buildMs: ended - started,
    buildCpuMs: (cpu.user + cpu.system) / 1000,
    phaseMs: { read: indexStarted - started, index: saveStarted - indexStarted, save: ended - saveStarted },
    generationBytes: folderBytes(report.generationDir),
    rssAfterBuildMB,
    inProcessLoadMs,
  };
}

/** Runs query-phase.ts in a fresh Node process (same loader flags, so tsx works there too). */
function runQueryPhase(args: readonly string[]): QueryPhaseResult {
  const stdout = execFileSync(process.execPath, [...process.execArgv, QUERY_PHASE_SCRIPT, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as QueryPhaseResult;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      input: { type: 'string' },
      reference: { type: 'string' },
      queries: { type: 'string', default: '200' },
      warmup: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      'keep-index': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const input = path.resolve(values.input ?? defaultOutDir(DEFAULT_PACKAGE));
  const reference = path.resolve(values.reference ?? referencePathFor(input));
  if (!existsSync(input) || !existsSync(reference)) {
    process.stderr.write(`corpus ${input} is missing; making it from ${DEFAULT_PACKAGE}\n`);
    makeCorpus({ packageName: DEFAULT_PACKAGE, outDir: input });
  }
  // An empty working folder: no zhsearch.config.json can leak into the measured configuration.
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'zhsearch-bench-'));
  const index = path.join(workDir, 'index');
  const machine = machineFacts();
  const revision = sourceRevision(path.dirname(fileURLToPath(import.meta.url)));
  try {
    process.stderr.write(`building ${input} → ${index}\n`);
    const build = await measureBuild(workDir, input, index);
    process.stderr.write('loading and querying in a fresh process\n');
    const query = runQueryPhase([
      '--cwd', workDir, '--input', input, '--index', index, '--reference', reference,
      '--queries', values.queries, '--warmup', values.warmup, '--seed', values.seed,
    ]);
    const date = new Date().toISOString().slice(0, 10);
    const relative = path.relative(process.cwd(), input);
    const corpus = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? input : relative;
    process.stdout.write(renderReport({ date, corpus, revision, machine, build, query }));
  } finally {
    if (values['keep-index']) process.stderr.write(`index kept in ${index}\n`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`engine benchmark: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
