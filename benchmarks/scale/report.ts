/**
 * The scale benchmark's record of one corpus size (ScaleResult) and its Markdown rendering: one
 * column per size, failures named with their phase, progress and memory. Formatting only.
 */
import type { MachineFacts } from '../engine/measure.js';
import { MB, mean, percentile } from '../engine/measure.js';
import type { QueryPhaseResult } from '../engine/query-phase.js';
import type { QueryKind } from '../engine/queries.js';
import type { BuildPhaseResult } from './build-phase.js';
import type { ChildOutcome } from './child.js';
import type { JiebaPhaseResult } from './jieba-phase.js';
import type { CorpusFacts } from './synthetic-posts.js';

/** A child phase's outcome plus the one-line reason when it failed. */
export type PhaseRecord<T> = ChildOutcome<T> & { failure: string | null };

export interface ScaleResult {
  posts: number;
  /** The config `wordIndex` the index was built with (absent in results from before the setting: MiniSearch). */
  wordIndex?: 'minisearch' | 'postings';
  /** YYYY-MM-DD of the run (the machine's date). */
  date: string;
  revision: string;
  machine: MachineFacts;
  loadAverageEnd: string;
  heapMB: number;
  timeoutMin: number;
  corpus: CorpusFacts;
  build: PhaseRecord<BuildPhaseResult>;
  /** Null when the build failed and there was nothing to load. */
  query: PhaseRecord<QueryPhaseResult> | null;
  jieba: PhaseRecord<JiebaPhaseResult>;
  /** The same build with one worker (in-process), for the parallel speed-up; null when not run. */
  singleWorkerBuild?: PhaseRecord<BuildPhaseResult> | null;
  /** `updateIndex` after editing 1 % of the posts, and load/query of the updated index. */
  update?: PhaseRecord<BuildPhaseResult> | null;
  queryAfterUpdate?: PhaseRecord<QueryPhaseResult> | null;
  updatedPosts?: number;
}

const fixed = (value: number, digits: number): string => value.toFixed(digits);
const thousands = (value: number): string => Math.round(value).toLocaleString('en-US');

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function buildOf(run: ScaleResult): BuildPhaseResult | null {
  return run.build.ok ? run.build.result : null;
}

function queryOf(run: ScaleResult): QueryPhaseResult | null {
  return run.query?.ok === true ? run.query.result : null;
}

function resultOf<T>(record: PhaseRecord<T> | null | undefined): T | null {
  return record?.ok === true ? record.result : null;
}

/** How many times faster than the full build `other` was (by wall time). */
function speedUp(run: ScaleResult, other: PhaseRecord<BuildPhaseResult> | null | undefined, inverse = false): number | null {
  const build = buildOf(run);
  const measured = resultOf(other);
  if (build === null || measured === null) return null;
  return inverse ? measured.buildMs / build.buildMs : build.buildMs / measured.buildMs;
}

/**
 * build MB/s of post files ÷ jieba MB/s of text, by wall time or by CPU time (the CPU figure leaves
 * out other jobs' share of the cores; with worker threads the build's CPU spans several cores).
 */
export function jiebaRatio(run: ScaleResult, by: 'wall' | 'cpu'): number | null {
  const build = buildOf(run);
  const jieba = run.jieba.ok ? run.jieba.result : null;
  if (build === null || jieba === null) return null;
  return by === 'wall'
    ? build.inputBytes / build.buildMs / (jieba.textBytes / jieba.cutMs)
    : build.inputBytes / build.buildCpuMs / (jieba.textBytes / jieba.cutCpuMs);
}

const FAILED = '✗';

function reloadCell(reload: QueryPhaseResult['reload']): string {
  if (reload === undefined) return '–';
  if (!reload.measured) return `not measured: ${reload.reason}`;
  return `${fixed(reload.loadMs / 1000, 2)} / ${thousands(reload.stallMs)} / ${reload.peakRssMB === null ? '?' : thousands(reload.peakRssMB)}`;
}

function cell<T>(value: T | null, render: (value: T) => string, missing = FAILED): string {
  return value === null ? missing : render(value);
}

function phaseTriple(values: Record<string, number>, digits: number, scale = 1): string {
  return (['read', 'index', 'save'] as const).map((p) => (values[p] === undefined ? '–' : fixed(values[p] / scale, digits))).join(' / ');
}

function kindP95(run: ScaleResult, kind: QueryKind): string {
  const query = queryOf(run);
  if (query === null) return FAILED;
  const of = query.timings.filter((t) => t.kind === kind);
  return of.length === 0 ? '–' : `${fixed(percentile(of.map((t) => t.ms), 95), 1)} (${thousands(mean(of.map((t) => t.total)))})`;
}

