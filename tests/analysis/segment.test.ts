/**
 * The jieba cuts: remembered search-mode cuts are the cuts jieba gives, whether remembered, new, or
 * after the memory started over.
 */
import { describe, expect, it } from 'vitest';
import { cutForSearchEach, cutForSearchEachRemembered } from '../../src/analysis/segment.js';
import { analyzer } from '../helpers/tiny-index.js';

// The analyzer loads jieba's dictionaries in this thread.
analyzer();

describe('cutForSearchEachRemembered', () => {
  it('gives each word the search-mode cut jieba gives it, for words seen before and new ones', () => {
    const first = ['中华人民共和国', '核酸检测点', '中华人民共和国'];
    expect(cutForSearchEachRemembered(first)).toEqual(cutForSearchEach(first));
    expect(cutForSearchEachRemembered(first)[0]).toEqual(expect.arrayContaining(['中华', '共和国', '中华人民共和国']));
    const second = ['核酸检测点', '无症状感染者', '中华人民共和国'];
    expect(cutForSearchEachRemembered(second)).toEqual(cutForSearchEach(second));
  });

  it('starts over when it would remember too many words, and still gives every word its cut', () => {
    const words = ['北京大学生', '研究生命起源', '中华人民共和国', '核酸检测点'];
    expect(cutForSearchEachRemembered(words, 2)).toEqual(cutForSearchEach(words));
    expect(cutForSearchEachRemembered(words.slice(1), 2)).toEqual(cutForSearchEach(words.slice(1)));
  });
});
