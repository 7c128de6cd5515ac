/**
 * Scale benchmark: synthetic Chinese posts at 1k–100k posts; build, index size, load, RSS and query
 * latency of zhsearch, and nodejieba's raw speed on the same text. Every phase runs in its own
 * child process with a heap and time limit; a failure is recorded (phase, progress, memory), not hidden.
 * Usage: npx tsx benchmarks/scale/run.ts [--sizes 1000,10000] [--heap-mb 8192] [--timeout-min 20]
 *        [--queries 1000] [--seed 1] [--keep-index] [--cpu-prof | --heap-prof] [--render-only] [--svg FILE]
 *        [--word-index postings|minisearch]
 * `--word-index minisearch` measures indexes with the config `wordIndex: minisearch` (the default is
 * postings); its results are saved apart (result-N.minisearch.json) and rendered by
 * `--render-only --word-index minisearch`.
 */
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { machineFacts, sourceRevision } from '../engine/measure.js';
import type { QueryFile, QueryPhaseResult } from '../engine/query-phase.js';
import { generateQueries, type ReferencePost } from '../engine/queries.js';
import type { BuildPhaseResult } from './build-phase.js';
import { failureMessage, runChild, type ChildOptions } from './child.js';
import { renderGrowthChart } from './growth-chart.js';
import type { JiebaPhaseResult } from './jieba-phase.js';
import { renderSummary, summarizeHeapProfile, summarizeProfiles } from './profile-top.js';
import { renderScaleReport, type PhaseRecord, type ScaleResult } from './report.js';
import { ensureCorpus, type CorpusFacts, type CorpusPaths } from './synthetic-posts.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BENCHMARKS = path.resolve(HERE, '..');
const CORPUS_ROOT = path.join(BENCHMARKS, '.corpus');
const WORK_DIR = path.join(BENCHMARKS, '.work', 'scale');
const QUERY_PHASE_SCRIPT = path.join(BENCHMARKS, 'engine', 'query-phase.ts');
const BUILD_PHASE_SCRIPT = path.join(HERE, 'build-phase.ts');
const JIEBA_PHASE_SCRIPT = path.join(HERE, 'jieba-phase.ts');
/** Queries are drawn from the first posts, which are the same posts at every size: same queries everywhere. */
const QUERY_SOURCE_POSTS = 1000;
const WARMUP_QUERIES = 20;
const WARMUP_SEED = 0x5eed;
/** The jieba child streams its input; it needs no big heap. */
const JIEBA_HEAP_MB = 1024;

interface Options {
  sizes: number[];
  seed: number;
  queries: number;
  heapMB: number;
  timeoutMin: number;
  keepIndex: boolean;
  cpuProf: boolean;
  /** Sampling heap profile of the build's live memory when saving starts. */
  heapProf: boolean;
  renderOnly: boolean;
  svg: string;
  wordIndex: 'minisearch' | 'postings';
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,50000,100000' },
      seed: { type: 'string', default: '1' },
      queries: { type: 'string', default: '1000' },
      'heap-mb': { type: 'string', default: '8192' },
      'timeout-min': { type: 'string', default: '20' },
      'keep-index': { type: 'boolean', default: false },
      'cpu-prof': { type: 'boolean', default: false },
      'heap-prof': { type: 'boolean', default: false },
      'render-only': { type: 'boolean', default: false },
      svg: { type: 'string', default: path.join(HERE, 'growth.svg') },
      'word-index': { type: 'string', default: 'postings' },
    },
    strict: true,
  });
  const sizes = values.sizes.split(',').map(Number);
  const numbers = [...sizes, Number(values.seed), Number(values.queries), Number(values['heap-mb']), Number(values['timeout-min'])];
  if (numbers.some((n) => !Number.isInteger(n) || n < 0) || sizes.some((n) => n < 1)) {
    throw new Error('--sizes, --seed, --queries, --heap-mb and --timeout-min take whole numbers');
  }
  const wordIndex = values['word-index'];
  if (wordIndex !== 'minisearch' && wordIndex !== 'postings') throw new Error('--word-index is minisearch or postings');
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    seed: Number(values.seed),
    queries: Number(values.queries),
    heapMB: Number(values['heap-mb']),
    timeoutMin: Number(values['timeout-min']),
    keepIndex: values['keep-index'],
    cpuProf: values['cpu-prof'],
    heapProf: values['heap-prof'],
    renderOnly: values['render-only'],
    svg: path.resolve(values.svg),
    wordIndex,
  };
}

const resultPath = (posts: number, profiled: boolean, wordIndex: Options['wordIndex']): string =>
  path.join(WORK_DIR, `result-${posts}${wordIndex === 'minisearch' ? '.minisearch' : ''}${profiled ? '.profiled' : ''}.json`);