/** `time limit in index at 34,000/50,000`: which limit ended a failed phase, and where. */
export function shortFailure(record: PhaseRecord<unknown>): string {
  const stderr = record.stderrTail.join('\n');
  const kind = record.timedOut
    ? 'time limit'
    : /heap out of memory|Reached heap limit/.test(stderr)
      ? 'heap limit'
      : /Invalid string length/.test(stderr)
        ? 'string length limit'
        : record.signal === 'SIGKILL'
          ? 'killed (system out of memory?)'
          : 'crashed';
  const progress = record.lastProgress;
  return progress === null ? kind : `${kind} in ${progress.phase} at ${thousands(progress.done)}/${thousands(progress.total)}`;
}

/** How a failed phase ended: reason, the phase and progress it had reached, time and memory. */
export function describeFailure(name: string, record: PhaseRecord<unknown>): string {
  const progress = record.lastProgress;
  const where =
    progress === null
      ? 'before its first progress line'
      : `in the ${progress.phase} phase at ${thousands(progress.done)}/${thousands(progress.total)}` +
        (progress.heapUsedMB === undefined
          ? ''
          : ` (at that line: V8 heap ${thousands(progress.heapUsedMB)} MB used of ${thousands(progress.heapTotalMB ?? Number.NaN)}, ` +
            `${thousands(progress.externalMB ?? Number.NaN)} MB outside it)`);
  const peaks = Object.entries(record.peakRssByPhaseMB)
    .map(([phase, mb]) => `${phase} ${thousands(mb)}`)
    .join(', ');
  return (
    `${name} failed ${where}, after ${fixed(record.elapsedMs / 1000, 0)} s: ${record.failure ?? 'unknown'}. ` +
    `Peak RSS ${record.peakRssMB === null ? '?' : thousands(record.peakRssMB)} MB (highest RSS by phase, MB: ${peaks || '–'}).`
  );
}

/** Every child phase of a run by name (null: not run). */
function phaseRecords(run: ScaleResult): Array<[string, PhaseRecord<unknown> | null]> {
  return [
    ['build', run.build],
    ['load/query', run.query],
    ['jieba', run.jieba],
    ['build, 1 worker', run.singleWorkerBuild ?? null],
    ['update', run.update ?? null],
    ['load/query after update', run.queryAfterUpdate ?? null],
  ];
}

