/**
 * Relevance queries drawn from a corpus's reference text with mulberry32 (one stream per corpus and
 * kind), with their ground truth from fold.ts. Owns what each kind means; not how systems answer.
 */
import { createHash } from 'node:crypto';
import * as OpenCC from 'opencc-js';
import { mulberry32, type ReferencePost } from '../engine/queries.js';
import type { CorpusSpec } from './corpora.js';
import { fold, isPunctuationOnly, queryParts, relevantIds, type FoldedCorpus } from './fold.js';
import { cut, dictionaryHanWords, type DictionaryWord } from './jieba.js';

export const QUERY_KINDS = ['word', 'substring', 'phrase', 'title', 'mixed', 'trad', 'absent'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export interface RelevanceQuery {
  kind: QueryKind;
  q: string;
  /** Ids of the posts whose folded title or text holds every folded part, in corpus order. */
  relevant: string[];
  /** `title`: the post whose title this is. */
  target?: string;
  /** `trad`: the text before conversion. */
  original?: string;
}

type Random = () => number;
type Draw = (random: Random) => Omit<RelevanceQuery, 'relevant' | 'kind'> | null;

const HAN = /\p{Script=Han}/u;
const HAN_WORD = /^\p{Script=Han}{2,}$/u;
const LATIN_TERM = /[A-Za-z]{3,}/g;
const SENTENCE_END = /[。！？；!?;]/u;
const FIELD_PREFIX = /^(title|category|tag|author)[:：]/i;
const MAX_TRIES_PER_QUERY = 200;
/** Words of the generator's site boilerplate: absent from every reference text, present in many post files. */
const BOILERPLATE_PROBES = ['海量资讯', '精准解读', '责任编辑', '新浪财经', '正文开始', '推荐阅读', 'adsbygoogle'];
/** Dictionary words rarer than this are not "plausible" queries. */
const MIN_ABSENT_FREQUENCY = 100;
const simplifiedToTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
const traditionalToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
let dictionaryCache: DictionaryWord[] | undefined;

function pick<T>(random: Random, items: readonly T[]): T | undefined {
  return items[Math.floor(random() * items.length)];
}

function intBetween(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function seedFor(seed: number, corpus: string, kind: QueryKind): number {
  return createHash('sha256').update(`${seed}:${corpus}:${kind}`).digest().readUInt32BE(0);
}

/**
 * The query as searched (spaces collapsed), or null when it cannot be one: only punctuation, or
 * zhsearch syntax inside (`"`, a leading `-`, a part starting `-x`, a `field:` prefix).
 */
export function cleanQuery(q: string): string | null {
  const parts = queryParts(q);
  if (parts.every(isPunctuationOnly) || q.includes('"') || parts[0]?.startsWith('-') === true) return null;
  if (parts.some((part) => /^-./u.test(part) || FIELD_PREFIX.test(part))) return null;
  return parts.join(' ');
}

interface Lines {
  post: ReferencePost;
  lines: string[];
}

function postLines(posts: readonly ReferencePost[]): Lines[] {
  return posts.map((post) => ({ post, lines: post.text.split('\n').filter((line) => HAN.test(line)) }));
}

function randomLine(random: Random, all: readonly Lines[]): { post: ReferencePost; line: string } | null {
  const entry = pick(random, all);
  const line = entry === undefined ? undefined : pick(random, entry.lines);
  return entry === undefined || line === undefined ? null : { post: entry.post, line };
}

function hanWord(random: Random, line: string): string | null {
  return pick(random, cut(line).filter((word) => HAN_WORD.test(word))) ?? null;
}

/** 2–6 Han characters of `line` that straddle a boundary between two of its jieba words. */
function crossingSubstring(random: Random, line: string): string | null {
  const chars = [...line];
  const isHan = (i: number): boolean => HAN.test(chars[i] ?? '');
  const boundaries: number[] = [];
  let position = 0;
  for (const word of cut(line)) {
    position += [...word].length;
    if (position < chars.length && isHan(position - 1) && isHan(position)) boundaries.push(position);
  }
  const boundary = pick(random, boundaries);
  if (boundary === undefined) return null;
  let runStart = boundary - 1;
  while (runStart > 0 && isHan(runStart - 1)) runStart -= 1;
  let runEnd = boundary + 1;
  while (runEnd < chars.length && isHan(runEnd)) runEnd += 1;
  const length = Math.min(intBetween(random, 2, 6), runEnd - runStart);
  const start = intBetween(random, Math.max(runStart, boundary - length + 1), Math.min(boundary - 1, runEnd - length));
  return chars.slice(start, start + length).join('');
}

/** 4–10 consecutive characters of one sentence, at least two of them Han. */
function phrase(random: Random, line: string): string | null {
  const sentences = line.split(SENTENCE_END).map((s) => [...s.trim()]).filter((s) => s.length >= 4);
  const sentence = pick(random, sentences);
  if (sentence === undefined) return null;
  const length = Math.min(intBetween(random, 4, 10), sentence.length);
  const start = intBetween(random, 0, sentence.length - length);
  const text = sentence.slice(start, start + length).join('').trim();
  return [...text].filter((ch) => HAN.test(ch)).length >= 2 ? text : null;
}

function drawers(spec: CorpusSpec, corpus: FoldedCorpus): Record<QueryKind, Draw> {
  const lines = postLines(corpus.posts);
  const withLatin = lines.filter((entry) => (entry.post.text.match(LATIN_TERM) ?? []).length > 0);
  const titleCount = new Map<string, number>();
  for (const title of corpus.titles) titleCount.set(title, (titleCount.get(title) ?? 0) + 1);
  const uniqueTitled = corpus.posts.filter((_, i) => titleCount.get(corpus.titles[i] ?? '') === 1);
  const convert = spec.script === 'simplified' ? simplifiedToTraditional : traditionalToSimplified;
  let probes = 0;
  const fromLine = (random: Random, make: (random: Random, line: string) => string | null): string | null => {
    const drawn = randomLine(random, lines);
    return drawn === null ? null : make(random, drawn.line);
  };
  return {
    word: (random) => ({ q: fromLine(random, hanWord) ?? '' }),
    substring: (random) => ({ q: fromLine(random, crossingSubstring) ?? '' }),
    phrase: (random) => ({ q: fromLine(random, phrase) ?? '' }),
    title: (random) => {
      const post = pick(random, uniqueTitled);
      return post === undefined ? null : { q: post.title, target: post.id };
    },
    mixed: (random) => {
      const entry = pick(random, withLatin);
      const latin = entry === undefined ? undefined : pick(random, entry.post.text.match(LATIN_TERM) ?? []);
      const line = entry === undefined ? undefined : pick(random, entry.lines);
      const word = line === undefined ? null : hanWord(random, line);
      return latin === undefined || word === null ? null : { q: `${latin} ${word}` };
    },
    trad: (random) => {
      const original = fromLine(random, random() < 0.5 ? hanWord : crossingSubstring);
      if (original === null) return null;
      const q = convert(original);
      return q === original ? null : { q, original };
    },
    absent: (random) => {
      const probe = BOILERPLATE_PROBES[probes];
      probes += 1;
      if (probe !== undefined) return corpus.all.includes(fold(probe)) ? null : { q: probe };
      dictionaryCache ??= dictionaryHanWords(2, 4).filter((entry) => entry.frequency >= MIN_ABSENT_FREQUENCY);
      const entry = pick(random, dictionaryCache);
      return entry === undefined || corpus.all.includes(fold(entry.word)) ? null : { q: entry.word };
    },
  };
}

/**
 * Up to `perKind` distinct queries of every kind (fewer only when the corpus runs out, e.g. unique
 * titles), each with its truth. The same corpus, count and seed give the same list.
 *
 * @example
 * generateQueries(CORPORA['lo-zh-cn'], foldCorpus(posts), 200, 1).filter((q) => q.kind === 'trad')[0]
 * // { kind: 'trad', q: '換為字', original: '换为字', relevant: [four post ids] }
 */
export function generateQueries(spec: CorpusSpec, corpus: FoldedCorpus, perKind: number, seed: number): RelevanceQuery[] {
  const draw = drawers(spec, corpus);
  const queries: RelevanceQuery[] = [];
  for (const kind of QUERY_KINDS) {
    const random = mulberry32(seedFor(seed, spec.name, kind));
    const seen = new Set<string>();
    for (let tries = 0; seen.size < perKind && tries < perKind * MAX_TRIES_PER_QUERY; tries += 1) {
      const drawn = draw[kind](random);
      const q = drawn === null ? null : cleanQuery(drawn.q);
      if (drawn === null || q === null || seen.has(q)) continue;
      const relevant = relevantIds(corpus, q);
      if (kind === 'absent' ? relevant.length > 0 : relevant.length === 0) continue;
      seen.add(q);
      queries.push({ ...drawn, kind, q, relevant });
    }
  }
  return queries;
}
