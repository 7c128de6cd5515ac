import { describe, expect, it } from 'vitest';
import { splitScriptRuns, type ScriptRun } from '../../src/analysis/script.js';

/** The rules stated one character at a time with Unicode-property regexes: what the class table must agree with. */
function referenceRuns(text: string): ScriptRun[] {
  const isHan = (ch: string): boolean => /\p{Script=Han}/u.test(ch);
  const isWord = (ch: string): boolean => !isHan(ch) && /[\p{L}\p{N}]/u.test(ch);
  const joiners = new Set(['-', '.', '_', '+', "'", '/']);
  const chars = Array.from(text);
  const runs: ScriptRun[] = [];
  let offset = 0;
  let i = 0;
  while (i < chars.length) {
    const start = offset;
    if (isHan(chars[i]!)) {
      while (i < chars.length && isHan(chars[i]!)) offset += chars[i++]!.length;
      runs.push({ kind: 'han', start, end: offset, text: text.slice(start, offset) });
    } else if (isWord(chars[i]!)) {
      for (; i < chars.length; offset += chars[i++]!.length) {
        const ch = chars[i]!;
        if (isWord(ch) || ch === '+') continue;
        if (joiners.has(ch) && i + 1 < chars.length && isWord(chars[i + 1]!)) continue;
        break;
      }
      runs.push({ kind: 'word', start, end: offset, text: text.slice(start, offset) });
    } else {
      offset += chars[i++]!.length;
    }
  }
  return runs;
}

/** A deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Han (BMP and Extension B), Latin, digits, other alphabets, joiners, punctuation, spaces, a lone
// surrogate of each kind, an emoji, kana and full-width forms.
const PIECES = ['核', '酸', '檢', '测', '𠀋', '𪚥', 'a', 'Z', 'é', '7', '٣', 'ж', '-', '.', '_', '+', "'", '/', '，', '。', ' ', '\n', '\ud800', '\udc00', '😀', 'の', 'ア', 'Ａ', '１'];

describe('splitScriptRuns', () => {
  it('finds Han runs and whole word runs with UTF-16 offsets', () => {
    expect(splitScriptRuns('新冠covid-19疫苗, c++ 与 v2.3。')).toEqual([
      { kind: 'han', start: 0, end: 2, text: '新冠' },
      { kind: 'word', start: 2, end: 10, text: 'covid-19' },
      { kind: 'han', start: 10, end: 12, text: '疫苗' },
      { kind: 'word', start: 14, end: 17, text: 'c++' },
      { kind: 'han', start: 18, end: 19, text: '与' },
      { kind: 'word', start: 20, end: 24, text: 'v2.3' },
    ]);
  });

  it('keeps a surrogate pair in one run and a lone surrogate out of every run', () => {
    expect(splitScriptRuns('𠀋𪚥字\ud800ab')).toEqual([
      { kind: 'han', start: 0, end: 5, text: '𠀋𪚥字' },
      { kind: 'word', start: 6, end: 8, text: 'ab' },
    ]);
  });

  it('agrees with the character-by-character rules on 2,000 mixed strings', () => {
    const next = random(20261204);
    for (let sample = 0; sample < 2000; sample++) {
      const length = 1 + Math.floor(next() * 24);
      const text = Array.from({ length }, () => PIECES[Math.floor(next() * PIECES.length)]!).join('');
      expect(splitScriptRuns(text), JSON.stringify(text)).toEqual(referenceRuns(text));
    }
  });
});
