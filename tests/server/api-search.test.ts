/**
 * GET /api/search against the five sample posts: results, filters, sorting, paging, and the
 * validation of every parameter.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHit, ApiSearchResponse } from '../../src/api/contract.js';
import { HIT_FIELDS, expectErrorResponse, expectOnlyMarkMarkup } from '../helpers/http-assertions.js';
import { ALL_SAMPLE_IDS, SAMPLE_IDS, SINA_SAMPLE_IDS, createSampleIndex, type TestIndex } from '../helpers/sample-index.js';

let sample: TestIndex;

beforeAll(async () => {
  sample = await createSampleIndex();
});

afterAll(async () => {
  await sample?.cleanup();
});

async function search(params: Record<string, string | number | string[]>): Promise<ApiSearchResponse> {
  const res = await request(sample.app).get('/api/search').query(params);
  expect(res.status, res.text).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return res.body as ApiSearchResponse;
}

const ids = (hits: ApiHit[]): string[] => hits.map((hit) => hit.id);

describe('GET /api/search on the sample posts', () => {
  it('builds the sample index from all five posts without skips', () => {
    expect({ indexed: sample.report.indexed, skips: sample.report.skips }).toEqual({ indexed: 5, skips: [] });
  });

  it('returns all five sample posts for 核酸检测 with <mark>核酸检测</mark> in each snippet', async () => {
    const body = await search({ q: '核酸检测' });
    expect(body.total).toBe(5);
    expect(ids(body.hits).sort()).toEqual(ALL_SAMPLE_IDS);
    for (const hit of body.hits) expect(hit.snippetHtml).toContain('<mark>核酸检测</mark>');
  });

  it('echoes the query and reports tookMs as a non-negative number', async () => {
    const body = await search({ q: '核酸检测' });
    expect(body.query).toBe('核酸检测');
    expect(typeof body.tookMs).toBe('number');
    expect(body.tookMs).toBeGreaterThanOrEqual(0);
    expect(Object.keys(body).sort()).toEqual(['hits', 'query', 'tookMs', 'total']);
  });

  it('returns every hit field, with the sample metadata filled in', async () => {
    const body = await search({ q: '核酸检测' });
    for (const hit of body.hits) {
      expect(Object.keys(hit).sort()).toEqual([...HIT_FIELDS].sort());
      expect(typeof hit.score).toBe('number');
      expect(hit.score).toBeGreaterThan(0);
      expect(Array.isArray(hit.categories)).toBe(true);
      expect(hit.tags).toEqual([]);
      expect(hit.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);
      // the service's post page highlights the query, so its hit urls carry it
      expect(hit.url).toBe(`/posts/${encodeURIComponent(hit.id)}?q=${encodeURIComponent('核酸检测')}`);
    }
    const suifenhe = body.hits.find((hit) => hit.id === SAMPLE_IDS.suifenhe);
    expect(suifenhe).toMatchObject({
      title: '突发！黑龙江绥芬河发现12例阳性，市长昨天召开疫情防控调度会',
      date: '2022-01-25T05:09:09.000Z',
      author: '新浪财经',
      categories: ['金融/新浪财经/新浪财经－国內'],
    });
  });

  it('marks the query in titleHtml when the title contains it', async () => {
    const body = await search({ q: '核酸检测' });
    const jilin = body.hits.find((hit) => hit.id === SAMPLE_IDS.jilin);
    expect(jilin?.titleHtml).toBe('吉林市昨日确诊继续破千例，吉林省长紧急指挥部署<mark>核酸检测</mark>');
    const suifenhe = body.hits.find((hit) => hit.id === SAMPLE_IDS.suifenhe);
    expect(suifenhe?.titleHtml).toBe(suifenhe?.title);
  });

  it('returns the same five posts for the traditional-script query 核酸檢測', async () => {
    const simplified = await search({ q: '核酸检测' });
    const traditional = await search({ q: '核酸檢測' });
    expect(traditional.total).toBe(5);
    expect(ids(traditional.hits).sort()).toEqual(ids(simplified.hits).sort());
    for (const hit of traditional.hits) expect(hit.snippetHtml).toContain('<mark>核酸检测</mark>');
  });

  it.each(['海量资讯', '新浪财经', '精准解读'])('finds nothing for the site promo text %s', async (q) => {
    const body = await search({ q });
    expect({ total: body.total, hits: body.hits }).toEqual({ total: 0, hits: [] });
  });

  it('ranks the 绥芬河 post first for 12例阳性', async () => {
    const body = await search({ q: '12例阳性' });
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.hits[0]?.id).toBe(SAMPLE_IDS.suifenhe);
    expect(body.hits[0]?.titleHtml).toContain('<mark>12例阳性</mark>');
  });

  it('orders hits by descending score for the default relevance sort', async () => {
    const implicit = await search({ q: '疫情', limit: 100 });
    const explicit = await search({ q: '疫情', limit: 100, sort: 'relevance' });
    expect(ids(explicit.hits)).toEqual(ids(implicit.hits));
    const scores = implicit.hits.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('orders hits newest first with sort=date', async () => {
    const body = await search({ q: '疫情', sort: 'date', limit: 100 });
    expect(body.total).toBe(5);
    expect(ids(body.hits)).toEqual([
      SAMPLE_IDS.jilin,
      SAMPLE_IDS.qutoutiao,
      SAMPLE_IDS.suifenhe,
      SAMPLE_IDS.yili,
      SAMPLE_IDS.heilongjiang,
    ]);
  });

  it('excludes posts containing a -word', async () => {
    const all = await search({ q: '疫情', limit: 100 });
    const without = await search({ q: '疫情 -绥芬河', limit: 100 });
    expect(all.total).toBe(5);
    expect(without.total).toBe(4);
    expect(ids(without.hits).sort()).toEqual(ALL_SAMPLE_IDS.filter((id) => id !== SAMPLE_IDS.suifenhe));
  });

  it('returns total 0 for a punctuation-only query', async () => {
    const body = await search({ q: '，。！' });
    expect({ total: body.total, hits: body.hits }).toEqual({ total: 0, hits: [] });
  });

  it('returns total 0 for a whitespace-only query', async () => {
    const body = await search({ q: '   ' });
    expect({ total: body.total, hits: body.hits }).toEqual({ total: 0, hits: [] });
  });
});

describe('category filter', () => {
  it.each(['金融', '金融/新浪财经', '金融/新浪財經', ' 金融 '])(
    'keeps exactly the four Sina posts for q=疫情 with category=%s',
    async (category) => {
      const body = await search({ q: '疫情', category, limit: 100 });
      expect(body.total).toBe(4);
      expect(ids(body.hits).sort()).toEqual(SINA_SAMPLE_IDS);
    },
  );

  it('matches whole segments only, so category=金 keeps nothing', async () => {
    const body = await search({ q: '疫情', category: '金' });
    expect(body.total).toBe(0);
  });

  it('keeps only the 趣头条 post for category=新媒体/趣头条', async () => {
    const body = await search({ q: '疫情', category: '新媒体/趣头条' });
    expect(ids(body.hits)).toEqual([SAMPLE_IDS.qutoutiao]);
  });

  it('does not match a category path given from its second segment (新浪财经)', async () => {
    const body = await search({ q: '疫情', category: '新浪财经' });
    expect(body.total).toBe(0);
  });

  it('treats an empty category as no filter', async () => {
    const body = await search({ q: '疫情', category: '' });
    expect(body.total).toBe(5);
  });
});

describe('paging', () => {
  it('returns at most limit hits while total counts every match', async () => {
    const body = await search({ q: '疫情', limit: 2 });
    expect(body.total).toBe(5);
    expect(body.hits).toHaveLength(2);
  });

  it('defaults to ten hits from offset 0', async () => {
    const body = await search({ q: '疫情' });
    const explicit = await search({ q: '疫情', limit: 10, offset: 0 });
    expect(ids(body.hits)).toEqual(ids(explicit.hits));
    expect(body.hits).toHaveLength(5);
  });

  it('walks the whole result list with offset/limit pages in the same order as one big page', async () => {
    const whole = await search({ q: '疫情', limit: 100 });
    const paged: string[] = [];
    for (let offset = 0; offset < whole.total; offset += 2) {
      const page = await search({ q: '疫情', limit: 2, offset });
      expect(page.total).toBe(whole.total);
      paged.push(...ids(page.hits));
    }
    expect(paged).toEqual(ids(whole.hits));
  });

  it('walks the date-sorted list consistently too', async () => {
    const whole = await search({ q: '疫情', limit: 100, sort: 'date' });
    const paged: string[] = [];
    for (let offset = 0; offset < whole.total; offset += 3) {
      paged.push(...ids((await search({ q: '疫情', limit: 3, offset, sort: 'date' })).hits));
    }
    expect(paged).toEqual(ids(whole.hits));
  });

  it.each([5, 10_000])('returns no hits but the full total for offset=%i past the end', async (offset) => {
    const body = await search({ q: '疫情', offset });
    expect({ total: body.total, hits: body.hits }).toEqual({ total: 5, hits: [] });
  });

  it('accepts the bounds limit=1, limit=100 and offset=0', async () => {
    expect((await search({ q: '疫情', limit: 1 })).hits).toHaveLength(1);
    expect((await search({ q: '疫情', limit: 100, offset: 0 })).hits).toHaveLength(5);
  });
});

describe('parameter validation', () => {
  it.each<[string, Record<string, string | string[]>]>([
    ['limit=0', { q: '疫情', limit: '0' }],
    ['limit=101', { q: '疫情', limit: '101' }],
    ['limit=abc', { q: '疫情', limit: 'abc' }],
    ['limit=1.5', { q: '疫情', limit: '1.5' }],
    ['limit=-1', { q: '疫情', limit: '-1' }],
    ['an empty limit', { q: '疫情', limit: '' }],
    ['offset=-1', { q: '疫情', offset: '-1' }],
    ['offset=10001', { q: '疫情', offset: '10001' }],
    ['offset=abc', { q: '疫情', offset: 'abc' }],
    ['sort=foo', { q: '疫情', sort: 'foo' }],
    ['an empty sort', { q: '疫情', sort: '' }],
    ['a repeated q', { q: ['疫情', '核酸'] }],
    ['a repeated limit', { q: '疫情', limit: ['1', '2'] }],
    ['a repeated category', { q: '疫情', category: ['金融', '新媒体'] }],
    ['a missing q', { limit: '5' }],
    ['an empty q', { q: '' }],
  ])('answers 400 INVALID_PARAMS for %s', async (_label, params) => {
    const res = await request(sample.app).get('/api/search').query(params);
    expectErrorResponse(res, 400, 'INVALID_PARAMS');
  });

  it('names the bad parameter in the INVALID_PARAMS message', async () => {
    const res = await request(sample.app).get('/api/search').query({ q: '疫情', limit: '0', sort: 'foo' });
    expectErrorResponse(res, 400, 'INVALID_PARAMS');
    expect(res.body.error.message).toContain('limit');
    expect(res.body.error.message).toContain('sort');
  });

  it('says a repeated q was given more than once rather than that it is missing', async () => {
    const res = await request(sample.app).get('/api/search?q=%E7%96%AB%E6%83%85&q=x');
    expectErrorResponse(res, 400, 'INVALID_PARAMS');
    expect(res.body.error.message).toContain('q');
    expect(res.body.error.message).not.toContain('required');
  });

  it('accepts a query of exactly 256 Chinese characters', async () => {
    const res = await request(sample.app).get('/api/search').query({ q: '疫'.repeat(256) });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(0);
  });

  it('answers 400 QUERY_TOO_LONG for 257 Chinese characters', async () => {
    const res = await request(sample.app).get('/api/search').query({ q: '疫'.repeat(257) });
    expectErrorResponse(res, 400, 'QUERY_TOO_LONG');
  });

  it('counts characters, not UTF-16 units, so 256 astral-plane characters are accepted', async () => {
    const ok = await request(sample.app).get('/api/search').query({ q: '𠀀'.repeat(256) });
    expect(ok.status).toBe(200);
    const tooLong = await request(sample.app).get('/api/search').query({ q: '𠀀'.repeat(257) });
    expectErrorResponse(tooLong, 400, 'QUERY_TOO_LONG');
  });

  it('ignores unknown parameters', async () => {
    const body = await search({ q: '核酸检测', foo: 'bar' });
    expect(body.total).toBe(5);
  });
});

describe('highlight markup', () => {
  it.each(['核酸检测', '疫情', '12例阳性', '核酸檢測', '疫情 核酸', 'title:疫情'])(
    'has no markup but flat <mark> pairs in titleHtml and snippetHtml for %s',
    async (q) => {
      const body = await search({ q, limit: 100 });
      expect(body.total).toBeGreaterThan(0);
      for (const hit of body.hits) {
        expectOnlyMarkMarkup(hit.titleHtml);
        expectOnlyMarkMarkup(hit.snippetHtml);
      }
    },
  );
});
