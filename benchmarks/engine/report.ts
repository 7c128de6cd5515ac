/**
 * Renders the engine benchmark's numbers as Markdown: machine facts, the main table, latency by
 * query kind and the slowest queries. Formatting only; nothing is measured here.
 */
import { MB, mean, percentile, type MachineFacts } from './measure.js';
import type { QueryPhaseResult, QueryTiming } from './query-phase.js';
import type { QueryKind } from './queries.js';

export interface BuildNumbers {
  posts: number;
  skipped: number;
  warnings: number;
  inputBytes: number;
  buildMs: number;
  /** User + system CPU time of the build process during buildMs (all threads). */
  buildCpuMs: number;
  /** Split of buildMs by the time each phase first reported progress (read includes listing). */
  phaseMs: Record<'read' | 'index' | 'save', number>;
  generationBytes: number;
  rssAfterBuildMB: number;
  inProcessLoadMs: number;
}

export interface BenchmarkRun {
  date: string;
  corpus: string;
  /** git revision of the measured src/ (`+dirty` when src/ had uncommitted changes). */
  revision: string;
  machine: MachineFacts;
  build: BuildNumbers;
  query: QueryPhaseResult;
}

const fixed = (value: number, digits: number): string => value.toFixed(digits);

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function kindRows(timings: readonly QueryTiming[]): string[][] {
  const kinds = [...new Set(timings.map((t) => t.kind))].sort() as QueryKind[];
  return kinds.map((kind) => {
    const of = timings.filter((t) => t.kind === kind);
    const ms = of.map((t) => t.ms);
    return [
      kind,
      String(of.length),
      fixed(percentile(ms, 50), 2),
      fixed(percentile(ms, 95), 2),
      fixed(Math.max(...ms), 2),
      fixed(mean(of.map((t) => t.total)), 1),
    ];
  });
}

export function renderReport(run: BenchmarkRun): string {
  const { build, query, machine } = run;
  const buildS = build.buildMs / 1000;
  const inputMB = build.inputBytes / MB;
  const main = table(
    ['metric', 'value'],
    [
      ['posts indexed (skipped, warnings)', `${build.posts} (${build.skipped}, ${build.warnings})`],
      ['MB of posts', fixed(inputMB, 2)],
      ['build s', fixed(buildS, 2)],
      ['build MB/s', fixed(inputMB / buildS, 3)],
      ['build CPU s (user + sys)', fixed(build.buildCpuMs / 1000, 2)],
      ['build split s: read / index / save', (['read', 'index', 'save'] as const).map((p) => fixed(build.phaseMs[p] / 1000, 2)).join(' / ')],
      ['index MB (generation dir)', fixed(build.generationBytes / MB, 2)],
      ['index / posts ratio', fixed(build.generationBytes / build.inputBytes, 2)],
      ['load s (openEngine, fresh process)', fixed(query.loadMs / 1000, 2)],
      ['load s (openEngine, same process after build)', fixed(build.inProcessLoadMs / 1000, 2)],
      ['RSS MB after load (fresh process)', fixed(query.rssAfterLoadMB, 0)],
      ['V8 heap MB after load (fresh process)', fixed(query.heapAfterLoadMB, 0)],
      ['RSS MB after build (build process)', fixed(build.rssAfterBuildMB, 0)],
      [`query p50 ms (${query.timings.length} queries, limit 10, snippets)`, fixed(query.p50Ms, 2)],
      ['query p95 ms', fixed(query.p95Ms, 2)],
      ['query p99 ms', fixed(query.p99Ms, 2)],
      ['query mean ms', fixed(query.meanMs, 2)],
      ['mean hits total', fixed(query.meanTotal, 1)],
    ],
  );
  const byKind = table(['query kind', 'n', 'p50 ms', 'p95 ms', 'max ms', 'mean total'], kindRows(query.timings));
  const slowest = [...query.timings]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((t) => [JSON.stringify(t.q), t.kind, fixed(t.ms, 2), String(t.total)]);
  return [
    `## zhsearch engine benchmark — ${run.date}`,
    '',
    `Corpus: ${run.corpus}; zhsearch src at ${run.revision}.`,
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${fixed(machine.memoryGiB, 0)} GiB, ` +
      `${machine.platform}, Node ${machine.node}, load average ${machine.loadAverage} at start. MB = 10^6 bytes.`,
    '',
    main,
    '',
    byKind,
    '',
    'Slowest queries:',
    '',
    table(['query', 'kind', 'ms', 'total'], slowest),
    '',
  ].join('\n');
}
