/**
 * zhsearch's failing queries (recall < 1, P@10 < 1, title rank > 1, `absent` hits) with guessed causes, from
 * where the parts occur in the post file, its reference text and the lines the build dropped. Not proofs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BOILERPLATE_TEXTS } from '../corpus/site-boilerplate.js';
import { fold, foldedParts, isPunctuationOnly, queryParts, type FoldedCorpus } from './fold.js';
import { scoreQuery } from './metrics.js';
import { RECALL_LIMIT, type SystemOutcome } from './outcome.js';
import type { RelevanceQuery } from './queries.js';

/**
 * - `dropped-line`: a relevant post was missed because a part occurs only in lines zhsearch's build
 *   dropped as repeated boilerplate (real text of the corpus, repeated across many posts)
 * - `missed`: a relevant post was missed for another reason
 * - `boilerplate`: a returned post holds a part only in the site boilerplate the generator added
 * - `markup`: only elsewhere in the file (front matter, attributes, <style>)
 * - `across-blocks`: only when two body blocks are read as one line
 * - `engine-fold`: nowhere in the file under the benchmark's fold (the engine folds differently)
 * - `title-rank` / `title-rank-punctuation`: the target was not first (its title has a
 *   punctuation-only token such as ` - `, which the query parser drops)
 * - `error`: the search threw
 */
export type FailureCause =
  | 'dropped-line' | 'missed' | 'boilerplate' | 'markup' | 'across-blocks' | 'engine-fold'
  | 'title-rank' | 'title-rank-punctuation' | 'error';

export interface Failure {
  kind: RelevanceQuery['kind'];
  q: string;
  original?: string;
  causes: FailureCause[];
  relevantCount: number;
  /** `title`: the post the title belongs to. */
  target?: string;
  recall: number | null;
  precision: number | null;
  rank: number | null;
  /** The first few relevant posts missing from the top 1000, with the folded context of each part. */
  missing: Array<{ id: string; cause: FailureCause; context: string }>;
  missingCount: number;
  /** Returned in the top 10 but not relevant. */
  extra: Array<{ id: string; cause: FailureCause }>;
  /** `title`: the first few posts ranked above the target, with their titles. */
  above: Array<{ id: string; title: string }>;
  error: string | null;
}

const MAX_LISTED = 5;
const foldedBoilerplate = BOILERPLATE_TEXTS.map(fold);

interface Context {
  corpus: FoldedCorpus;
  postDir: string;
  numberOf: Map<string, number>;
  /** Folded texts without the lines zhsearch dropped, built on first use. */
  stripped: Map<number, string>;
  droppedLines: ReadonlySet<string>;
}

function extraCause(ctx: Context, index: number, parts: readonly string[]): FailureCause {
  const title = ctx.corpus.titles[index] ?? '';
  const text = ctx.corpus.texts[index] ?? '';
  const missingParts = parts.filter((part) => !title.includes(part) && !text.includes(part));
  const file = fold(readFileSync(path.join(ctx.postDir, `${ctx.corpus.ids[index] ?? ''}.md`), 'utf8'));
  const inFile = missingParts.filter((part) => file.includes(part));
  if (inFile.length > 0 && inFile.every((part) => foldedBoilerplate.some((b) => b.includes(part)))) return 'boilerplate';
  if (inFile.length === missingParts.length && missingParts.length > 0) return 'markup';
  const joined = [text.replaceAll('\n', ''), text.replaceAll('\n', ' ')];
  return missingParts.every((part) => joined.some((t) => t.includes(part))) ? 'across-blocks' : 'engine-fold';
}

function missedCause(ctx: Context, index: number, parts: readonly string[]): FailureCause {
  if (ctx.droppedLines.size === 0) return 'missed';
  let stripped = ctx.stripped.get(index);
  if (stripped === undefined) {
    const post = ctx.corpus.posts[index];
    stripped = fold((post?.text ?? '').split('\n').filter((line) => !ctx.droppedLines.has(line)).join('\n'));
    ctx.stripped.set(index, stripped);
  }
  const title = ctx.corpus.titles[index] ?? '';
  const text = stripped;
  return parts.every((part) => title.includes(part) || text.includes(part)) ? 'missed' : 'dropped-line';
}

