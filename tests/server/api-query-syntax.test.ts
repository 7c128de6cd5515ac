/**
 * Field syntax in q (title:, category:, tag:, author: with ASCII or full-width colon), quotes
 * and exclusions against the sample posts, through the HTTP API.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSearchResponse } from '../../src/api/contract.js';
import { SAMPLE_IDS, SINA_SAMPLE_IDS, createSampleIndex, type TestIndex } from '../helpers/sample-index.js';

let sample: TestIndex;

beforeAll(async () => {
  sample = await createSampleIndex();
});

afterAll(async () => {
  await sample?.cleanup();
});

async function ids(q: string): Promise<string[]> {
  const res = await request(sample.app).get('/api/search').query({ q, limit: 100 });
  expect(res.status, res.text).toBe(200);
  return (res.body as ApiSearchResponse).hits.map((hit) => hit.id).sort();
}

describe('query syntax over HTTP', () => {
  it('author:新浪财经 finds the four Sina samples, with either colon', async () => {
    expect(await ids('author:新浪财经')).toEqual(SINA_SAMPLE_IDS);
    expect(await ids('author：新浪财经')).toEqual(SINA_SAMPLE_IDS);
  });

  it('category: filters by whole leading path segments, combined with text', async () => {
    expect(await ids('category:金融 疫情')).toEqual(SINA_SAMPLE_IDS);
    expect(await ids('category:新媒体 疫情')).toEqual([SAMPLE_IDS.qutoutiao]);
    expect(await ids('category:金 疫情')).toEqual([]);
  });

  it('title: restricts a part to titles', async () => {
    expect(await ids('title:绥芬河')).toEqual([SAMPLE_IDS.suifenhe]);
    expect(await ids('title:核酸检测')).toEqual([SAMPLE_IDS.jilin]);
  });

  it('excludes with -author: and -word', async () => {
    expect(await ids('核酸检测 -author:新浪财经')).toEqual([SAMPLE_IDS.qutoutiao]);
    expect(await ids('核酸检测 -绥芬河')).not.toContain(SAMPLE_IDS.suifenhe);
  });

  it('keeps 原标题： and other colon text as text, not as a field', async () => {
    const res = await request(sample.app).get('/api/search').query({ q: '工作组：黑龙江' });
    expect((res.body as ApiSearchResponse).hits.map((h) => h.id)).toEqual([SAMPLE_IDS.heilongjiang]);
  });

  it('answers an unmatched quote literally with 200, never a 500', async () => {
    const res = await request(sample.app).get('/api/search').query({ q: '"核酸检测' });
    expect(res.status).toBe(200);
  });
});
