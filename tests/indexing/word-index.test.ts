/**
 * The word index, held either way (MiniSearch or typed-array postings): the same posts for every
 * question, before and after a save, across segments with deleted documents. MiniSearch's as a segment
 * stores it: a header line and lines of entries, read back a line at a time (so a reload yields between
 * lines); its one-line JSON (what format 5 wrote first) still reads. The postings' file is checked.
 */
import { describe, expect, it } from 'vitest';
import { createDocMap } from '../../src/indexing/doc-map.js';
import { WORD_INDEX_KINDS, WordIndex, type WordIndexKind } from '../../src/indexing/word-index.js';
import { analyzer as defaultAnalyzer } from '../helpers/tiny-index.js';

const analyzer = defaultAnalyzer();

/** 40 posts over 4,000 distinct Latin words (more than one line's worth), with shared Chinese text. */
const posts = Array.from({ length: 40 }, (_, doc) => ({
  title: doc % 2 === 0 ? '核酸检测' : '疫苗接种',
  text: `${Array.from({ length: 100 }, (_, i) => `word${doc * 100 + i}`).join(' ')} 检测结果公布。word${doc % 3}x`,
}));

function buildIndex(kind: WordIndexKind = 'minisearch'): WordIndex {
  const words = WordIndex.create(kind);
  posts.forEach((post, doc) => words.add(doc, { title: analyzer.documentTerms(post.title), text: analyzer.documentTerms(post.text) }));
  return words;
}

const queries: string[][] = [['word5'], ['word3999'], ['核酸', '检测'], ['检测'], ['word1x'], ['word0x', '检测'], ['absent']];
const termsOf = (query: string[]): string[] => query.flatMap((q) => analyzer.documentTerms(q));
const ALL = Uint32Array.from(posts.keys());

/** The oracle: a post holds a term when the analyzer makes that term of one of the fields. */
function holding(terms: readonly string[], fields: ReadonlyArray<'title' | 'text'>, docs: Iterable<number>, postOf: (doc: number) => (typeof posts)[number] | null): number[] {
  return [...docs].filter((doc) => {
    const post = postOf(doc);
    return post !== null && terms.every((term) => fields.some((field) => analyzer.documentTerms(post[field]).includes(term)));
  });
}

function answers(words: WordIndex): number[][] {
  return queries.map((query) => [...words.docsWithAll(termsOf(query), ['title', 'text'], ALL)]);
}

const load = (saved: Buffer | string, kind: WordIndexKind = 'minisearch', pause?: () => Promise<void>): Promise<WordIndex> =>
  WordIndex.load(typeof saved === 'string' ? Buffer.from(saved, 'utf8') : saved, kind, 'seg-000001/words', pause);

describe('WordIndex.serialize / load (MiniSearch)', () => {
  it('saves lines of entries and reads them back, pausing between lines, into an index that scores the same', async () => {
    const built = buildIndex();
    const saved = built.serialize().toString('utf8');
    const lines = saved.split('\n');
    expect(lines.length).toBeGreaterThan(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ documentCount: 40, index: [] });
    let pauses = 0;
    const loaded = await load(saved, 'minisearch', async () => {
      pauses++;
    });
    expect(pauses).toBeGreaterThanOrEqual(lines.length - 1);
    const expected = answers(built);
    expect(expected).toEqual(queries.map((query) => holding(termsOf(query), ['title', 'text'], ALL, (doc) => posts[doc]!)));
    expect(expected[0]).toEqual([0]);
    expect(expected[2]).toHaveLength(20);
    expect(expected[6]).toEqual([]);
    expect(answers(loaded)).toEqual(expected);
  });

  it("reads MiniSearch's one-line JSON too", async () => {
    const built = buildIndex();
    const [header, ...rest] = built.serialize().toString('utf8').split('\n');
    const oneLine = JSON.stringify({ ...JSON.parse(header!), index: rest.flatMap((line) => JSON.parse(line) as unknown[]) });
    expect(answers(await load(oneLine))).toEqual(answers(built));
  });

  it('throws on a broken line or a header without an index', async () => {
    const lines = buildIndex().serialize().toString('utf8').split('\n');
    await expect(load([lines[0], lines[1]!.slice(0, -5), ...lines.slice(2)].join('\n'))).rejects.toThrow(SyntaxError);
    await expect(load([lines[0], '{"not":"entries"}'].join('\n'))).rejects.toThrow(/not an array/);
    await expect(load('{"documentCount":1}')).rejects.toThrow(/header/);
  });
});

