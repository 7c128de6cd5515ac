/**
 * Markdown for the relevance benchmark: per-corpus tables (recall / precision per kind, MRR, zero hits,
 * errors, latency), zhsearch's targets and failing queries, the overall precision@10 table. Formatting only.
 */
import type { Failure } from './failures.js';
import type { Aggregate, SystemMetrics } from './metrics.js';
import { QUERY_KINDS, type QueryKind } from './queries.js';

export interface CorpusRun {
  corpus: string;
  packageName: string;
  posts: number;
  postMB: number;
  withBoilerplate: number;
  withLeadingBlankLine: number;
  queryCounts: Record<QueryKind, number>;
  systems: SystemMetrics[];
  zhsearch: { buildMs: number; loadMs: number; indexed: number; skips: string[]; boilerplate: Array<{ line: string; posts: number }> };
  failures: Failure[];
  loadAverage: { start: string; end: string };
}

const SCORED_KINDS: readonly QueryKind[] = QUERY_KINDS.filter((kind) => kind !== 'absent');
const MAX_FAILURES_SHOWN = 20;

function num(value: number | null, digits = 3): string {
  return value === null || Number.isNaN(value) ? '—' : value.toFixed(digits);
}

function recallPrecision(aggregate: Aggregate): string {
  return `${num(aggregate.recall)} / ${num(aggregate.precision)}`;
}

function targets(metrics: SystemMetrics): string {
  const misses: string[] = [];
  for (const kind of SCORED_KINDS) {
    const recall = metrics.byKind[kind].recall;
    if (recall !== null && recall < 0.99) misses.push(`recall ${kind} ${num(recall)} < 0.99`);
  }
  const { precision, p95Ms } = metrics.overall;
  if (precision !== null && precision < 0.97) misses.push(`precision@10 ${num(precision)} < 0.97`);
  const zeroHits = metrics.byKind.absent.zeroHitRate;
  if (zeroHits !== null && zeroHits < 1) misses.push(`absent zero hits ${num(zeroHits)} < 1`);
  const mrr = metrics.byKind.title.mrr;
  if (mrr !== null && mrr < 0.95) misses.push(`title MRR ${num(mrr)} < 0.95`);
  if (p95Ms > 2) misses.push(`p95 ${num(p95Ms, 2)} ms > 2 ms`);
  return misses.length === 0 ? 'zhsearch meets every target.' : `zhsearch misses: ${misses.join('; ')}.`;
}

function failureLine(failure: Failure): string {
  const pieces = [`${failure.relevantCount} relevant`];
  if ((failure.recall ?? 1) < 1) {
    const shown = failure.missing.map((m) => `${m.id} [${m.cause}] «${m.context}»`).join(', ');
    pieces.push(`recall ${num(failure.recall)} (${failure.missingCount} missing${shown === '' ? '' : `: ${shown}`})`);
  }
  if (failure.extra.length > 0) {
    pieces.push(`P@10 ${num(failure.precision)} (extra: ${failure.extra.map((e) => `${e.id} [${e.cause}]`).join(', ')})`);
  }
  if (failure.kind === 'title' && failure.rank !== 1) {
    const above = failure.above.map((a) => `${a.id} «${a.title}»`).join(', ');
    pieces.push(`expected ${failure.target ?? '?'} first, got rank ${failure.rank ?? 'none'}${above === '' ? '' : ` below ${above}`}`);
  }
  if (failure.error !== null) pieces.push(`error: ${failure.error}`);
  const original = failure.original === undefined ? '' : ` (from \`${failure.original}\`)`;
  return `- **${failure.kind}** \`${failure.q}\`${original} — ${failure.causes.join(', ')}: ${pieces.join('; ')}`;
}

