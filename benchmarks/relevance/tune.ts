/**
 * Tunes zhsearch's ranking boosts on the relevance benchmark's corpora and queries: one index per corpus (in this
 * process), a fresh Searcher per weight setting, scored on title MRR, title-word MRR and graded nDCG@10 of `word`
 * queries. Prints one Markdown table; it reports only and never changes DEFAULT_WEIGHTS.
 * Usage: npx tsx benchmarks/relevance/tune.ts [--corpus lo-zh-cn|all] [--per-kind 200] [--seed 1]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WEIGHTS, Searcher, buildIndex, openEngine, resolveConfig, type RankingWeights } from '../../src/index.js';
import { machineFacts, mean, sourceRevision } from '../engine/measure.js';
import { CORPORA, CORPUS_NAMES, writeCorpus, type CorpusName } from './corpora.js';
import { foldCorpus, foldedParts, type FoldedCorpus } from './fold.js';
import { ndcgAt, scoreQuery } from './metrics.js';
import { PAGE_LIMIT, RECALL_LIMIT, type SystemOutcome } from './outcome.js';
import { generateQueries, type RelevanceQuery } from './queries.js';
import { parseRelevanceArgs } from './args.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const TITLE_BOOSTS = [1, 2, 3, 5];
const WHOLE_WORD_BOOSTS = [1, 1.5, 2];
const EXACT_TITLE_BOOSTS = [1, 3];
/** Graded relevance of a `word` query's post: the word in its title, or in its text only. */
const GRADE_TITLE = 2;
const GRADE_TEXT = 1;

const MEASURES = ['titleMrr', 'titleWordMrr', 'wordNdcg'] as const;
type Measure = (typeof MEASURES)[number];
/** NaN where a corpus has no query for the measure. */
type Scores = Record<Measure, number>;

interface WordQuery {
  query: RelevanceQuery;
  grades: Map<string, number>;
  /** The one relevant post whose title holds the word; null when none or several do. */
  titlePost: string | null;
}

interface TuningSet {
  corpus: CorpusName;
  input: string;
  posts: number;
  titleQueries: RelevanceQuery[];
  wordQueries: WordQuery[];
}

type Setting = Pick<RankingWeights, 'titleBoost' | 'wholeWordBoost' | 'exactTitleBoost'>;

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Grades and the title-word target of a `word` query, from the benchmark's fold (not zhsearch's). */
function gradeWordQuery(corpus: FoldedCorpus, postIndex: ReadonlyMap<string, number>, query: RelevanceQuery): WordQuery {
  const parts = foldedParts(query.q);
  const grades = new Map<string, number>();
  for (const id of query.relevant) {
    const title = corpus.titles[postIndex.get(id) ?? -1] ?? '';
    grades.set(id, parts.every((part) => title.includes(part)) ? GRADE_TITLE : GRADE_TEXT);
  }
  const titled = [...grades].filter(([, grade]) => grade === GRADE_TITLE);
  return { query, grades, titlePost: titled.length === 1 ? (titled[0]?.[0] ?? null) : null };
}

/** Writes the corpus and draws its queries exactly as run.ts does (same seed, same streams). */
function prepare(name: CorpusName, perKind: number, seed: number): TuningSet {
  const spec = CORPORA[name];
  const written = writeCorpus(spec);
  const corpus = foldCorpus(written.posts);
  const queries = generateQueries(spec, corpus, perKind, seed);
  const postIndex = new Map(corpus.ids.map((id, i) => [id, i]));
  return {
    corpus: name,
    input: written.dir,
    posts: written.posts.length,
    titleQueries: queries.filter((q) => q.kind === 'title'),
    wordQueries: queries.filter((q) => q.kind === 'word').map((q) => gradeWordQuery(corpus, postIndex, q)),
  };
}

function reciprocalRank(query: RelevanceQuery, top: string[]): number {
  const { rank } = scoreQuery(query, { top, top10: top.slice(0, PAGE_LIMIT), total: top.length, ms: Number.NaN, error: null } satisfies SystemOutcome);
  return rank === null ? 0 : 1 / rank;
}

function scoreSetting(searcher: Searcher, set: TuningSet): Scores {
  const top = (q: string): string[] => searcher.search({ q, limit: RECALL_LIMIT }).hits.map((hit) => hit.id);
  const titleRanks = set.titleQueries.map((query) => reciprocalRank(query, top(query.q)));
  const titleWordRanks: number[] = [];
  const ndcgs: number[] = [];
  for (const { query, grades, titlePost } of set.wordQueries) {
    const ids = top(query.q);
    if (titlePost !== null) titleWordRanks.push(reciprocalRank({ ...query, target: titlePost }, ids));
    const ndcg = ndcgAt(ids, grades, PAGE_LIMIT);
    if (ndcg !== null) ndcgs.push(ndcg);
  }
  return { titleMrr: mean(titleRanks), titleWordMrr: mean(titleWordRanks), wordNdcg: mean(ndcgs) };
}

/** The grid, plus DEFAULT_WEIGHTS should they ever leave it. */
function settings(): Setting[] {
  const grid = TITLE_BOOSTS.flatMap((titleBoost) =>
    WHOLE_WORD_BOOSTS.flatMap((wholeWordBoost) => EXACT_TITLE_BOOSTS.map((exactTitleBoost) => ({ titleBoost, wholeWordBoost, exactTitleBoost }))));
  return grid.some((s) => changes(s) === 0) ? grid : [...grid, DEFAULT_WEIGHTS];
}