/** Where each part first occurs in the post's folded title or text, with a few characters around. */
function context(corpus: FoldedCorpus, index: number, parts: readonly string[]): string {
  const fields: Array<[string, string]> = [['title', corpus.titles[index] ?? ''], ['text', corpus.texts[index] ?? '']];
  return parts
    .map((part) => {
      for (const [name, field] of fields) {
        const at = field.indexOf(part);
        if (at >= 0) return `${name}: …${field.slice(Math.max(0, at - 6), at + part.length + 6).replaceAll('\n', '⏎')}…`;
      }
      return `${part}: nowhere`;
    })
    .join(' | ');
}

function diagnose(ctx: Context, query: RelevanceQuery, outcome: SystemOutcome): Failure | null {
  const score = scoreQuery(query, outcome);
  const absentHit = query.kind === 'absent' && outcome.top.length + outcome.top10.length > 0;
  const titleMiss = query.kind === 'title' && score.rank !== 1;
  const failed = (score.recall ?? 1) < 1 || (score.precision ?? 1) < 1 || titleMiss || absentHit;
  if (!failed && outcome.error === null) return null;
  const parts = foldedParts(query.q);
  const returned = new Set(outcome.top);
  const relevant = new Set(query.relevant);
  const missingIds = query.relevant.filter((id) => !returned.has(id));
  // A full top 1000 cannot hold more: then the missing ones say nothing.
  const counted = outcome.top.length >= RECALL_LIMIT ? [] : missingIds;
  const missing = counted.slice(0, MAX_LISTED).map((id) => {
    const index = ctx.numberOf.get(id) ?? -1;
    return { id, cause: missedCause(ctx, index, parts), context: context(ctx.corpus, index, parts) };
  });
  const extra = outcome.top10
    .filter((id) => !relevant.has(id))
    .map((id) => ({ id, cause: extraCause(ctx, ctx.numberOf.get(id) ?? -1, parts) }));
  const targetRank = score.rank ?? outcome.top.length + 1;
  const causes = new Set<FailureCause>([...missing.map((m) => m.cause), ...extra.map((e) => e.cause)]);
  if (titleMiss) causes.add(queryParts(query.q).some(isPunctuationOnly) ? 'title-rank-punctuation' : 'title-rank');
  if (outcome.error !== null) causes.add('error');
  return {
    kind: query.kind,
    q: query.q,
    ...(query.original === undefined ? {} : { original: query.original }),
    causes: [...causes],
    relevantCount: query.relevant.length,
    ...(query.target === undefined ? {} : { target: query.target }),
    recall: score.recall,
    precision: score.precision,
    rank: score.rank,
    missing,
    missingCount: counted.length,
    extra,
    above: titleMiss
      ? outcome.top.slice(0, Math.min(targetRank - 1, MAX_LISTED)).map((id) => ({ id, title: ctx.corpus.posts[ctx.numberOf.get(id) ?? -1]?.title ?? '?' }))
      : [],
    error: outcome.error,
  };
}

/**
 * Every failing zhsearch query, in query order. `droppedLines` are the lines the build reported as
 * boilerplate.
 *
 * @example
 * zhsearchFailures(queries, outcomes, corpus, written.dir, ['要访问此命令...']).filter((f) => f.causes.includes('boilerplate'))
 */
export function zhsearchFailures(
  queries: readonly RelevanceQuery[],
  outcomes: readonly SystemOutcome[],
  corpus: FoldedCorpus,
  postDir: string,
  droppedLines: readonly string[],
): Failure[] {
  const ctx: Context = {
    corpus,
    postDir,
    numberOf: new Map(corpus.ids.map((id, i) => [id, i])),
    stripped: new Map(),
    droppedLines: new Set(droppedLines),
  };
  return queries.flatMap((query, i) => {
    const outcome = outcomes[i];
    const failure = outcome === undefined ? null : diagnose(ctx, query, outcome);
    return failure === null ? [] : [failure];
  });
}
