/**
 * The benchmark's own handle on nodejieba (default dictionaries): the precise cut with HMM, used to
 * draw word queries and by the MiniSearch baseline, and the dictionary's words for `absent` queries.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface NodeJieba {
  DEFAULT_DICT: string;
  cut(text: string, hmm: boolean): string[];
}

const require = createRequire(import.meta.url);
const jieba = require('nodejieba') as NodeJieba;

/** jieba's precise cut with HMM; concatenating the words gives back `text`. */
export function cut(text: string): string[] {
  return jieba.cut(text, true);
}

export interface DictionaryWord {
  word: string;
  frequency: number;
}

/** Words of jieba's main dictionary that are all Han, `minChars`–`maxChars` long, in file order. */
export function dictionaryHanWords(minChars: number, maxChars: number): DictionaryWord[] {
  const words: DictionaryWord[] = [];
  for (const line of readFileSync(jieba.DEFAULT_DICT, 'utf8').split('\n')) {
    const [word = '', frequency = '0'] = line.split(' ');
    const length = [...word].length;
    if (length < minChars || length > maxChars || !/^\p{Script=Han}+$/u.test(word)) continue;
    words.push({ word, frequency: Number(frequency) });
  }
  return words;
}
