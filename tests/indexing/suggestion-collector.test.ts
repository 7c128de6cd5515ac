/**
 * The suggestion vocabulary collected at index time: which words and word sequences it keeps, their
 * post counts, the surface form shown, the cap, and the pinyin keys.
 */
import { describe, expect, it } from 'vitest';
import { analyzeField, SuggestionCollector, type SuggestionLimits } from '../../src/indexing/suggestion-collector.js';
import type { SuggestionData } from '../../src/indexing/suggestion-data.js';
import { analyzer } from '../helpers/tiny-index.js';

const a = analyzer();

function collect(posts: Array<string | { title: string; text: string }>, limits: Partial<SuggestionLimits> = {}): SuggestionData {
  const collector = new SuggestionCollector(a, limits);
  for (const post of posts) {
    const { title, text } = typeof post === 'string' ? { title: '', text: post } : post;
    collector.addPost([title, text].map((original) => analyzeField(a, original)));
  }
  return collector.finish();
}

/** key → posts */
function counts(data: SuggestionData): Map<string, number> {
  return new Map(data.keys.map((key, i) => [key, data.posts[i]!]));
}

describe('SuggestionCollector', () => {
  it('keeps a sequence of adjacent words such as 绥芬河口岸 found in two posts, counted by posts', () => {
    // jieba: 绥芬河 | 口岸 | 暂停 | 运营
    const data = collect(['绥芬河口岸暂停运营。', '绥芬河口岸恢复通关，绥芬河口岸很忙。', '口岸开放。']);
    expect(counts(data).get('绥芬河口岸')).toBe(2);
    expect(counts(data).get('绥芬河口岸暂停')).toBeUndefined();
    expect(counts(data).get('口岸')).toBe(3);
  });

  it('joins at most three words into a sequence', () => {
    const text = '绥芬河口岸暂停运营。';
    const data = collect([text, text]);
    expect(counts(data).get('绥芬河口岸暂停')).toBe(2);
    expect(counts(data).has('绥芬河口岸暂停运营')).toBe(false);
  });

  it('drops a word sequence found in one post only, but keeps its words', () => {
    const data = collect(['绥芬河口岸暂停运营。', '另一篇文章。']);
    expect(counts(data).has('绥芬河口岸')).toBe(false);
    expect(counts(data).get('绥芬河')).toBe(1);
    expect(counts(data).get('口岸')).toBe(1);
  });

  it('counts a post once however often it holds a word, title and text together', () => {
    const data = collect([{ title: '疫情防控', text: '疫情防控，疫情防控，疫情防控。' }]);
    expect(counts(data).get('疫情防控')).toBe(1);
  });

  it('leaves out one-character words, pure digits, stopwords and punctuation', () => {
    const data = collect(['我们在 2022 年 12 月去了北京。', '我们在 2022 年去了上海。']);
    const keys = data.keys;
    expect(keys).toContain('北京');
    expect(keys).not.toContain('2022');
    expect(keys).not.toContain('我们');
    expect(keys.some((key) => Array.from(key).length < 2)).toBe(false);
    expect(keys.some((key) => /[\s，。,.]/.test(key))).toBe(false);
  });

  it('counts a sub-word inside a longer word toward its posts but does not suggest sub-words never written alone', () => {
    // jieba: 疫情防控 (sub-words 疫情, 防控) | 工作; 疫情 | 严重
    const data = collect(['疫情防控工作。', '疫情防控很难。', '疫情严重。']);
    expect(counts(data).get('疫情')).toBe(3);
    expect(counts(data).has('防控')).toBe(false);
  });

  it('keeps Latin words whole and shows the form most posts wrote', () => {
    const data = collect(['iPhone 上市。', '新款 iPhone 发布。', 'iphone 降价。', 'COVID-19 疫情。']);
    const at = data.keys.indexOf('iphone');
    expect(data.texts[at]).toBe('iPhone');
    expect(data.posts[at]).toBe(3);
    expect(data.texts[data.keys.indexOf('covid-19')]).toBe('COVID-19');
  });

  it('shows a word in the script the posts wrote it in (traditional posts give traditional suggestions)', () => {
    const data = collect(['今天開展核酸檢測。', '明天繼續核酸檢測。']);
    expect(data.texts[data.keys.indexOf('核酸检测')]).toBe('核酸檢測');
  });

  it('keeps only the maxEntries keys in most posts, sorted by key', () => {
    const data = collect(['北京上海。', '北京广州。', '北京深圳。', '上海广州。'], { maxEntries: 2 });
    expect(data.keys).toEqual(['上海', '北京'].sort());
    expect([...data.keys]).toEqual([...data.keys].sort());
  });

  it('stores whole pinyin and initials for Han-only entries, pointing at the entry', () => {
    const data = collect(['今天开展核酸检测。', '明天继续核酸检测。', 'iPhone 发布。']);
    expect(data.keys).toContain('核酸检测');
    const entry = data.keys.indexOf('核酸检测');
    const full = data.pinyinFull.keys.indexOf('hesuanjiance');
    const initials = data.pinyinInitials.keys.indexOf('hsjc');
    expect(data.pinyinFull.entries[full]).toBe(entry);
    expect(data.pinyinInitials.entries[initials]).toBe(entry);
    expect([...data.pinyinFull.keys]).toEqual([...data.pinyinFull.keys].sort());
    const latin = data.keys.indexOf('iphone');
    expect(Array.from(data.pinyinFull.entries)).not.toContain(latin);
  });

  it('past maxPendingKeys forgets the keys of one post and keeps counting the others, their forms included', () => {
    const posts = ['北京天气。', '核酸檢測。', '核酸檢測。', '上海下雨，广州高温。', '核酸检测。'];
    const unbounded = collect(posts);
    // After the fourth post more than 6 keys are pending: those in one post are dropped, 北京 among them.
    const bounded = collect(posts, { maxPendingKeys: 6 });
    expect(counts(unbounded).get('北京')).toBe(1);
    expect(counts(bounded).has('北京')).toBe(false);
    // Keys in two posts by then are kept, renumbered, and go on counting, with the form most posts wrote.
    for (const data of [unbounded, bounded]) {
      expect(counts(data).get('核酸检测')).toBe(3);
      expect(data.texts[data.keys.indexOf('核酸检测')]).toBe('核酸檢測');
    }
    expect(bounded.keys.length).toBeLessThan(unbounded.keys.length);
  });
});