export function renderScaleReport(runs: readonly ScaleResult[]): string {
  const header = ['metric', ...runs.map((run) => `${thousands(run.posts)} posts`)];
  const row = (label: string, render: (run: ScaleResult) => string): string[] => [label, ...runs.map(render)];
  const outcome = (run: ScaleResult): string => {
    const failed = phaseRecords(run).flatMap(([name, record]) => (record === null || record.ok ? [] : [`${FAILED} ${name}: ${shortFailure(record)}`]));
    return failed.length === 0 ? 'ok' : failed.join('; ');
  };
  const rows = [
    row('outcome', outcome),
    row('MB of post files / of text', (run) => `${fixed(run.corpus.fileBytes / MB, 1)} / ${fixed(run.corpus.textBytes / MB, 1)}`),
    row('build s', (run) => cell(buildOf(run), (b) => fixed(b.buildMs / 1000, 1))),
    row('build MB/s (post files)', (run) => cell(buildOf(run), (b) => fixed(b.inputBytes / MB / (b.buildMs / 1000), 3))),
    row('build CPU s (user + sys, all threads)', (run) => cell(buildOf(run), (b) => fixed(b.buildCpuMs / 1000, 1))),
    row('build split s: read / index / save', (run) => cell(buildOf(run), (b) => phaseTriple(b.phaseMs, 1, 1000))),
    row('peak RSS MB during build (VmHWM)', (run) => (run.build.peakRssMB === null ? '?' : thousands(run.build.peakRssMB))),
    row('highest RSS MB in read / index / save', (run) => phaseTriple(run.build.peakRssByPhaseMB, 0)),
    row('index MB on disk', (run) => cell(buildOf(run), (b) => fixed(b.generationBytes / MB, 1))),
    row('index / post files', (run) => cell(buildOf(run), (b) => fixed(b.generationBytes / b.inputBytes, 2))),
    row('load s (openEngine, fresh process)', (run) => cell(queryOf(run), (q) => fixed(q.loadMs / 1000, 2))),
    row('RSS MB after openEngine (fresh process)', (run) => cell(queryOf(run), (q) => thousands(q.rssAfterLoadMB))),
    row('peak RSS MB during load', (run) => cell(queryOf(run), (q) => (q.peakRssAfterLoadMB === null ? '?' : thousands(q.peakRssAfterLoadMB)))),
    row('longest event-loop stall ms during load (fresh process, jieba dictionary included)', (run) =>
      cell(queryOf(run), (q) => (q.loadStallMs === undefined ? '–' : thousands(q.loadStallMs))),
    ),
    row('reload swap (second load while the first serves): load s / longest stall ms / peak RSS MB', (run) =>
      cell(queryOf(run), (q) => reloadCell(q.reload)),
    ),
    row('query p50 ms', (run) => cell(queryOf(run), (q) => fixed(q.p50Ms, 2))),
    row('query p95 ms', (run) => cell(queryOf(run), (q) => fixed(q.p95Ms, 2))),
    row('query p99 ms', (run) => cell(queryOf(run), (q) => fixed(q.p99Ms, 2))),
    row('query mean ms / mean exact total', (run) => cell(queryOf(run), (q) => `${fixed(q.meanMs, 2)} / ${thousands(q.meanTotal)}`)),
    row('build MB per CPU s', (run) => cell(buildOf(run), (b) => fixed(b.inputBytes / MB / (b.buildCpuMs / 1000), 3))),
    row('jieba cut(text, true) MB/s of text', (run) => cell(run.jieba.ok ? run.jieba.result : null, (j) => fixed(j.textBytes / MB / (j.cutMs / 1000), 2))),
    row('jieba MB of text per CPU s', (run) => cell(run.jieba.ok ? run.jieba.result : null, (j) => fixed(j.textBytes / MB / (j.cutCpuMs / 1000), 2))),
    row('**build MB/s ÷ jieba MB/s** (target ≥ 0.5)', (run) => cell(jiebaRatio(run, 'wall'), (r) => fixed(r, 3))),
    row('same, by CPU time', (run) => cell(jiebaRatio(run, 'cpu'), (r) => fixed(r, 3))),
    row('build workers', (run) => cell(buildOf(run), (b) => String(b.workers ?? 1))),
    row('build s with 1 worker → speed-up of the workers', (run) =>
      cell(resultOf(run.singleWorkerBuild), (b) => `${fixed(b.buildMs / 1000, 1)} → ${fixed(speedUp(run, run.singleWorkerBuild, true) ?? Number.NaN, 2)}×`, '–'),
    ),
    row('update of 1 % of posts: posts changed', (run) => cell(resultOf(run.update), (u) => thousands(u.update?.changed ?? Number.NaN))),
    row('update s (fresh process, jieba load included)', (run) => cell(resultOf(run.update), (u) => fixed(u.buildMs / 1000, 2))),
    row('**full build ÷ update** (target ≥ 20)', (run) => cell(speedUp(run, run.update), (r) => fixed(r, 1))),
    row('update: MB written / segments after', (run) =>
      cell(resultOf(run.update), (u) => `${fixed((u.update?.writtenBytes ?? Number.NaN) / MB, 1)} / ${u.update?.segments ?? '?'}`),
    ),
    row('update: peak RSS MB', (run) => (run.update?.peakRssMB == null ? FAILED : thousands(run.update.peakRssMB))),
    row('after update: load s / RSS MB', (run) => cell(resultOf(run.queryAfterUpdate), (q) => `${fixed(q.loadMs / 1000, 2)} / ${thousands(q.rssAfterLoadMB)}`)),
    row('after update: query p50 / p95 / p99 ms', (run) =>
      cell(resultOf(run.queryAfterUpdate), (q) => `${fixed(q.p50Ms, 2)} / ${fixed(q.p95Ms, 2)} / ${fixed(q.p99Ms, 2)}`),
    ),
    row('load average at start → end', (run) => `${run.machine.loadAverage} → ${run.loadAverageEnd}`),
  ];
  const kinds: QueryKind[] = ['word', 'han-substring', 'two-part', 'one-char', 'latin'];
  const kindTable = table(
    ['query kind: p95 ms (mean exact total)', ...runs.map((run) => `${thousands(run.posts)} posts`)],
    kinds.map((kind) => [kind, ...runs.map((run) => kindP95(run, kind))]),
  );
  const failures = runs.flatMap((run) =>
    phaseRecords(run).flatMap(([name, record]) =>
      record === null || record.ok ? [] : [`- ${thousands(run.posts)} posts: ${describeFailure(name, record)}`],
    ),
  );
  const first = runs[0];
  const facts =
    first === undefined
      ? ''
      : `Machine: ${first.machine.cpu}, ${first.machine.cores} cores, ${fixed(first.machine.memoryGiB, 0)} GiB, ${first.machine.platform}, ` +
        `Node ${first.machine.node}. zhsearch src at ${[...new Set(runs.map((run) => run.revision))].join(', ')}, ` +
        `word index ${[...new Set(runs.map((run) => run.wordIndex ?? 'minisearch'))].join(', ')}; ` +
        `dates ${[...new Set(runs.map((run) => run.date))].join(', ')}; heap limit ${[...new Set(runs.map((run) => run.heapMB))].join(', ')} MB, ` +
        `time limit ${[...new Set(runs.map((run) => run.timeoutMin))].join(', ')} min per child. MB = 10^6 bytes.`;
  return [facts, '', table(header, rows), '', kindTable, '', ...(failures.length > 0 ? ['Failures:', '', ...failures, ''] : [])].join('\n');
}
