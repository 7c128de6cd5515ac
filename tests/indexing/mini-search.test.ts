/**
 * The word index as a segment stores it: a header line and lines of entries, read back a line at a
 * time (so a reload yields between lines), equal to the index it was saved from. MiniSearch's one-line
 * JSON (what format 5 wrote first) still reads.
 */
import { describe, expect, it } from 'vitest';
import { createDocMap } from '../../src/indexing/doc-map.js';
import { WordIndex } from '../../src/indexing/mini-search.js';
import { analyzer as defaultAnalyzer } from '../helpers/tiny-index.js';

const analyzer = defaultAnalyzer();

/** 40 posts over 4,000 distinct Latin words (more than one line's worth), with shared Chinese text. */
function buildIndex(): WordIndex {
  const words = WordIndex.create(analyzer);
  for (let doc = 0; doc < 40; doc++) {
    const latin = Array.from({ length: 100 }, (_, i) => `word${doc * 100 + i}`).join(' ');
    words.add(doc, { title: doc % 2 === 0 ? '核酸检测' : '疫苗接种', text: `${latin} 检测结果公布。word${doc % 3}x` });
  }
  return words;
}

const queries: string[][] = [['word5'], ['word3999'], ['核酸', '检测'], ['检测'], ['word1x'], ['word0x', '检测'], ['absent']];
const termsOf = (query: string[]): string[] => query.flatMap((q) => analyzer.documentTerms(q));

function answers(words: WordIndex): Array<Array<[number, number]>> {
  return queries.map((query) => [...words.scoreAll(termsOf(query))].sort((a, b) => a[0] - b[0]));
}

describe('WordIndex.serialize / load', () => {
  it('saves lines of entries and reads them back, pausing between lines, into an index that scores the same', async () => {
    const built = buildIndex();
    const saved = built.serialize();
    const lines = saved.split('\n');
    expect(lines.length).toBeGreaterThan(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ documentCount: 40, index: [] });
    let pauses = 0;
    const loaded = await WordIndex.load(saved, analyzer, async () => {
      pauses++;
    });
    expect(pauses).toBeGreaterThanOrEqual(lines.length - 1);
    const expected = answers(built);
    expect(expected[0]).toHaveLength(1);
    expect(expected[2]!.length).toBe(20);
    expect(expected[6]).toEqual([]);
    expect(answers(loaded)).toEqual(expected);
  });

  it("reads MiniSearch's one-line JSON too", async () => {
    const built = buildIndex();
    const [header, ...rest] = built.serialize().split('\n');
    const oneLine = JSON.stringify({ ...JSON.parse(header!), index: rest.flatMap((line) => JSON.parse(line) as unknown[]) });
    expect(answers(await WordIndex.load(oneLine, analyzer))).toEqual(answers(built));
  });

  it('throws on a broken line or a header without an index', async () => {
    const saved = buildIndex().serialize();
    const lines = saved.split('\n');
    await expect(WordIndex.load([lines[0], lines[1]!.slice(0, -5), ...lines.slice(2)].join('\n'), analyzer)).rejects.toThrow(SyntaxError);
    await expect(WordIndex.load([lines[0], '{"not":"entries"}'].join('\n'), analyzer)).rejects.toThrow(/not an array/);
    await expect(WordIndex.load('{"documentCount":1}', analyzer)).rejects.toThrow(/header/);
  });
});

describe('WordIndex.docsWithAll', () => {
  it('is the documents scoreAll finds, restricted to the candidates, across segments with deleted documents', async () => {
    // Two segments of 40; the first has documents 3 and 10 deleted, so the second's start at 38.
    const saved = buildIndex().serialize();
    const [first, second] = await Promise.all([WordIndex.load(saved, analyzer), WordIndex.load(saved, analyzer)]);
    const words = WordIndex.combine([
      { words: first, docMap: createDocMap(40, new Set([3, 10]), 0) },
      { words: second, docMap: createDocMap(40, new Set(), 38) },
    ]);
    const everyOther = Uint32Array.from({ length: 39 }, (_, i) => i * 2);
    const all = Uint32Array.from({ length: 78 }, (_, i) => i);
    let nonEmpty = 0;
    for (const query of queries) {
      for (const fields of [['title', 'text'], ['title']] as const) {
        const terms = termsOf(query);
        const scored = [...words.scoreAll(terms, fields).keys()].sort((a, b) => a - b);
        for (const among of [all, everyOther, Uint32Array.of(5, 77)]) {
          const expected = scored.filter((doc) => among.includes(doc));
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
