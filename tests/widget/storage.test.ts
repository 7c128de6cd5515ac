import { describe, expect, it } from 'vitest';
import { addRecent, createRecentStore, parseRecent, RECENT_MAX, type StorageLike } from '../../src/widget/storage.js';

function memoryStorage(): StorageLike & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('recent searches', () => {
  it('puts the newest query first and moves a repeated one to the front', () => {
    expect(addRecent(['核酸', '疫情'], '疫情')).toEqual(['疫情', '核酸']);
    expect(addRecent(['核酸'], '  检测  ')).toEqual(['检测', '核酸']);
  });

  it('treats queries differing only in case or inner spacing as the same', () => {
    expect(addRecent(['COVID 19'], 'covid   19')).toEqual(['covid 19']);
  });

  it('ignores blank queries', () => {
    expect(addRecent(['核酸'], '   ')).toEqual(['核酸']);
  });

  it(`keeps at most ${RECENT_MAX}`, () => {
    let list: string[] = [];
    for (let i = 0; i < 20; i++) list = addRecent(list, `q${i}`);
    expect(list).toHaveLength(RECENT_MAX);
    expect(list[0]).toBe('q19');
  });

  it('reads garbage, non-arrays and duplicates back as a clean list', () => {
    expect(parseRecent('{oops')).toEqual([]);
    expect(parseRecent('{"a":1}')).toEqual([]);
    expect(parseRecent(JSON.stringify(['a', 1, null, 'A', ' b ', '']))).toEqual(['a', 'b']);
    expect(parseRecent(null)).toEqual([]);
  });

  it('persists through the store and clears', () => {
    const storage = memoryStorage();
    const store = createRecentStore(storage, 'k');
    store.add('核酸');
    store.add('疫情');
    expect(createRecentStore(storage, 'k').list()).toEqual(['疫情', '核酸']);
    store.clear();
    expect(storage.data.has('k')).toBe(false);
  });

  it('keeps working when storage throws or is missing', () => {
    const throwing: StorageLike = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(createRecentStore(throwing, 'k').add('核酸')).toEqual(['核酸']);
    expect(createRecentStore(throwing, 'k').list()).toEqual([]);
    expect(createRecentStore(null, 'k').add('核酸')).toEqual(['核酸']);
  });
});
