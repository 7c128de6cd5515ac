import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/analysis/analyzer.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { normalize } from '../../src/analysis/normalize.js';
import { splitScriptRuns } from '../../src/analysis/script.js';
import { cutForSearchEach, cutPreciseEach } from '../../src/analysis/segment.js';
import { textWithHan } from '../helpers/arbitraries.js';

const analyzer = createAnalyzer({ userDictPath: DEFAULT_CONFIG.userDict, stopwordsPath: DEFAULT_CONFIG.stopwords });

function terms(text: string): string[] {
  return analyzer.analyzeQuery(text).map((token) => token.term);
}

describe('analyzer', () => {
  it.each([
    ['COVID-19疫情', ['covid-19', '疫情']],
    ['5G网络', ['5g', '网络', '5g网络']],
    ['宝马i3电动车', ['宝马', 'i3', '电动车', '宝马i3']],
    ['昨天开着宝马i3去办5G网络', ['昨天', '开着', '宝马', 'i3', '去', '办', '5g', '网络', '宝马i3', '5g网络']],
    ['iPhone15发布', ['iphone15', '发布']],
    ['升级到v2.3版', ['升级', '到', 'v2.3', '版']],
    ['ＣＯＶＩＤ', ['covid']],
    ['发现12例阳性', ['发现', '12', '例', '阳性']],
    ['核酸檢測，结果！', ['核酸检测', '结果']],
  ])('cuts the query %s into %j (Latin/digit runs whole, punctuation dropped, user-dictionary words kept)', (text, expected) => {
    expect(terms(text)).toEqual(expected);
  });

  it('emits search-mode sub-words and Latin parts for documents, with their own offsets', () => {
    const text = '中华人民共和国的COVID-19';
    const tokens = analyzer.analyzeDocument(text);
    const surface = tokens.map((t) => [t.term, text.slice(t.start, t.end), t.kind]);
    expect(surface).toContainEqual(['中华人民共和国', '中华人民共和国', 'word']);
    expect(surface).toContainEqual(['共和国', '共和国', 'subword']);
    expect(surface).toContainEqual(['covid-19', 'COVID-19', 'latin']);
    expect(surface).toContainEqual(['covid', 'COVID', 'subword']);
    expect(surface).toContainEqual(['19', '19', 'subword']);
  });

  it('gives a build the document terms from the word tokens it already cut (mixed-script dictionary words too)', () => {
    const fromTokens = (text: string): string[] => analyzer.termsOfWordTokens(analyzer.wordTokens(normalize(text), true));
    const documentTerms = (text: string): string[] => analyzer.analyzeDocument(text).map((token) => token.term);
    expect(fromTokens('宝马i3电动车，中华人民共和国')).toContain('宝马i3');
    expect(fromTokens('宝马i3电动车，中华人民共和国')).toEqual(documentTerms('宝马i3电动车，中华人民共和国'));
    fc.assert(
      fc.property(textWithHan(), (text) => {
        expect(fromTokens(text)).toEqual(documentTerms(text));
      }),
    );
  });

  it('gives offsets into the original text, so slice(start, end) is the surface form', () => {
    fc.assert(
      fc.property(textWithHan(), (text) =>
        analyzer.analyzeDocument(text).every((token) => normalize(text.slice(token.start, token.end)) === token.term),
      ),
    );
  });

  it('cuts every Han run losslessly (the pieces concatenate to the run), all runs of a text in one call', () => {
    fc.assert(
      fc.property(textWithHan(), (text) => {
        const runs = splitScriptRuns(normalize(text))
          .filter((run) => run.kind === 'han')
          .map((run) => run.text);
        return cutPreciseEach(runs).every((words, i) => words.join('') === runs[i]);
      }),
    );
  });

  it('cuts runs and words in one call as it cuts each alone', () => {
    const runs = ['据央视新闻', '黑龙江绥芬河市在区域核酸检测中发现', '中华人民共和国', '绥芬河'];
    expect(cutPreciseEach(runs)).toEqual(runs.map((run) => cutPreciseEach([run])[0]));
    const words = ['中华人民共和国', '核酸检测', '绥芬河市', '中华人民共和国'];
    expect(cutForSearchEach(words)).toEqual(words.map((word) => cutForSearchEach([word])[0]));
    expect(cutForSearchEach(['中华人民共和国'])[0]).toEqual(expect.arrayContaining(['中华', '人民', '共和国', '中华人民共和国']));
  });

  it('keeps the precise cut lossless on real text with CJK Extension B characters', () => {
    const run = '据央视新闻𠀀𪚥黑龙江绥芬河市在区域核酸检测中发现';
    expect(cutPreciseEach([run])[0]!.join('')).toBe(run);
  });

  it('covers a query part with n-grams that every text containing it also holds', () => {
    fc.assert(
      fc.property(textWithHan(), fc.nat(), fc.nat(), (text, a, b) => {
        const folded = normalize(text);
        const chars = Array.from(folded);
        const [from, to] = [a % (chars.length + 1), b % (chars.length + 1)].sort((x, y) => x - y);
        const part = chars.slice(from, to).join('');
        const held = analyzer.characterNgrams(folded);
        return analyzer.requiredNgrams(part).every((ngram) => held.has(ngram));
      }),
    );
  });

  it('counts n-grams without whitespace', () => {
    const counts = analyzer.characterNgrams('核酸 核酸');
    expect(counts.get('核酸')).toBe(2);
    expect(counts.get('核')).toBe(2);
    expect(counts.has('酸 ')).toBe(false);
    expect(counts.has(' ')).toBe(false);
  });

  it('refuses an analyzer with other dictionaries in the same thread', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zhsearch-stop-'));
    const stopwords = path.join(dir, 'stopwords.txt');
    writeFileSync(stopwords, '的\n');
    expect(() => createAnalyzer({ userDictPath: DEFAULT_CONFIG.userDict, stopwordsPath: stopwords })).toThrow(/one per thread/);
  });

  it('returns the same analyzer for the same options and reports an unreadable dictionary as bad config', () => {
    expect(createAnalyzer({ userDictPath: DEFAULT_CONFIG.userDict, stopwordsPath: DEFAULT_CONFIG.stopwords })).toBe(analyzer);
    expect(() => createAnalyzer({ userDictPath: '/nonexistent/user.dict', stopwordsPath: null })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
  });

  it('has a stable fingerprint that names the analyzer version', () => {
    expect(analyzer.fingerprint).toMatch(/^a\d+-[0-9a-f]{32}$/);
  });
});
