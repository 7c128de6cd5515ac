/**
 * Suggester: prefix lookups over words, word sequences, titles and pinyin, their order, limits and
 * deduplication; and that pinyin never changes what search finds.
 */
import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/indexing/search-index.js';
import { Searcher } from '../../src/search/searcher.js';
import { Suggester, type Suggestion } from '../../src/search/suggester.js';
import { analyzer, storedDocument, type DocInput } from '../helpers/tiny-index.js';

function suggesterFor(docs: DocInput[]): { suggester: Suggester; searcher: Searcher } {
  const index = SearchIndex.build(docs.map(storedDocument), analyzer());
  return { suggester: new Suggester(index), searcher: new Searcher(index, { urlFor: (doc) => `/posts/${doc.id}` }) };
}

const texts = (found: Suggestion[]): string[] => found.map((s) => s.text);

const DOCS: DocInput[] = [
  { id: 'a', title: '吉林开展全员核酸检测', date: '2022-03-18T00:00:00Z', text: '吉林市今天开展核酸检测。核酸采样点很多。银行照常营业。' },
  { id: 'b', title: '核酸检测结果公布', date: '2022-03-20T00:00:00Z', text: '本轮核酸检测结果均为阴性。核酸检测人员辛苦了。' },
  { id: 'c', title: '绥芬河口岸恢复通关', date: '2022-01-25T00:00:00Z', text: '绥芬河口岸恢复通关，核酸检测阴性证明必须携带。核酸很重要。' },
  { id: 'd', title: '吉林省政府发布通告', date: null, text: '吉林省政府要求做好疫情防控，核酸检测点延长时间。绥芬河口岸人员也要检测。' },
  { id: 'e', title: 'iPhone 新品发布', date: '2021-09-24T00:00:00Z', text: '苹果发布 iPhone 新品，银行卡支付可用。Apple 表示 iPhone 销量很好。' },
];

describe('Suggester on words and word sequences', () => {
  const { suggester } = suggesterFor(DOCS);

  it('suggests 核酸 and 核酸检测 for the typed prefix 核酸', () => {
    expect(suggester.suggest('核酸', 8).slice(0, 2)).toEqual([
      { text: '核酸', kind: 'term' },
      { text: '核酸检测', kind: 'term' },
    ]);
  });

  it('ranks the words in more posts first, the shorter first when as many posts hold them', () => {
    const ranked = suggesterFor([
      { id: '1', text: '核酸检测。' },
      { id: '2', text: '核酸检测。' },
      { id: '3', text: '核酸检测，核酸报告。' },
      { id: '4', text: '核酸报告。' },
      { id: '5', text: '核酸。' },
    ]).suggester.suggest('核酸', 8);
    // 核酸: 5 posts (inside 核酸检测 too); 核酸检测: 3; 核酸报告 (核酸 + 报告): 2
    expect(texts(ranked)).toEqual(['核酸', '核酸检测', '核酸报告']);
  });

  it('suggests only texts that start with what was typed', () => {
    for (const q of ['核酸', '吉林', '绥芬', '银行']) {
      for (const s of suggester.suggest(q, 20)) expect(analyzer().normalize(s.text).replace(/\s/g, '')).toMatch(new RegExp(`^${q}`));
    }
  });

  it('suggests the word sequence 绥芬河口岸, found in two posts', () => {
    expect(texts(suggester.suggest('绥芬河口', 8))).toContain('绥芬河口岸');
  });

  it('finds simplified words for traditional input (核酸檢 → 核酸检测)', () => {
    expect(texts(suggester.suggest('核酸檢', 8))).toContain('核酸检测');
  });

  it('finds Latin words whatever the case typed, shown as the posts write them', () => {
    expect(suggester.suggest('IPH', 8)[0]).toEqual({ text: 'iPhone', kind: 'term' });
  });

  it('returns nothing for whitespace or a prefix no word starts with', () => {
    expect(suggester.suggest('   ', 8)).toEqual([]);
    expect(suggester.suggest('猕猴桃', 8)).toEqual([]);
  });

  it('returns at most limit suggestions, never the same text twice', () => {
    for (const limit of [1, 2, 3, 8, 20]) {
      const found = suggester.suggest('核', limit);
      expect(found.length).toBeLessThanOrEqual(limit);
      expect(new Set(texts(found)).size).toBe(found.length);
    }
    expect(suggester.suggest('核', 1)).toHaveLength(1);
  });
});

