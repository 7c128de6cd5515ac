/**
 * Synthetic Chinese blog posts for the scale benchmark, drawn from jieba's own dictionary by word
 * frequency with a seeded PRNG, written as Hexo-style posts plus their reference text. Post i depends
 * only on (seed, i), so the first 1,000 posts of every corpus size are the same posts.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { dateForKey, renderPost, type PostSource } from '../corpus/hexo-post.js';

/** Bump when the generated text changes: corpora written by another version are made again. */
export const GENERATOR_VERSION = 1;

const MIN_POST_CHARS = 500;
const MAX_POST_CHARS = 5000;
const MIN_SENTENCE_WORDS = 8;
const MAX_SENTENCE_WORDS = 30;
const MIN_PARAGRAPH_SENTENCES = 2;
const MAX_PARAGRAPH_SENTENCES = 8;
/** Chance that a word is followed by a clause break (，or ；) inside a sentence. */
const CLAUSE_BREAK_CHANCE = 0.12;
/** Chance that a sentence carries one Latin term. */
const LATIN_CHANCE = 0.1;

const LATIN_TERMS = [
  'iPhone 15', 'COVID-19', '5G', 'Python', 'JavaScript', 'TypeScript', 'GitHub', 'Android', 'Windows 11',
  'ChatGPT', 'Wi-Fi', 'USB-C', 'Linux', 'macOS', 'Excel', 'NVIDIA', 'Tesla', 'iPad Pro', '4K', 'AI',
  'MacBook', 'PS5', 'Docker', 'Kubernetes', 'PM2.5', 'GDP', 'NBA', 'HTTP', 'Node.js', 'Wi-Fi 6',
];
const CATEGORIES = ['科技', '生活', '旅行', '美食', '读书', '编程', '健康', '财经', '教育', '体育', '电影', '音乐'];
const SENTENCE_ENDS = ['。', '。', '。', '。', '。', '。', '。', '！', '？', '？'];

/** sfc32 seeded from SHA-256 of (seed, post index): 128 bits of state, so posts never share a stream. */
export function postRandom(seed: number, index: number): () => number {
  const digest = createHash('sha256').update(`zhsearch-scale:${seed}:${index}`).digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i += 1) next();
  return next;
}

function intBetween(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('cannot pick from an empty list');
  return item;
}

/** Words of jieba's main dictionary (all-Han only), drawn in proportion to their frequency. */
export class WordSampler {
  private readonly words: string[] = [];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(dictionaryPath: string) {
    const frequencies: number[] = [];
    for (const line of readFileSync(dictionaryPath, 'utf8').split('\n')) {
      const [word = '', frequency = '0'] = line.split(' ');
      const weight = Number(frequency);
      if (!(weight > 0) || !/^\p{Script=Han}+$/u.test(word)) continue;
      this.words.push(word);
      frequencies.push(weight);
    }
    this.cumulative = new Float64Array(frequencies.length);
    let sum = 0;
    for (const [i, weight] of frequencies.entries()) {
      sum += weight;
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  get size(): number {
    return this.words.length;
  }

  /** One word, P(word) = frequency / total. */
  sample(random: () => number): string {
    const target = random() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.cumulative[mid] ?? 0) > target) high = mid;
      else low = mid + 1;
    }
    return this.words[low] ?? '';
  }

  /** A word of at least `minChars` characters (titles, tags), by frequency among such words. */
  sampleLong(random: () => number, minChars: number): string {
    for (;;) {
      const word = this.sample(random);
      if (word.length >= minChars) return word;
    }
  }
}

/** nodejieba's main dictionary (`word freq tag` per line). */
export function jiebaDictionaryPath(): string {
  const require = createRequire(import.meta.url);
  return (require('nodejieba') as { DEFAULT_DICT: string }).DEFAULT_DICT;
}

function latinTerm(random: () => number): string {
  const term = pick(random, LATIN_TERMS);
  // Blogs write Latin terms both spaced from the Han text and run together with it.
  return random() < 0.5 ? ` ${term} ` : term;
}

function sentence(sampler: WordSampler, random: () => number): string {
  const count = intBetween(random, MIN_SENTENCE_WORDS, MAX_SENTENCE_WORDS);
  const latinAt = random() < LATIN_CHANCE ? Math.floor(random() * count) : -1;
  let text = '';
  for (let i = 0; i < count; i += 1) {
    text += i === latinAt ? latinTerm(random) : sampler.sample(random);
    if (i < count - 1 && random() < CLAUSE_BREAK_CHANCE) text += random() < 0.85 ? '，' : '；';
  }
  return text.trim().replace(/ ?([，；]) ?/g, '$1') + pick(random, SENTENCE_ENDS);
}

export interface SyntheticPost {
  id: string;
  source: PostSource;
  date: string;
}

