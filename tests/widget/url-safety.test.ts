import { describe, expect, it } from 'vitest';
import { safeHref } from '../../src/widget/url-safety.js';

const base = 'https://search.example.com/';

describe('hit URL safety', () => {
  it('resolves a relative url against the search service, not the embedding page', () => {
    expect(safeHref('/posts/2022%2Freport?q=核酸', base)).toBe('https://search.example.com/posts/2022%2Freport?q=%E6%A0%B8%E9%85%B8');
  });

  it('keeps absolute http and https urls', () => {
    expect(safeHref('http://blog.example.com/a', base)).toBe('http://blog.example.com/a');
    expect(safeHref('https://blog.example.com/a#x', base)).toBe('https://blog.example.com/a#x');
  });

  it.each([
    'javascript:alert(1)',
    ' JavaScript:alert(1)',
    'java\tscript:alert(1)',
    '\u0001javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'mailto:a@example.com',
  ])('rejects %j', (url) => {
    expect(safeHref(url, base)).toBeNull();
  });

  it('rejects empty and unparseable urls', () => {
    expect(safeHref('', base)).toBeNull();
    expect(safeHref('   ', base)).toBeNull();
    expect(safeHref('http://', base)).toBeNull();
  });
});
