import { describe, expect, it } from 'vitest';
import { chooseLang, formatDate, normalizeLang, stringsFor } from '../../src/widget/i18n.js';

describe('language choice', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-HK', 'zh-CN'],
    ['zh_SG', 'zh-CN'],
    ['zh-TW', 'zh-TW'],
    ['zh-HK', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-hant-mo', 'zh-TW'],
    ['en', 'en'],
    ['en-GB', 'en'],
    ['fr', 'en'],
  ])('maps %s to %s', (tag, lang) => {
    expect(normalizeLang(tag)).toBe(lang);
  });

  it('prefers the option over the page language, and the page language over the default', () => {
    expect(chooseLang('en', 'zh-TW')).toBe('en');
    expect(chooseLang(undefined, 'zh-TW')).toBe('zh-TW');
    expect(chooseLang('', 'en-US')).toBe('en');
    expect(chooseLang(null, '')).toBe('zh-CN');
  });

  it('counts results in each language', () => {
    expect(stringsFor('zh-CN').count(12)).toBe('12 条结果');
    expect(stringsFor('zh-TW').count(1234)).toBe('1,234 筆結果');
    expect(stringsFor('en').count(1)).toBe('1 result');
    expect(stringsFor('en').count(2)).toBe('2 results');
    expect(stringsFor('zh-CN').count(0)).toBe('没有找到结果');
  });

  it('quotes the query in the empty state the way each language does', () => {
    expect(stringsFor('zh-CN').empty('核酸')).toBe('没有找到与“核酸”相关的结果');
    expect(stringsFor('zh-TW').empty('核酸')).toBe('找不到與「核酸」相關的結果');
    expect(stringsFor('en').empty('covid')).toBe('No results for “covid”');
  });

  it('has every string in every language', () => {
    const keys = (lang: 'zh-CN' | 'zh-TW' | 'en') => Object.keys(stringsFor(lang)).sort();
    expect(keys('zh-TW')).toEqual(keys('zh-CN'));
    expect(keys('en')).toEqual(keys('zh-CN'));
    for (const lang of ['zh-CN', 'zh-TW', 'en'] as const) {
      for (const value of Object.values(stringsFor(lang))) if (typeof value === 'string') expect(value).not.toBe('');
    }
  });

  it('formats dates per language and ignores missing or invalid ones', () => {
    expect(formatDate('2022-01-25T05:09:09.000Z', 'zh-CN')).toBe('2022年1月25日');
    expect(formatDate('2022-01-25T05:09:09.000Z', 'en')).toBe('Jan 25, 2022');
    expect(formatDate(null, 'en')).toBe('');
    expect(formatDate('not a date', 'zh-TW')).toBe('');
  });
});
