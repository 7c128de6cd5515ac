/**
 * suggestions.json: a round trip keeps every array, and a file whose shape, order or references are
 * off fails with INDEX_CORRUPT instead of loading a vocabulary the binary searches would misread.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isZhsearchError } from '../../src/index.js';
import { analyzeField, SuggestionCollector } from '../../src/indexing/suggestion-collector.js';
import { SuggestionData, mostPosted } from '../../src/indexing/suggestion-data.js';
import { analyzer } from '../helpers/tiny-index.js';

const a = analyzer();

function sample(): SuggestionData {
  const collector = new SuggestionCollector(a);
  for (const text of ['今天开展核酸检测，iPhone 发布。', '明天继续核酸检测，银行开门。']) {
    collector.addPost([analyzeField(a, text)]);
  }
  return collector.finish();
}

function loadCode(json: unknown): string {
  try {
    SuggestionData.deserialize(Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)), 'suggestions.json');
    return 'loaded';
  } catch (error) {
    return isZhsearchError(error) ? error.code : `threw ${String(error)}`;
  }
}

describe('SuggestionData', () => {
  it('gives back the same keys, texts, counts and pinyin after serialize and deserialize', () => {
    const data = sample();
    const copy = SuggestionData.deserialize(data.serialize(), 'suggestions.json');
    expect(copy.keys).toEqual(data.keys);
    expect(copy.texts).toEqual(data.texts);
    expect(Array.from(copy.posts)).toEqual(Array.from(data.posts));
    expect(copy.pinyinFull.keys).toEqual(data.pinyinFull.keys);
    expect(Array.from(copy.pinyinInitials.entries)).toEqual(Array.from(data.pinyinInitials.entries));
    expect(copy.texts[copy.keys.indexOf('iphone')]).toBe('iPhone');
  });

  const valid = JSON.parse(sample().serialize().toString('utf8')) as Record<string, unknown>;
  const keys = valid.keys as string[];

  it.each<[string, unknown]>([
    ['not JSON', '{"format":'],
    ['another format', { ...valid, format: 'other' }],
    ['a newer version', { ...valid, version: 2 }],
    ['keys out of order', { ...valid, keys: [...keys].reverse() }],
    ['a duplicated key', { ...valid, keys: [keys[0], ...keys.slice(0, -1)] }],
    ['fewer counts than keys', { ...valid, posts: (valid.posts as number[]).slice(1) }],
    ['a negative count', { ...valid, posts: (valid.posts as number[]).map(() => -1) }],
    ['a pinyin entry past the last key', { ...valid, pinyinFull: { ...(valid.pinyinFull as object), entries: (valid.pinyinFull as { entries: number[] }).entries.map(() => keys.length) } }],
    ['pinyin keys out of order', { ...valid, pinyinInitials: { ...(valid.pinyinInitials as { keys: string[] }), keys: [...(valid.pinyinInitials as { keys: string[] }).keys].reverse() } }],
    ['no pinyin tables', { ...valid, pinyinFull: null }],
    ['a JSON array', []],
  ])('fails with INDEX_CORRUPT for %s', (_name, json) => {
    expect(loadCode(json)).toBe('INDEX_CORRUPT');
  });

  it('loads the unchanged file (the corrupt cases above are real departures from it)', () => {
    expect(loadCode(valid)).toBe('loaded');
  });
});

describe('SuggestionData.merge', () => {
  it('adds up the posts of keys the parts share, pausing as it goes, and yields the same vocabulary without pauses', async () => {
    const parts = [sample(), sample()];
    let pauses = 0;
    const merged = await SuggestionData.merge(parts, 1000, async () => {
      pauses++;
    });
    expect(pauses).toBeGreaterThanOrEqual(parts.length);
    const unpaused = await SuggestionData.merge(parts, 1000);
    expect(merged.keys).toEqual(unpaused.keys);
    expect(merged.keys).toEqual(parts[0]!.keys);
    const entry = merged.keys.indexOf('核酸检测');
    expect(entry).toBeGreaterThanOrEqual(0);
    expect(merged.posts[entry]).toBe(2 * parts[0]!.posts[parts[0]!.keys.indexOf('核酸检测')]!);
  });
});

describe('mostPosted', () => {
  it('keeps what a sort by posts (ties: the smaller key) then a cut keeps, sorted by key', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string({ maxLength: 3 }), fc.integer({ min: 1, max: 6 })), { selector: ([key]) => key, maxLength: 60 }), fc.nat({ max: 70 }), (entries, max) => {
        const expected = [...entries]
          .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
          .slice(0, max)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        expect(mostPosted([...entries], max, (posts) => posts)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