describe('WordIndex.serialize / load (postings)', () => {
  it('reads back, in place, into an index that answers as MiniSearch does', async () => {
    const built = buildIndex('postings');
    expect(built.kind).toBe('postings');
    const expected = answers(buildIndex('minisearch'));
    expect(answers(built)).toEqual(expected);
    const loaded = await load(built.serialize(), 'postings');
    expect(loaded.kind).toBe('postings');
    expect(answers(loaded)).toEqual(expected);
  });

  it('takes no documents once it has been read', () => {
    const built = buildIndex('postings');
    answers(built);
    expect(() => built.add(40, { title: ['x'], text: [] })).toThrow(/cannot take documents/);
  });

  it('is INDEX_CORRUPT when the file is not one it wrote, or is cut short', async () => {
    const saved = buildIndex('postings').serialize();
    const broken = [Buffer.from('not a word index'), Buffer.concat([saved.subarray(0, 8), Buffer.from([0xff, 0xff, 0xff, 0x7f])]), saved.subarray(0, saved.length - 3)];
    for (const bytes of broken) await expect(load(bytes, 'postings')).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
    // A MiniSearch file read as postings, and the other way round.
    await expect(load(buildIndex('minisearch').serialize(), 'postings')).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
    await expect(load(saved, 'minisearch')).rejects.toThrow();
  });
});

describe.each(WORD_INDEX_KINDS)('WordIndex.docsWithAll (%s)', (kind) => {
  it('is the candidates that hold every term in one of the fields, across segments with deleted documents', async () => {
    // Two segments of 40; the first has documents 3 and 10 deleted, so the second's start at 38.
    const saved = buildIndex(kind).serialize();
    const [first, second] = await Promise.all([load(saved, kind), load(saved, kind)]);
    const words = WordIndex.combine([
      { words: first, docMap: createDocMap(40, new Set([3, 10]), 0) },
      { words: second, docMap: createDocMap(40, new Set(), 38) },
    ]);
    const everyOther = Uint32Array.from({ length: 39 }, (_, i) => i * 2);
    const all = Uint32Array.from({ length: 78 }, (_, i) => i);
    // Document numbers of the whole: the first segment without its 3 and 10, then the second.
    const firstLive = [...posts.keys()].filter((local) => local !== 3 && local !== 10);
    const postOf = (doc: number): (typeof posts)[number] | null => (doc < 38 ? posts[firstLive[doc]!]! : posts[doc - 38] ?? null);
    let nonEmpty = 0;
    for (const query of queries) {
      for (const fields of [['title', 'text'], ['title']] as const) {
        const terms = termsOf(query);
        for (const among of [all, everyOther, Uint32Array.of(5, 77)]) {
          const expected = holding(terms, fields, among, postOf);
          expect([...words.docsWithAll(terms, fields, among)], `${query.join(' ')} in ${fields.join('+')}`).toEqual(expected);
          if (expected.length > 0) nonEmpty++;
        }
      }
    }
    expect(nonEmpty).toBeGreaterThan(10);
    // 核酸 is only in the titles of even local documents: 20 per segment, less the deleted 10.
    expect(words.docsWithAll(termsOf(['核酸']), ['title'], all)).toHaveLength(39);
    expect(words.docsWithAll(termsOf(['核酸']), ['title'], new Uint32Array(0))).toHaveLength(0);
  });
});

describe('WordIndex.combine of both kinds', () => {
  it('answers over a MiniSearch segment and a postings segment as over two of one kind', async () => {
    const mixed = WordIndex.combine([
      { words: await load(buildIndex('minisearch').serialize(), 'minisearch'), docMap: createDocMap(40, new Set([7]), 0) },
      { words: await load(buildIndex('postings').serialize(), 'postings'), docMap: createDocMap(40, new Set([0]), 39) },
    ]);
    const same = WordIndex.combine([
      { words: await load(buildIndex('minisearch').serialize(), 'minisearch'), docMap: createDocMap(40, new Set([7]), 0) },
      { words: await load(buildIndex('minisearch').serialize(), 'minisearch'), docMap: createDocMap(40, new Set([0]), 39) },
    ]);
    const all = Uint32Array.from({ length: 78 }, (_, i) => i);
    const asked = queries.map((query) => [...mixed.docsWithAll(termsOf(query), ['title', 'text'], all)]);
    expect(asked).toEqual(queries.map((query) => [...same.docsWithAll(termsOf(query), ['title', 'text'], all)]));
    expect(asked[2]).toHaveLength(39);
  });
});