/** Post number `index` (0-based) of the corpus with `seed`: the same on every run and at every size. */
export function syntheticPost(sampler: WordSampler, seed: number, index: number): SyntheticPost {
  const random = postRandom(seed, index);
  const id = `post-${String(index + 1).padStart(6, '0')}`;
  const titleWords = intBetween(random, 2, 5);
  let title = '';
  for (let i = 0; i < titleWords; i += 1) title += sampler.sampleLong(random, 2);
  if (random() < 0.1) title = `${latinTerm(random).trim()} ${title}`;
  const targetChars = intBetween(random, MIN_POST_CHARS, MAX_POST_CHARS);
  const paragraphs: string[] = [];
  let chars = 0;
  while (chars < targetChars) {
    const sentences = intBetween(random, MIN_PARAGRAPH_SENTENCES, MAX_PARAGRAPH_SENTENCES);
    let paragraph = '';
    for (let i = 0; i < sentences && chars + paragraph.length < targetChars; i += 1) paragraph += sentence(sampler, random);
    paragraphs.push(paragraph);
    chars += paragraph.length + 1;
  }
  const categories = [pick(random, CATEGORIES)];
  if (random() < 0.3) {
    const second = pick(random, CATEGORIES);
    if (second !== categories[0]) categories.push(second);
  }
  const tags = Array.from({ length: intBetween(random, 1, 3) }, () => sampler.sampleLong(random, 2));
  return {
    id,
    date: dateForKey(`scale/${seed}/${id}`),
    source: { id, title, categories, tags: [...new Set(tags)], blocks: paragraphs.map((text) => ({ kind: 'paragraph', text })) },
  };
}

export interface CorpusPaths {
  /** Folder of `<id>.md` posts. */
  dir: string;
  /** One `{id, title, text}` per line, in post order (engine/queries.ts's ReferencePost). */
  reference: string;
  /** Written last: a corpus without it is incomplete. */
  marker: string;
}

export interface CorpusFacts {
  generatorVersion: number;
  seed: number;
  posts: number;
  /** Bytes of the post files (front matter + HTML). */
  fileBytes: number;
  /** UTF-8 bytes of the posts' reference text (what jieba is given). */
  textBytes: number;
  /** Characters (UTF-16 code units) of the reference text. */
  textChars: number;
}

export function corpusPaths(corpusRoot: string, posts: number): CorpusPaths {
  const dir = path.join(corpusRoot, `scale-${posts}`);
  return { dir, reference: `${dir}.reference.jsonl`, marker: `${dir}.done.json` };
}

/** The facts of a complete corpus made by this generator version and seed, or null. */
export function readCorpusFacts(paths: CorpusPaths, seed: number, posts: number): CorpusFacts | null {
  if (!existsSync(paths.marker) || !existsSync(paths.dir) || !existsSync(paths.reference)) return null;
  const facts = JSON.parse(readFileSync(paths.marker, 'utf8')) as CorpusFacts;
  return facts.generatorVersion === GENERATOR_VERSION && facts.seed === seed && facts.posts === posts ? facts : null;
}

/**
 * Makes `scale-<posts>/` under `corpusRoot` unless a complete one of this version and seed is there.
 * Posts go to a temporary folder first, so an interrupted run leaves no half corpus behind.
 *
 * @example
 * ensureCorpus({ corpusRoot: 'benchmarks/.corpus', posts: 1000, seed: 1 }) // { fileBytes: …, textBytes: … }
 */
export function ensureCorpus(options: {
  corpusRoot: string;
  posts: number;
  seed: number;
  onProgress?: (done: number, total: number) => void;
}): { paths: CorpusPaths; facts: CorpusFacts; made: boolean } {
  const { corpusRoot, posts, seed } = options;
  const paths = corpusPaths(corpusRoot, posts);
  const existing = readCorpusFacts(paths, seed, posts);
  if (existing !== null) return { paths, facts: existing, made: false };
  mkdirSync(corpusRoot, { recursive: true });
  for (const stale of [paths.dir, paths.reference, paths.marker]) rmSync(stale, { recursive: true, force: true });
  const tempDir = `${paths.dir}.tmp-${process.pid}`;
  rmSync(tempDir, { recursive: true, force: true });
  mkdirSync(tempDir);
  const sampler = new WordSampler(jiebaDictionaryPath());
  const reference = openSync(`${paths.reference}.tmp-${process.pid}`, 'w');
  const facts: CorpusFacts = { generatorVersion: GENERATOR_VERSION, seed, posts, fileBytes: 0, textBytes: 0, textChars: 0 };
  try {
    for (let i = 0; i < posts; i += 1) {
      const post = syntheticPost(sampler, seed, i);
      const rendered = renderPost(post.source, post.date);
      const fileBytes = Buffer.from(rendered.fileText, 'utf8');
      writeFileSync(path.join(tempDir, `${post.id}.md`), fileBytes);
      writeSync(reference, `${JSON.stringify({ id: post.id, title: post.source.title, text: rendered.referenceText })}\n`);
      facts.fileBytes += fileBytes.length;
      facts.textBytes += Buffer.byteLength(rendered.referenceText, 'utf8');
      facts.textChars += rendered.referenceText.length;
      if ((i + 1) % 1000 === 0 || i + 1 === posts) options.onProgress?.(i + 1, posts);
    }
  } finally {
    closeSync(reference);
  }
  renameSync(`${paths.reference}.tmp-${process.pid}`, paths.reference);
  renameSync(tempDir, paths.dir);
  writeFileSync(paths.marker, `${JSON.stringify(facts, null, 2)}\n`);
  return { paths, facts, made: true };
}
