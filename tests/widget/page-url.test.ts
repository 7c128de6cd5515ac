import { describe, expect, it } from 'vitest';
import { HISTORY_COALESCE_MS, readQueryParam, shouldPushHistory, withQueryParam } from '../../src/widget/page-url.js';

describe('page mode URL', () => {
  it('reads the query from ?q=', () => {
    expect(readQueryParam('https://blog.example/search?q=%E6%A0%B8%E9%85%B8+%E6%A3%80%E6%B5%8B')).toBe('核酸 检测');
    expect(readQueryParam('https://blog.example/search')).toBe('');
  });

  it('sets and removes q while keeping other parameters and the hash', () => {
    const withQ = withQueryParam('https://blog.example/search?lang=zh#top', ' 核酸 ');
    expect(readQueryParam(withQ)).toBe('核酸');
    expect(new URL(withQ).searchParams.get('lang')).toBe('zh');
    expect(new URL(withQ).hash).toBe('#top');
    expect(withQueryParam(withQ, '')).toBe('https://blog.example/search?lang=zh#top');
  });

  it('adds a history entry only after a pause in typing', () => {
    expect(shouldPushHistory(Number.POSITIVE_INFINITY)).toBe(true);
    expect(shouldPushHistory(HISTORY_COALESCE_MS)).toBe(true);
    expect(shouldPushHistory(200)).toBe(false);
  });
});
