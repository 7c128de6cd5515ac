import { describe, expect, it } from 'vitest';
import { resolvePostUrl, servicePostUrl } from '../../src/search/permalink.js';
import { storedDocument } from '../helpers/tiny-index.js';

const none = { template: null, baseUrl: '', timezone: 'Asia/Shanghai' };

describe('post URLs', () => {
  it('uses the front matter permalink when it is http(s) or site-relative', () => {
    expect(resolvePostUrl(storedDocument({ id: 'a', text: 'x', url: 'https://example.com/a/' }), none)).toBe('https://example.com/a/');
    expect(resolvePostUrl(storedDocument({ id: 'a', text: 'x', url: '/2022/a/' }), none)).toBe('/2022/a/');
  });

  it('ignores javascript: and protocol-relative permalinks', () => {
    expect(resolvePostUrl(storedDocument({ id: 'a', text: 'x', url: 'javascript:alert(1)' }), none)).toBe('/posts/a');
    expect(resolvePostUrl(storedDocument({ id: 'a', text: 'x', url: '//evil.example/' }), none)).toBe('/posts/a');
  });

  it('expands a Hexo-style template with the date in the configured zone', () => {
    const doc = storedDocument({ id: '2022/report', text: 'x', date: '2022-01-24T17:09:09.000Z' });
    const options = { template: ':year/:month/:day/:title/', baseUrl: 'https://blog.example.com', timezone: 'Asia/Shanghai' };
    expect(resolvePostUrl(doc, options)).toBe('https://blog.example.com/2022/01/25/2022/report/');
  });

  it('falls back to the service page with the id percent-encoded', () => {
    expect(servicePostUrl('2022/报告 1')).toBe('/posts/2022%2F%E6%8A%A5%E5%91%8A%201');
  });
});
