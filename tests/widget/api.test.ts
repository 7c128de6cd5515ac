import { describe, expect, it } from 'vitest';
import { apiUrl, errorKind, fetchSearch, fetchSuggest, RequestError, type FetchLike } from '../../src/widget/api.js';

const json = (status: number, body: unknown): ReturnType<FetchLike> =>
  Promise.resolve({ ok: status >= 200 && status < 300, status, json: () => Promise.resolve(body) });

describe('widget API client', () => {
  it('builds request URLs from the endpoint, same origin when it is empty', () => {
    expect(apiUrl('https://s.example/', '/api/search', { q: '核酸 检测', limit: 10, offset: 0 })).toBe(
      'https://s.example/api/search?q=%E6%A0%B8%E9%85%B8+%E6%A3%80%E6%B5%8B&limit=10&offset=0',
    );
    expect(apiUrl('', '/api/suggest', { q: 'a&b', limit: 6 })).toBe('/api/suggest?q=a%26b&limit=6');
  });

  it('sends the query as typed, with a signal, without credentials', async () => {
    const seen: Array<{ url: string; credentials: string }> = [];
    const fake: FetchLike = (url, init) => {
      seen.push({ url, credentials: init.credentials });
      return json(200, { query: '核酸', total: 0, tookMs: 1, hits: [] });
    };
    const body = await fetchSearch('', { q: '核酸', limit: 5, offset: 10 }, new AbortController().signal, fake);
    expect(body.total).toBe(0);
    expect(seen).toEqual([{ url: '/api/search?q=%E6%A0%B8%E9%85%B8&limit=5&offset=10', credentials: 'omit' }]);
  });

  it('turns the server error body into a RequestError with its code', async () => {
    const fake: FetchLike = () => json(400, { error: { code: 'QUERY_TOO_LONG', message: 'too long' } });
    const failure = await fetchSearch('', { q: 'x', limit: 5, offset: 0 }, new AbortController().signal, fake).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RequestError);
    expect(errorKind(failure)).toBe('tooLong');
  });

  it('maps failures to what the user is told', () => {
    expect(errorKind(new RequestError(0, 'NETWORK', 'x'))).toBe('network');
    expect(errorKind(new RequestError(503, 'INDEX_NOT_FOUND', 'x'))).toBe('unavailable');
    expect(errorKind(new RequestError(500, 'INTERNAL', 'x'))).toBe('generic');
    expect(errorKind(new Error('x'))).toBe('generic');
  });

  it('reports a network failure as NETWORK and an abort as an abort', async () => {
    const down: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    const failure = await fetchSuggest('', { q: 'x', limit: 6 }, new AbortController().signal, down).catch((e: unknown) => e);
    expect(errorKind(failure)).toBe('network');

    const controller = new AbortController();
    const aborting: FetchLike = () => {
      controller.abort();
      return Promise.reject(new DOMException('aborted', 'AbortError'));
    };
    const aborted = await fetchSuggest('', { q: 'x', limit: 6 }, controller.signal, aborting).catch((e: unknown) => e);
    expect(aborted).not.toBeInstanceOf(RequestError);
  });

  it('rejects a body that is not a search response', async () => {
    const fake: FetchLike = () => json(200, { hello: 'world' });
    const failure = await fetchSearch('', { q: 'x', limit: 5, offset: 0 }, new AbortController().signal, fake).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'BAD_RESPONSE' });
  });
});
