/**
 * TextKeyTable: numbers for texts given as runs of terms, the same whichever way a text is cut, exact
 * even when hashes collide, through growth and renumbering.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY_TEXT_HASH, TextKeyTable, extendHash, type Term } from '../../src/indexing/text-key-table.js';

const terms = (...texts: string[]): Term[] => texts.map((term) => ({ term }));
const hashOf = (...texts: string[]): number => texts.reduce(extendHash, EMPTY_TEXT_HASH);

describe('TextKeyTable', () => {
  it('gives a text one number however it is cut into terms, and the next free number to a new text', () => {
    const table = new TextKeyTable();
    const whole = table.numberOf(hashOf('核酸检测'), terms('核酸检测'), 0, 0);
    expect(whole).toBe(0);
    const cut = terms('今天', '核酸', '检测');
    expect(hashOf('核酸', '检测')).toBe(hashOf('核酸检测'));
    expect(table.numberOf(hashOf('核酸', '检测'), cut, 1, 2)).toBe(whole);
    expect(table.numberOf(hashOf('今天'), cut, 0, 0)).toBe(1);
    expect(table.numberOf(hashOf('今天', '核酸'), cut, 0, 1)).toBe(2);
    expect([table.size, table.text(0), table.text(2)]).toEqual([3, '核酸检测', '今天核酸']);
  });

  it('tells texts apart when their hashes are equal', () => {
    const table = new TextKeyTable();
    // The same hash for every text: only the stored texts can tell them apart.
    const texts = ['ab', 'a', 'abc', 'ba', 'b', ''];
    const numbers = texts.map((text) => table.numberOf(7, terms(text), 0, 0));
    expect(numbers).toEqual([0, 1, 2, 3, 4, 5]);
    expect(texts.map((text) => table.numberOf(7, terms(text), 0, 0))).toEqual(numbers);
    expect(table.numberOf(7, terms('a', 'b'), 0, 1)).toBe(0);
    expect(table.numberOf(7, terms('a', 'bc'), 0, 1)).toBe(2);
  });

  it('finds every one of 100,000 texts after growing, and keeps the ones asked for, renumbered in order', () => {
    const table = new TextKeyTable();
    const texts = Array.from({ length: 100_000 }, (_, i) => `词${i.toString(36)}`);
    texts.forEach((text, i) => expect(table.numberOf(hashOf(text), terms(text), 0, 0)).toBe(i));
    expect(texts.every((text, i) => table.numberOf(hashOf(text), terms(text), 0, 0) === i)).toBe(true);
    const moves: Array<[number, number]> = [];
    table.retain((id) => id % 3 === 0, (from, to) => moves.push([from, to]));
    expect(table.size).toBe(33_334);
    expect(moves.slice(0, 3)).toEqual([[0, 0], [3, 1], [6, 2]]);
    expect(moves.every(([from, to]) => table.text(to) === texts[from])).toBe(true);
    expect(texts.every((text, i) => i % 3 !== 0 || table.numberOf(hashOf(text), terms(text), 0, 0) === i / 3)).toBe(true);
    // A dropped text is new again.
    expect(table.numberOf(hashOf(texts[1]!), terms(texts[1]!), 0, 0)).toBe(33_334);
  });

  it('gives back long texts whole, and compares a text in place', () => {
    const table = new TextKeyTable();
    const long = '长'.repeat(9_000) + 'x'.repeat(1_001);
    const id = table.numberOf(hashOf('前缀', long), terms('前缀', long), 0, 1);
    expect(table.text(id)).toBe(`前缀${long}`);
    expect(table.isText(id, `前缀${long}`)).toBe(true);
    expect([table.isText(id, `前缀${long}y`), table.isText(id, `后缀${long}`), table.isText(id, '前缀')]).toEqual([false, false, false]);
  });

  it('keeps texts whose hashes collide apart through renumbering', () => {
    const table = new TextKeyTable();
    const texts = ['甲', '乙', '丙', '丁', '甲乙'];
    texts.forEach((text) => table.numberOf(7, terms(text), 0, 0));
    table.retain((id) => id !== 1, () => undefined);
    expect(texts.map((text) => table.numberOf(7, terms(text), 0, 0))).toEqual([0, 4, 1, 2, 3]);
    expect([0, 1, 2, 3, 4].map((id) => table.text(id))).toEqual(['甲', '丙', '丁', '甲乙', '乙']);
  });
});