async function readFirstPosts(referencePath: string, count: number): Promise<ReferencePost[]> {
  const posts: ReferencePost[] = [];
  const lines = createInterface({ input: createReadStream(referencePath, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line !== '') posts.push(JSON.parse(line) as ReferencePost);
    if (posts.length >= count) break;
  }
  lines.close();
  return posts;
}

async function writeQueryFile(paths: CorpusPaths, posts: number, options: Options): Promise<string> {
  const source = await readFirstPosts(paths.reference, QUERY_SOURCE_POSTS);
  const file: QueryFile = {
    queries: generateQueries(source, options.queries, options.seed),
    warmup: generateQueries(source, WARMUP_QUERIES, WARMUP_SEED),
  };
  const target = path.join(WORK_DIR, `queries-${posts}.json`);
  writeFileSync(target, JSON.stringify(file));
  return target;
}

async function runPhase<T>(name: string, childOptions: ChildOptions): Promise<PhaseRecord<T>> {
  const outcome = await runChild<T>(childOptions);
  const failure = outcome.ok ? null : failureMessage(outcome, childOptions.timeoutMs);
  if (failure !== null) process.stderr.write(`  ${name} FAILED: ${failure}\n${outcome.stderrTail.slice(-12).join('\n')}\n`);
  return { ...outcome, failure };
}

/**
 * Edits every 100th post file (sorted by name) by appending a paragraph, and returns how to put the
 * bytes and times back: the corpus is cached between runs and must stay what its facts say.
 */
function editOnePercent(dir: string): { count: number; undo: () => void } {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .sort()
    .filter((_, i) => i % 100 === 0)
    .map((name) => path.join(dir, name));
  const originals = files.map((file) => ({ file, bytes: readFileSync(file), stat: statSync(file) }));
  for (const { file, bytes } of originals) writeFileSync(file, Buffer.concat([bytes, Buffer.from('\n<p>本文已更新：补充了最新的统计数据和专家解读。</p>\n')]));
  return {
    count: files.length,
    undo: () => {
      for (const { file, bytes, stat } of originals) {
        writeFileSync(file, bytes);
        utimesSync(file, stat.atime, stat.mtime);
      }
    },
  };
}

async function measureSize(posts: number, options: Options): Promise<ScaleResult> {
  const machine = machineFacts();
  process.stderr.write(`\n== ${posts} posts (load average ${machine.loadAverage})\n`);
  const corpusStarted = performance.now();
  const { paths, facts, made } = ensureCorpus({
    corpusRoot: CORPUS_ROOT,
    posts,
    seed: options.seed,
    onProgress: (done, total) => process.stderr.write(`\r  generating ${done}/${total}   `),
  });
  process.stderr.write(made ? `\n  corpus made in ${((performance.now() - corpusStarted) / 1000).toFixed(0)} s: ${paths.dir}\n` : `  corpus reused: ${paths.dir}\n`);
  const queryFile = await writeQueryFile(paths, posts, options);
  const timeoutMs = options.timeoutMin * 60_000;
  // An empty working folder: no zhsearch.config.json can leak into the measured configuration.
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'zhsearch-scale-'));
  // The one setting measured apart; every phase (build, update, load) resolves its config from here.
  writeFileSync(path.join(workDir, 'zhsearch.config.json'), JSON.stringify({ wordIndex: options.wordIndex }));
  const index = path.join(workDir, 'index');
  const configArgs = ['--cwd', workDir, '--input', paths.dir, '--index', index];
  const profileDir = path.join(WORK_DIR, 'profiles', String(posts));
  if (options.cpuProf || options.heapProf) {
    rmSync(profileDir, { recursive: true, force: true });
    mkdirSync(profileDir, { recursive: true });
  }
  try {
    const build = await runPhase<BuildPhaseResult>('build', {
      script: BUILD_PHASE_SCRIPT,
      args: options.heapProf ? [...configArgs, '--heap-prof', profileDir] : configArgs,
      heapMB: options.heapMB,
      timeoutMs,
      nodeArgs: options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, 'build')}`] : [],
      label: `${posts} build`,
    });
    const query = build.ok
      ? await runPhase<QueryPhaseResult>('load/query', {
          script: QUERY_PHASE_SCRIPT,
          args: [...configArgs, '--queries-file', queryFile],
          heapMB: options.heapMB,
          timeoutMs,
          nodeArgs: options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, 'load-query')}`] : [],
          label: `${posts} load+query`,
        })
      : null;
    // Speed-up of the parallel build: the same build in one thread (sizes up to 10k: it doubles the run's time).
    const singleWorkerBuild =
      build.ok && posts <= 10_000
        ? await runPhase<BuildPhaseResult>('build, 1 worker', {
            script: BUILD_PHASE_SCRIPT,
            args: ['--cwd', workDir, '--input', paths.dir, '--index', path.join(workDir, 'index-1-worker'), '--workers', '1'],
            heapMB: options.heapMB,
            timeoutMs,
            label: `${posts} build (1 worker)`,
          })
        : null;
    rmSync(path.join(workDir, 'index-1-worker'), { recursive: true, force: true });
    // An incremental update of 1 % of the posts (edited in place, restored afterwards), then load and query again.
    let update: PhaseRecord<BuildPhaseResult> | null = null;
    let queryAfterUpdate: PhaseRecord<QueryPhaseResult> | null = null;
    let updatedPosts = 0;
    if (build.ok) {
      const restore = editOnePercent(paths.dir);
      updatedPosts = restore.count;
      try {
        update = await runPhase<BuildPhaseResult>('update', {
          script: BUILD_PHASE_SCRIPT,
          args: [...configArgs, '--mode', 'update'],
          heapMB: options.heapMB,
          timeoutMs,
          nodeArgs: options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, 'update')}`] : [],
          label: `${posts} update`,
        });
      } finally {
        restore.undo();
      }
      queryAfterUpdate = update.ok
        ? await runPhase<QueryPhaseResult>('load/query after update', {
            script: QUERY_PHASE_SCRIPT,
            args: [...configArgs, '--queries-file', queryFile],
            heapMB: options.heapMB,
            timeoutMs,
            label: `${posts} load+query after update`,
          })
        : null;
    }
    if (!options.keepIndex) rmSync(workDir, { recursive: true, force: true });
    const jieba = await runPhase<JiebaPhaseResult>('jieba', {
      script: JIEBA_PHASE_SCRIPT,
      args: ['--reference', paths.reference, '--posts', String(posts)],
      heapMB: JIEBA_HEAP_MB,
      timeoutMs,
      label: `${posts} jieba`,
    });
    return {
      posts,
      wordIndex: options.wordIndex,
      date: new Date().toISOString().slice(0, 10),
      revision: sourceRevision(HERE),
      machine,
      loadAverageEnd: (os.loadavg()[0] ?? 0).toFixed(2),
      heapMB: options.heapMB,
      timeoutMin: options.timeoutMin,
      corpus: facts satisfies CorpusFacts,
      build,
      query,
      jieba,
      singleWorkerBuild,
      update,
      queryAfterUpdate,
      updatedPosts,
    };
  } finally {
    if (options.keepIndex) process.stderr.write(`  index kept in ${index}\n`);
    else rmSync(workDir, { recursive: true, force: true });
    for (const child of options.cpuProf ? ['build', 'load-query', 'update'] : []) {
      const dir = path.join(profileDir, child);
      const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).map((name) => path.join(dir, name)) : [];
      if (files.length > 0) process.stderr.write(`  ${child} CPU profile (${files.length} file(s) in ${dir}):\n${renderSummary(summarizeProfiles(files, 25))}`);
    }
    for (const moment of options.heapProf ? ['index-end', 'save-start'] : []) {
      const file = path.join(profileDir, `${moment}.heapprofile`);
      if (existsSync(file)) process.stderr.write(`  build heap at ${moment} (${file}):\n${summarizeHeapProfile(file, 25)}`);
    }
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  mkdirSync(WORK_DIR, { recursive: true });
  const results: ScaleResult[] = [];
  for (const posts of options.sizes) {
    if (options.renderOnly) {
      const saved = resultPath(posts, false, options.wordIndex);
      if (!existsSync(saved)) throw new Error(`no saved result for ${posts} posts; run without --render-only first`);
      results.push(JSON.parse(readFileSync(saved, 'utf8')) as ScaleResult);
      continue;
    }
    const result = await measureSize(posts, options);
    // Profiled runs are slower: kept apart so they never end up in the table by accident.
    writeFileSync(resultPath(posts, options.cpuProf || options.heapProf, options.wordIndex), `${JSON.stringify(result, null, 1)}\n`);
    results.push(result);
  }
  const dates = [...new Set(results.map((run) => run.date))].join(', ');
  process.stdout.write(`## zhsearch scale benchmark — ${dates}\n\n${renderScaleReport(results)}`);
  if (!options.cpuProf && !options.heapProf && results.length > 0) {
    writeFileSync(options.svg, renderGrowthChart(results, dates));
    process.stderr.write(`chart written to ${path.relative(process.cwd(), options.svg)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`scale benchmark: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
