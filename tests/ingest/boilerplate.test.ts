import { describe, expect, it } from 'vitest';
import { detectBoilerplate, stripLines } from '../../src/ingest/boilerplate.js';

const options = { minShare: 0.2, minPosts: 5 };

describe('boilerplate detection', () => {
  it('finds a line held by more than 20% of the posts and by at least 5', () => {
    const texts = Array.from({ length: 20 }, (_, i) => (i < 5 ? `正文${i}\n扫码关注我们` : `正文${i}`));
    expect(detectBoilerplate(texts, options)).toEqual([{ line: '扫码关注我们', posts: 5 }]);
  });

  it('keeps a line held by exactly 20% of the posts', () => {
    const texts = Array.from({ length: 25 }, (_, i) => (i < 5 ? `正文${i}\n扫码关注我们` : `正文${i}`));
    expect(detectBoilerplate(texts, options)).toEqual([]);
  });

  it('keeps a line held by fewer than 5 posts, whatever its share', () => {
    const texts = ['a\n页脚', 'b\n页脚', 'c\n页脚', 'd\n页脚'];
    expect(detectBoilerplate(texts, options)).toEqual([]);
  });

  it('counts a line once per post however often the post repeats it', () => {
    const texts = ['页脚\n页脚\n页脚', 'x', 'y', 'z', 'w', 'v'];
    expect(detectBoilerplate(texts, options)).toEqual([]);
  });

  it('strips exactly the detected lines', () => {
    expect(stripLines('第一段\n扫码关注我们\n第二段', new Set(['扫码关注我们']))).toBe('第一段\n第二段');
    expect(stripLines('扫码关注我们吧', new Set(['扫码关注我们']))).toBe('扫码关注我们吧');
  });
});
