/**
 * Deterministic benchmark queries drawn from a corpus's reference text with a seeded PRNG
 * (mulberry32): Han substrings, word-like pairs, one-character queries, `A B` and Latin terms.
 */
import { readFileSync } from 'node:fs';

export interface ReferencePost {
  id: string;
  title: string;
  text: string;
}

export type QueryKind = 'han-substring' | 'word' | 'one-char' | 'two-part' | 'latin';

export interface BenchmarkQuery {
  kind: QueryKind;
  q: string;
}

/** How many queries of each kind one batch of 200 holds. */
export const QUERY_MIX: Readonly<Record<QueryKind, number>> = {
  'han-substring': 60,
  word: 60,
  'one-char': 10,
  'two-part': 40,
  latin: 30,
};

const ONE_CHAR_QUERIES = ['的', '是', '在', '和', '数', '表', '中', '文', '一', '不'];
const HAN_RUN = /\p{Script=Han}{2,}/gu;
const LATIN_TERM = /[A-Za-z][A-Za-z0-9]{3,}/g;

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function readReference(referencePath: string): ReferencePost[] {
  return readFileSync(referencePath, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ReferencePost);
}

interface Pools {
  /** Runs of two or more Han characters, per post (posts without any left out). */
  hanRuns: string[][];
  /** Distinct Latin terms of four or more characters, in first-seen order. */
  latinTerms: string[];
}

function buildPools(posts: readonly ReferencePost[]): Pools {
  const hanRuns: string[][] = [];
  const latin = new Set<string>();
  for (const post of posts) {
    const runs = post.text.match(HAN_RUN) ?? [];
    if (runs.length > 0) hanRuns.push(runs);
    for (const term of post.text.match(LATIN_TERM) ?? []) latin.add(term);
  }
  return { hanRuns, latinTerms: [...latin] };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}

function intBetween(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A Han substring of `minChars`–`maxChars` characters at a random place in one run of `runs`. */
function hanSubstring(random: () => number, runs: readonly string[], minChars: number, maxChars: number): string {
  const long = runs.filter((run) => [...run].length >= minChars);
  const run = [...pick(random, long.length > 0 ? long : runs)];
  const length = Math.min(run.length, intBetween(random, minChars, maxChars));
  const start = intBetween(random, 0, run.length - length);
  return run.slice(start, start + length).join('');
}

function makeQuery(kind: QueryKind, random: () => number, pools: Pools): BenchmarkQuery {
  switch (kind) {
    case 'han-substring':
      return { kind, q: hanSubstring(random, pick(random, pools.hanRuns), 2, 6) };
    case 'word':
      return { kind, q: hanSubstring(random, pick(random, pools.hanRuns), 2, 4) };
    case 'one-char':
      return { kind, q: pick(random, ONE_CHAR_QUERIES) };
    case 'two-part': {
      // Both parts from the same post, so most two-part queries have hits.
      const runs = pick(random, pools.hanRuns);
      return { kind, q: `${hanSubstring(random, runs, 2, 3)} ${hanSubstring(random, runs, 2, 3)}` };
    }
    case 'latin':
      return { kind, q: pick(random, pools.latinTerms) };
  }
}

/**
 * `count` queries in the proportions of QUERY_MIX, shuffled; the same posts and seed give the same list.
 *
 * @example
 * generateQueries(readReference('benchmarks/.corpus/libreoffice-zh-cn.reference.jsonl'), 200, 1)
 */
export function generateQueries(posts: readonly ReferencePost[], count: number, seed: number): BenchmarkQuery[] {
  const pools = buildPools(posts);
  if (pools.hanRuns.length === 0 || pools.latinTerms.length === 0) {
    throw new Error('the reference text has no Han runs or no Latin terms to draw queries from');
  }
  const random = mulberry32(seed);
  const total = Object.values(QUERY_MIX).reduce((sum, n) => sum + n, 0);
  const kinds: QueryKind[] = [];
  for (const [kind, share] of Object.entries(QUERY_MIX) as Array<[QueryKind, number]>) {
    for (let i = 0; i < Math.round((share * count) / total); i += 1) kinds.push(kind);
  }
  while (kinds.length < count) kinds.push('han-substring');
  kinds.length = count;
  const queries = kinds.map((kind) => makeQuery(kind, random, pools));
  for (let i = queries.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [queries[i], queries[j]] = [queries[j] as BenchmarkQuery, queries[i] as BenchmarkQuery];
  }
  return queries;
}
