/**
 * A folder of small posts made of the sample articles' own sentences, that a test can add to,
 * edit and delete from, deterministically (every choice is arithmetic on post numbers, and each
 * write gets a later mtime so an update's stat pre-filter always sees it); plus the comparison of
 * two engines over a query set: same totals, same hits in the same order (ties aside), scores within 1 %.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { DEFAULT_INGEST_OPTIONS } from '../../src/ingest/index.js';
import { parsePost } from '../../src/ingest/read-post.js';
import type { Answer } from './answers.js';
import { SAMPLE_POSTS_DIR } from './persist-fixtures.js';

/** Sentences (8+ characters, ending at 。！？) of the five sample posts, each once, in file order. */
export function sampleSentences(): string[] {
  const sentences = new Set<string>();
  for (const name of readdirSync(SAMPLE_POSTS_DIR).sort()) {
    const result = parsePost(readFileSync(path.join(SAMPLE_POSTS_DIR, name)), { id: name, path: name }, DEFAULT_INGEST_OPTIONS);
    if (!result.ok) throw new Error(`sample ${name} does not parse`);
    for (const sentence of result.post.text.match(/[^。！？\n]+[。！？]/g) ?? []) {
      const trimmed = sentence.trim();
      if (trimmed.length >= 8) sentences.add(trimmed);
    }
  }
  return [...sentences];
}

const LATIN_TERMS = ['COVID-19', 'PCR', 'WHO', 'GDP', 'App'];

export class PostFolder {
  /** Post number → its version (edits bump it). */
  private readonly versions = new Map<number, number>();
  private clock = Date.UTC(2026, 0, 1) / 1000;

  constructor(
    readonly dir: string,
    private readonly sentences: readonly string[],
  ) {}

  static id(post: number): string {
    return `post-${String(post).padStart(3, '0')}`;
  }

  get live(): number[] {
    return [...this.versions.keys()].sort((a, b) => a - b);
  }

  /** The title and body sentences of a post at its current version. */
  content(post: number): { title: string; sentences: string[] } {
    const version = this.versions.get(post) ?? 0;
    const n = this.sentences.length;
    const count = 3 + ((post + version) % 4);
    const picked = Array.from({ length: count }, (_, j) => this.sentences[(post * 7 + j * 13 + version * 5) % n]!);
    return { title: `${picked[0]!.slice(0, 10)}（第${post}篇）`, sentences: picked };
  }

  async write(post: number): Promise<void> {
    if (!this.versions.has(post)) this.versions.set(post, 0);
    const { title, sentences } = this.content(post);
    const latin = post % 3 === 0 ? `<p>${LATIN_TERMS[post % LATIN_TERMS.length]} 数据显示。</p>\n` : '';
    const body = sentences.map((s) => `<p>${s}</p>`).join('\n');
    const date = `2022-0${1 + (post % 9)}-1${post % 10} 08:00:00`;
    const file = path.join(this.dir, `${PostFolder.id(post)}.md`);
    await writeFile(file, `\n---\ntitle: ${title}\ndate: ${date}\ncategories: [测试, 第${post % 4}组]\n---\n\n${body}\n${latin}`, 'utf8');
    this.clock += 10;
    await utimes(file, this.clock, this.clock);
  }

  async add(...posts: number[]): Promise<void> {
    for (const post of posts) await this.write(post);
  }

  async edit(...posts: number[]): Promise<void> {
    for (const post of posts) {
      this.versions.set(post, (this.versions.get(post) ?? 0) + 1);
      await this.write(post);
    }
  }

  async remove(...posts: number[]): Promise<void> {
    for (const post of posts) {
      this.versions.delete(post);
      await rm(path.join(this.dir, `${PostFolder.id(post)}.md`));
    }
  }

  /** A new mtime, the same bytes. */
  async touch(post: number): Promise<void> {
    this.clock += 10;
    const file = path.join(this.dir, `${PostFolder.id(post)}.md`);
    await utimes(file, this.clock, this.clock);
  }

  /**
   * Queries drawn from the live posts: Han substrings of 2, 3, 4 and 6 characters, two-part
   * queries, titles, a Latin term, and words of the sample articles.
   */
  queries(): string[] {
    const queries = new Set(['核酸检测', '疫情', '新冠', '检测结果', 'covid-19', 'pcr', '的', '核酸 阴性']);
    for (const post of this.live.filter((_, i) => i % 3 === 0)) {
      const { title, sentences } = this.content(post);
      // Han runs as they stand in the text (joining across punctuation would make strings no post holds).
      const runs = sentences.flatMap((s) => s.match(/\p{Script=Han}{8,}/gu) ?? []);
      runs.slice(0, 4).forEach((run, i) => {
        const length = [2, 3, 4, 6][i]!;
        const at = (post + i) % (run.length - length);
        queries.add(run.slice(at, at + length));
      });
      const [first, second] = [runs[0], runs.at(-1)];
      if (first !== undefined && second !== undefined && first !== second) queries.add(`${first.slice(1, 3)} ${second.slice(2, 4)}`);
      queries.add(title);
    }
    return [...queries];
  }
}

function runsOfEqualScore(hits: ReadonlyArray<{ id: string; score: number }>): Array<{ score: number; ids: string[] }> {
  const runs: Array<{ score: number; ids: string[] }> = [];
  for (const hit of hits) {
    const last = runs.at(-1);
    if (last !== undefined && Math.abs(last.score - hit.score) <= 1e-9 * Math.max(1, Math.abs(hit.score))) last.ids.push(hit.id);
    else runs.push({ score: hit.score, ids: [hit.id] });
  }
  return runs.map((run) => ({ ...run, ids: run.ids.sort() }));
}

/**
 * `updated` answers every query as `rebuilt` does: the same total, the same hits in the same
 * order where scores differ (equal scores may come in any order), each score within 1 %.
 */
export function expectSameAnswers(updated: readonly Answer[], rebuilt: readonly Answer[]): void {
  expect(updated.map((a) => a.q)).toEqual(rebuilt.map((b) => b.q));
  updated.forEach((a, i) => {
    const b = rebuilt[i]!;
    expect(a.total, a.q).toBe(b.total);
    const runsA = runsOfEqualScore(a.hits);
    const runsB = runsOfEqualScore(b.hits);
    expect(runsA.map((run) => run.ids), a.q).toEqual(runsB.map((run) => run.ids));
    runsA.forEach((run, r) => expect(Math.abs(run.score - runsB[r]!.score) / runsB[r]!.score, a.q).toBeLessThanOrEqual(0.01));
  });
}
