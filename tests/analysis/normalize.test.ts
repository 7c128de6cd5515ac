import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, foldedRangeToOriginal, normalize, normalizeWithOffsets, toOriginalRange } from '../../src/analysis/normalize.js';
import { textWithHan } from '../helpers/arbitraries.js';

describe('normalize', () => {
  it.each([
    ['ＣＯＶＩＤ－１９', 'covid-19'],
    ['iPhone 15', 'iphone 15'],
    ['核酸檢測', '核酸检测'],
    ['新浪财经－国內', '新浪财经-国内'],
    ['乾隆', '干隆'],
    ['乾', '干'],
    ['瞭解', '瞭解'],
    ['５Ｇ網絡', '5g网络'],
    ['㎏', 'kg'],
  ])('folds %s to %s (NFKC, lowercase, traditional → simplified per character)', (input, expected) => {
    expect(normalize(input)).toBe(expected);
  });

  it('maps a length-changing fold back to the original character', () => {
    const folded = normalizeWithOffsets('重5㎏的包');
    expect(folded.text).toBe('重5kg的包');
    const at = folded.text.indexOf('kg');
    expect(toOriginalRange(folded, at, at + 2)).toEqual([2, 3]);
    expect(toOriginalRange(folded, at + 1, at + 2)).toEqual([2, 3]);
  });

  it('keeps surrogate pairs (emoji, CJK Extension B) whole in the offset map', () => {
    const original = '好😀𠀀檢';
    const folded = normalizeWithOffsets(original);
    expect(folded.text).toBe('好😀𠀀检');
    const at = folded.text.indexOf('𠀀');
    expect(original.slice(...toOriginalRange(folded, at, at + 2))).toBe('𠀀');
  });

  it('gives the same text with and without the offset map', () => {
    fc.assert(fc.property(textWithHan(), (text) => normalize(text) === normalizeWithOffsets(text).text));
  });

  it('is idempotent', () => {
    fc.assert(fc.property(textWithHan(), (text) => normalize(normalize(text)) === normalize(text)));
  });

  it('folds a substring of a text to a substring of the text’s fold', () => {
    fc.assert(
      fc.property(textWithHan(), fc.nat(), fc.nat(), (text, a, b) => {
        const chars = Array.from(text);
        const [from, to] = [a % (chars.length + 1), b % (chars.length + 1)].sort((x, y) => x - y);
        const sub = chars.slice(from, to).join('');
        return normalize(text).includes(normalize(sub));
      }),
    );
  });

  it('maps every normalized range to original text that folds to it', () => {
    fc.assert(
      fc.property(textWithHan(), (text) => {
        const folded = normalizeWithOffsets(text);
        // whole folded clusters map back to the original characters they came from
        for (let i = 0; i < folded.text.length; i++) {
          const [start, end] = toOriginalRange(folded, i, i + 1);
          if (!normalize(text.slice(start, end)).includes(folded.text[i]!)) return false;
        }
        return true;
      }),
    );
  });

  it('maps folded ranges back through the recorded shifts exactly as the full offset map does', () => {
    fc.assert(
      fc.property(textWithHan(), fc.nat(), fc.nat(), (text, a, b) => {
        const folded = fold(text);
        const full = normalizeWithOffsets(text);
        if (folded.text !== full.text) return false;
        const [start, end] = [a % (full.text.length + 1), b % (full.text.length + 1)].sort((x, y) => x - y) as [number, number];
        // matches are whole code points: ranges never split a surrogate pair
        const splitsPair = (at: number): boolean => /[\uDC00-\uDFFF]/.test(full.text[at] ?? '');
        if (splitsPair(start) || splitsPair(end)) return true;
        const viaShifts = foldedRangeToOriginal(folded.shifts, start, end);
        const viaMap = toOriginalRange(full, start, end);
        return start === end ? viaShifts[0] === viaMap[0] : viaShifts[0] === viaMap[0] && viaShifts[1] === viaMap[1];
      }),
      { numRuns: 500 },
    );
  });

  it('records no shifts when every character keeps its length', () => {
    expect(fold('核酸檢測，ＣＯＶＩＤ').shifts).toBeNull();
    expect(Array.from(fold('a㎏b').shifts ?? [])).toEqual([1, 2, 1, 1]);
  });
});