describe('Suggester on titles', () => {
  const { suggester } = suggesterFor(DOCS);

  it('suggests titles that start with the prefix, with the post id, after the words', () => {
    const found = suggester.suggest('吉林', 8);
    const firstTitle = found.findIndex((s) => s.kind === 'title');
    expect(firstTitle).toBeGreaterThan(0);
    expect(found.slice(firstTitle).every((s) => s.kind === 'title')).toBe(true);
    expect(found.filter((s) => s.kind === 'title')).toEqual([
      { text: '吉林开展全员核酸检测', kind: 'title', id: 'a' },
      { text: '吉林省政府发布通告', kind: 'title', id: 'd' },
    ]);
  });

  it('orders titles newest first, undated last', () => {
    const titles = suggesterFor([
      { id: 'old', title: '疫情通报一', date: '2021-01-01T00:00:00Z', text: '正文。' },
      { id: 'none', title: '疫情通报二', date: null, text: '正文。' },
      { id: 'new', title: '疫情通报三', date: '2022-01-01T00:00:00Z', text: '正文。' },
    ]).suggester.suggest('疫情通报', 8).filter((s) => s.kind === 'title');
    expect(titles.map((s) => s.id)).toEqual(['new', 'old', 'none']);
  });

  it('keeps a quarter of the slots for titles when words would fill them all', () => {
    const docs: DocInput[] = Array.from({ length: 12 }, (_, i) => ({
      id: `p${i}`,
      title: `核酸第${i}篇`,
      text: '核酸检测 核酸采样 核酸结果 核酸报告 核酸证明 核酸机构 核酸人员 核酸窗口 核酸队伍 核酸样本',
    }));
    const found = suggesterFor(docs).suggester.suggest('核酸', 8);
    expect(found).toHaveLength(8);
    expect(found.filter((s) => s.kind === 'title')).toHaveLength(2);
    expect(found.slice(0, 6).every((s) => s.kind === 'term')).toBe(true);
  });

  it('gives every slot to titles when no word matches', () => {
    const found = suggester.suggest('核酸检测结果公', 8);
    expect(found).toEqual([{ text: '核酸检测结果公布', kind: 'title', id: 'b' }]);
  });
});

describe('Suggester on pinyin', () => {
  const { suggester, searcher } = suggesterFor(DOCS);

  it.each([['hsjc'], ['hesuanjiance'], ['hesuanj'], ['HSJC'], ['he suan jian ce'], ["he'suan"]])(
    'suggests 核酸检测 for %j, marked as a pinyin suggestion',
    (q) => {
      expect(suggester.suggest(q, 8)).toContainEqual({ text: '核酸检测', kind: 'pinyin' });
    },
  );

  it('suggests both 核酸检测 and 核酸 for hesuan', () => {
    expect(texts(suggester.suggest('hesuan', 8))).toEqual(expect.arrayContaining(['核酸检测', '核酸']));
  });

  it('reads polyphones with the word: yinhang suggests 银行, yinxing does not', () => {
    expect(texts(suggester.suggest('yinhang', 8))).toContain('银行');
    expect(texts(suggester.suggest('yinxing', 8))).not.toContain('银行');
  });

  it('gives pinyin suggestions only for Latin-letter queries', () => {
    expect(suggester.suggest('核', 20).some((s) => s.kind === 'pinyin')).toBe(false);
    expect(suggester.suggest('h1', 20).some((s) => s.kind === 'pinyin')).toBe(false);
  });

  it('puts Latin words and pinyin matches in one list by post count', () => {
    const found = suggester.suggest('i', 8);
    expect(found).toContainEqual({ text: 'iPhone', kind: 'term' });
  });

  it('never lets pinyin change search results', () => {
    expect(searcher.search({ q: 'hsjc' }).total).toBe(0);
    expect(searcher.search({ q: 'hesuan' }).total).toBe(0);
    expect(searcher.search({ q: '核酸检测' }).total).toBe(4);
  });
});