/** Up to `max` failures, one (first cause, kind) group after another, so every kind of failure shows. */
export function pickFailures(failures: readonly Failure[], max: number): Failure[] {
  const groups = new Map<string, Failure[]>();
  for (const failure of failures) {
    const key = `${failure.causes[0] ?? ''}/${failure.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), failure]);
  }
  const queues = [...groups.values()];
  const picked: Failure[] = [];
  for (let round = 0; picked.length < max && queues.some((queue) => queue.length > round); round += 1) {
    for (const queue of queues) {
      const failure = queue[round];
      if (failure !== undefined && picked.length < max) picked.push(failure);
    }
  }
  return picked;
}

function causeSummary(failures: readonly Failure[]): string {
  const counts = new Map<string, number>();
  for (const failure of failures) {
    for (const cause of failure.causes) counts.set(cause, (counts.get(cause) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([cause, n]) => `${cause} ${n}`).join(', ');
}

export function renderCorpus(run: CorpusRun): string {
  const counts = QUERY_KINDS.map((kind) => `${kind} ${run.queryCounts[kind]}`).join(', ');
  const lines = [
    `### ${run.corpus} (${run.packageName})`,
    '',
    `${run.posts} posts, ${run.postMB.toFixed(2)} MB (${run.withBoilerplate} with boilerplate, ${run.withLeadingBlankLine} with a leading blank line). ` +
      `Queries: ${counts}. zhsearch: built in ${(run.zhsearch.buildMs / 1000).toFixed(1)} s (${run.zhsearch.indexed} indexed, ` +
      `${run.zhsearch.skips.length} skipped, ${run.zhsearch.boilerplate.length} boilerplate lines dropped` +
      `${run.zhsearch.boilerplate.length === 0 ? '' : `: ${run.zhsearch.boilerplate.slice(0, 3).map(({ line, posts }) => `${posts}× \`${line}\``).join(', ')}`}), loaded in ` +
      `${(run.zhsearch.loadMs / 1000).toFixed(1)} s. Load average ${run.loadAverage.start} → ${run.loadAverage.end}.`,
    '',
    `| system | ${SCORED_KINDS.map((kind) => `${kind} R / P`).join(' | ')} | title MRR | absent 0-hit | P@10 all | errors | p50 ms | p95 ms |`,
    `| --- | ${SCORED_KINDS.map(() => '---').join(' | ')} | --- | --- | --- | --- | --- | --- |`,
  ];
  for (const metrics of run.systems) {
    const cells = SCORED_KINDS.map((kind) => recallPrecision(metrics.byKind[kind]));
    const { overall } = metrics;
    lines.push(
      `| ${metrics.system} | ${cells.join(' | ')} | ${num(metrics.byKind.title.mrr)} | ${num(metrics.byKind.absent.zeroHitRate)} | ` +
        `${num(overall.precision)} | ${overall.errors} | ${num(overall.p50Ms, 2)} | ${num(overall.p95Ms, 2)} |`,
    );
  }
  const zhsearch = run.systems.find((m) => m.system === 'zhsearch');
  if (zhsearch !== undefined) lines.push('', targets(zhsearch));
  const shown = pickFailures(run.failures, MAX_FAILURES_SHOWN);
  const summary = run.failures.length === 0 ? '' : ` By cause (a query may have several): ${causeSummary(run.failures)}.`;
  lines.push('', `zhsearch failing queries: ${run.failures.length} (${shown.length} shown).${summary}`, '', ...shown.map(failureLine));
  return `${lines.join('\n')}\n`;
}

/** Precision@10 over all kinds, per system and corpus, and pooled over every query of every corpus. */
export function renderOverall(runs: readonly CorpusRun[]): string {
  const systems = runs[0]?.systems.map((m) => m.system) ?? [];
  const lines = [
    `| system | ${runs.map((run) => run.corpus).join(' | ')} | all corpora |`,
    `| --- | ${runs.map(() => '---').join(' | ')} | --- |`,
  ];
  for (const system of systems) {
    let sum = 0;
    let count = 0;
    const cells = runs.map((run) => {
      const overall = run.systems.find((m) => m.system === system)?.overall;
      if (overall === undefined || overall.precision === null) return '—';
      sum += overall.precision * overall.precisionQueries;
      count += overall.precisionQueries;
      return num(overall.precision);
    });
    lines.push(`| ${system} | ${cells.join(' | ')} | ${num(count === 0 ? null : sum / count)} |`);
  }
  return `${lines.join('\n')}\n`;
}