/** One index per corpus, then every setting on it; the index folder is removed afterwards. */
async function tuneCorpus(set: TuningSet, grid: readonly Setting[]): Promise<Scores[]> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'zhsearch-tune-'));
  try {
    const config = resolveConfig({ cwd: workDir, env: {}, flags: { input: set.input, index: path.join(workDir, 'index') } });
    await buildIndex(config);
    const engine = await openEngine(config);
    const started = performance.now();
    const scores = grid.map((setting) => scoreSetting(new Searcher(engine.index, { urlFor: (doc) => doc.id, weights: { ...DEFAULT_WEIGHTS, ...setting } }), set));
    log(`${set.corpus}: ${grid.length} settings in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return scores;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Mean over the corpora that have queries for the measure. */
function acrossCorpora(perCorpus: readonly Scores[], measure: Measure): number {
  return mean(perCorpus.map((s) => s[measure]).filter((v) => !Number.isNaN(v)));
}

function combined(scores: Scores): number {
  return mean(MEASURES.map((m) => scores[m]).filter((v) => !Number.isNaN(v)));
}

function fmt(value: number): string {
  return Number.isNaN(value) ? '—' : value.toFixed(4);
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
}

/** How many of the three boosts differ from DEFAULT_WEIGHTS. */
function changes(s: Setting): number {
  return (['titleBoost', 'wholeWordBoost', 'exactTitleBoost'] as const).filter((key) => s[key] !== DEFAULT_WEIGHTS[key]).length;
}

function describe(s: Setting): string {
  return `titleBoost ${s.titleBoost}, wholeWordBoost ${s.wholeWordBoost}, exactTitleBoost ${s.exactTitleBoost}`;
}

function render(sets: readonly TuningSet[], grid: readonly Setting[], byCorpus: readonly Scores[][]): string {
  const rows = grid.map((setting, i) => {
    const perCorpus = byCorpus.map((corpusScores) => corpusScores[i] as Scores);
    const overall = { titleMrr: acrossCorpora(perCorpus, 'titleMrr'), titleWordMrr: acrossCorpora(perCorpus, 'titleWordMrr'), wordNdcg: acrossCorpora(perCorpus, 'wordNdcg') };
    return { setting, overall, combined: combined(overall), perCorpus: perCorpus.map(combined) };
  });
  // Ties go to the setting that changes the fewest defaults, then to grid order (the sort is stable).
  rows.sort((a, b) => b.combined - a.combined || changes(a.setting) - changes(b.setting));
  const defaults = rows.find((row) => changes(row.setting) === 0);
  const best = rows[0];
  if (defaults === undefined || best === undefined) throw new Error('the grid lost DEFAULT_WEIGHTS');
  const note = (s: Setting): string =>
    [changes(s) === 0 ? '**DEFAULT_WEIGHTS**' : '', s.titleBoost === 1 && s.wholeWordBoost === 1 && s.exactTitleBoost === 1 ? 'no boosts' : ''].filter(Boolean).join(', ');
  const head = ['#', 'titleBoost', 'wholeWordBoost', 'exactTitleBoost', 'title MRR', 'title-word MRR', 'word nDCG@10', 'combined', ...sets.map((s) => s.corpus), 'Δ vs default', 'note'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  rows.forEach((row, i) => {
    const { titleBoost, wholeWordBoost, exactTitleBoost } = row.setting;
    const cells = [i + 1, titleBoost, wholeWordBoost, exactTitleBoost, fmt(row.overall.titleMrr), fmt(row.overall.titleWordMrr), fmt(row.overall.wordNdcg), fmt(row.combined), ...row.perCorpus.map((v) => fmt(v)), signed(row.combined - defaults.combined), note(row.setting)];
    lines.push(`| ${cells.join(' | ')} |`);
  });
  const tied = rows.filter((row) => row.combined === best.combined).length;
  const change = MEASURES.map((m) => `${m} ${fmt(defaults.overall[m])} → ${fmt(best.overall[m])}`).join(', ');
  return `${lines.join('\n')}\n\nBest: ${describe(best.setting)}${tied > 1 ? ` (tied with ${tied - 1} more)` : ''}: combined ${fmt(best.combined)} ` +
    `against ${fmt(defaults.combined)} for DEFAULT_WEIGHTS (${describe(DEFAULT_WEIGHTS)}), ${signed(best.combined - defaults.combined)}; ${change}.\n`;
}

async function main(): Promise<void> {
  const { names, perKind, seed } = parseRelevanceArgs();
  const machine = machineFacts();
  // Every query is drawn before zhsearch opens an index: both use the one nodejieba state of this process, and
  // zhsearch's analyzer loads its user dictionary into it, which would change the benchmark's word cuts after it.
  const sets = (names as CorpusName[]).map((name) => {
    log(`${name}: writing the corpus and drawing queries`);
    return prepare(name, perKind, seed);
  });
  const grid = settings();
  const byCorpus: Scores[][] = [];
  for (const set of sets) byCorpus.push(await tuneCorpus(set, grid));
  const counts = sets.map((s) => `${s.corpus} ${s.posts} posts, ${s.titleQueries.length} title / ${s.wordQueries.filter((w) => w.titlePost !== null).length} title-word / ${s.wordQueries.length} word queries`);
  process.stdout.write(
    `## zhsearch ranking weights — ${new Date().toISOString().slice(0, 10)}\n\n` +
      `zhsearch src at ${sourceRevision(HERE)}; ${perKind} queries per kind, seed ${seed}; stopwordWeight ${DEFAULT_WEIGHTS.stopwordWeight} throughout. ` +
      `Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage} at start, ${(os.loadavg()[0] ?? 0).toFixed(2)} at the end.\n` +
      `Queries: ${counts.join('; ')}. Measures are means over the corpora; combined = mean of the three; the corpus columns are each corpus's combined.\n\n` +
      render(sets, grid, byCorpus),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`ranking-weight tuning: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
