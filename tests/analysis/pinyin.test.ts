/**
 * Word-level pinyin (analysis/pinyin.ts through the analyzer) and the word tokens suggestions are
 * built from: polyphones follow the word, initials are first letters, non-Han words have none.
 */
import { describe, expect, it } from 'vitest';
import { analyzer } from '../helpers/tiny-index.js';

const a = analyzer();

describe('analyzer.pinyin', () => {
  it.each([
    ['核酸检测', 'hesuanjiance', 'hsjc'],
    ['核酸', 'hesuan', 'hs'],
    ['银行', 'yinhang', 'yh'],
    ['行走', 'xingzou', 'xz'],
    ['重庆', 'chongqing', 'cq'],
    ['音乐', 'yinyue', 'yy'],
    ['绿色', 'lvse', 'ls'],
  ])('reads %s as %s with initials %s', (word, full, initials) => {
    expect(a.pinyin(word)).toMatchObject({ full, initials });
  });

  it('reads 银行 with the word, not character by character (yinhang, not yinxing)', () => {
    expect(a.pinyin('银行')?.syllables).toEqual(['yin', 'hang']);
    expect(a.pinyin('行')?.syllables).toEqual(['xing']);
  });

  it.each(['iphone', '5g网络', '2022年', '核酸 检测', ''])('gives no pinyin for %j, which is not all Han', (word) => {
    expect(a.pinyin(word)).toBeNull();
  });

  it('gives one lowercase ASCII syllable per character', () => {
    for (const word of ['疫情防控', '黑龙江', '绥芬河市', '指挥部']) {
      const reading = a.pinyin(word);
      expect(reading?.syllables.length).toBe(Array.from(word).length);
      for (const syllable of reading?.syllables ?? []) expect(syllable).toMatch(/^[a-z]+$/);
      expect(reading?.initials).toBe(reading?.syllables.map((s) => s[0]).join(''));
    }
  });
});

describe('analyzer.wordTokens', () => {
  it('returns precise words in order with offsets into the normalized text, adjacent words touching', () => {
    const text = a.normalize('全员核酸检测结果');
    const tokens = a.wordTokens(text);
    expect(tokens.map((t) => t.term).join('')).toBe(text);
    for (const token of tokens) expect(text.slice(token.start, token.end)).toBe(token.term);
    for (let i = 1; i < tokens.length; i++) expect(tokens[i]!.start).toBe(tokens[i - 1]!.end);
    expect(tokens.every((t) => t.kind !== 'subword')).toBe(true);
  });

  it('adds search-mode sub-words after their word when asked', () => {
    const text = a.normalize('中华人民共和国');
    const tokens = a.wordTokens(text, true);
    expect(tokens[0]).toMatchObject({ term: '中华人民共和国', kind: 'word' });
    expect(tokens.filter((t) => t.kind === 'subword').map((t) => t.term)).toContain('共和国');
  });
});
