/**
 * The jieba cuts: remembered search-mode cuts are the cuts jieba gives, whether remembered, new, or
 * after the memory started over.
 */
import { describe, expect, it } from 'vitest';
import { cutForSearchEach, rememberedSearchCuts } from '../../src/analysis/segment.js';
import { analyzer } from '../helpers/tiny-index.js';

// The analyzer loads jieba's dictionaries in this thread.
analyzer();

/** Each word's remembered cut, in the order asked. */
function cutsOf(words: readonly string[], maxRemembered?: number): string[][] {
  const cuts = rememberedSearchCuts(words, maxRemembered);
  return words.map((word) => cuts.get(word)!);
}

describe('rememberedSearchCuts', () => {
  it('gives each word the search-mode cut jieba gives it, for words seen before and new ones', () => {
    const first = ['中华人民共和国', '核酸检测点', '中华人民共和国'];
    expect(cutsOf(first)).toEqual(cutForSearchEach(first));
    expect(cutsOf(first)[0]).toEqual(expect.arrayContaining(['中华', '共和国', '中华人民共和国']));
    const second = ['核酸检测点', '无症状感染者', '中华人民共和国'];
    expect(cutsOf(second)).toEqual(cutForSearchEach(second));
  });

  it('starts over when it would remember too many words, and still gives every word its cut', () => {
    const words = ['北京大学生', '研究生命起源', '中华人民共和国', '核酸检测点'];
    expect(cutsOf(words, 2)).toEqual(cutForSearchEach(words));
    expect(cutsOf(words.slice(1), 2)).toEqual(cutForSearchEach(words.slice(1)));
  });
});
