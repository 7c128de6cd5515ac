/**
 * GET /api/posts/:id: the stored post by percent-encoded id, including ids with a slash (posts in
 * sub-folders), and the null/[] defaults of posts without metadata.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiPost, ApiSearchResponse } from '../../src/api/contract.js';
import { HIT_FIELDS, POST_FIELDS, expectErrorResponse } from '../helpers/http-assertions.js';
import { SAMPLE_IDS, createSampleIndex, createTestIndex, type TestIndex } from '../helpers/sample-index.js';

let sample: TestIndex;
let tiny: TestIndex;

const REPORT_POST = `---
title: 年度报告
date: 2022-12-01 08:30:00
categories: [技术, 前端]
tags: [总结, 规划]
author: 王五
---

这是二〇二二年的年度报告正文。
`;

const BARE_POST = '没有任何元数据的一篇短文，只有正文。\n';

beforeAll(async () => {
  [sample, tiny] = await Promise.all([
    createSampleIndex(),
    createTestIndex({
      posts: {
        '2022/report.md': REPORT_POST,
        'bare.md': BARE_POST,
        '100% 纯 #1?.md': '特殊字符文件名的文章。\n',
        '报告/年度 总结.md': '中文目录里的特殊字符文章。\n',
      },
    }),
  ]);
});

afterAll(async () => {
  await Promise.all([sample?.cleanup(), tiny?.cleanup()]);
});

describe('GET /api/posts/:id', () => {
  it('returns the sample post with every field and its cleaned text', async () => {
    const res = await request(sample.app).get(`/api/posts/${encodeURIComponent(SAMPLE_IDS.suifenhe)}`);
    expect(res.status).toBe(200);
    const post = res.body as ApiPost;
    expect(Object.keys(post).sort()).toEqual([...POST_FIELDS].sort());
    expect(post).toMatchObject({
      id: SAMPLE_IDS.suifenhe,
      title: '突发！黑龙江绥芬河发现12例阳性，市长昨天召开疫情防控调度会',
      date: '2022-01-25T05:09:09.000Z',
      categories: ['金融/新浪财经/新浪财经－国內'],
      tags: [],
      author: '新浪财经',
      url: `/posts/${SAMPLE_IDS.suifenhe}`,
    });
    expect(post.text.startsWith('据央视新闻，1月25日，黑龙江绥芬河市在区域核酸检测中发现12人核酸检测结果呈阳性。')).toBe(true);
  });

  it('returns text without HTML tags, the promo box or the editor line', async () => {
    const res = await request(sample.app).get(`/api/posts/${SAMPLE_IDS.suifenhe}`);
    const { text } = res.body as ApiPost;
    expect(text).not.toMatch(/[<>]/);
    expect(text).not.toContain('海量资讯');
    expect(text).not.toContain('新浪财经APP');
    expect(text).not.toContain('责任编辑');
  });

  it('answers 404 NOT_FOUND for an unknown id', async () => {
    const res = await request(sample.app).get('/api/posts/no-such-post');
    expectErrorResponse(res, 404, 'NOT_FOUND');
  });

  it('answers 404 NOT_FOUND for an id that only differs by case', async () => {
    const res = await request(sample.app).get(`/api/posts/${SAMPLE_IDS.suifenhe.toUpperCase()}`);
    expectErrorResponse(res, 404, 'NOT_FOUND');
  });

  it('answers 404 NOT_FOUND for a path-traversal id', async () => {
    const res = await request(sample.app).get('/api/posts/..%2F..%2Fpackage.json');
    expectErrorResponse(res, 404, 'NOT_FOUND');
  });

  it('answers 400 INVALID_PARAMS, not 500, for a malformed percent-encoding', async () => {
    const res = await request(sample.app).get('/api/posts/%E0%A4%A');
    expectErrorResponse(res, 400, 'INVALID_PARAMS');
  });
});

describe('posts in sub-folders', () => {
  it('indexes every post of the tiny corpus', () => {
    expect({ indexed: tiny.report.indexed, skips: tiny.report.skips }).toEqual({ indexed: 4, skips: [] });
  });

  it('returns the post 2022/report when its id is requested percent-encoded as /api/posts/2022%2Freport', async () => {
    const res = await request(tiny.app).get('/api/posts/2022%2Freport');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: '2022/report',
      title: '年度报告',
      // 08:30 in the default Asia/Shanghai zone
      date: '2022-12-01T00:30:00.000Z',
      categories: ['技术/前端'],
      tags: ['总结', '规划'],
      author: '王五',
      url: '/posts/2022%2Freport',
      text: '这是二〇二二年的年度报告正文。',
    });
  });

  it('gives the hit of 2022/report a url that GET /api/posts accepts back', async () => {
    const search = await request(tiny.app).get('/api/search').query({ q: '年度报告' });
    const hit = (search.body as ApiSearchResponse).hits.find((h) => h.id === '2022/report');
    expect(hit?.url).toBe(`/posts/2022%2Freport?q=${encodeURIComponent('年度报告')}`);
    const res = await request(tiny.app).get(`/api${hit!.url}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe('2022/report');
  });

  it.each(['100% 纯 #1?', '报告/年度 总结'])('round-trips the id %s through the hit url and GET /api/posts', async (id) => {
    const search = await request(tiny.app).get('/api/search').query({ q: '特殊字符' });
    const hit = (search.body as ApiSearchResponse).hits.find((h) => h.id === id);
    expect(hit?.url).toBe(`/posts/${encodeURIComponent(id)}?q=${encodeURIComponent('特殊字符')}`);
    const api = await request(tiny.app).get(`/api${hit!.url}`);
    expect(api.status).toBe(200);
    expect(api.body.id).toBe(id);
    const page = await request(tiny.app).get(hit!.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<mark>特殊字符</mark>');
  });

  it('does not treat an unencoded slash as part of the id', async () => {
    const res = await request(tiny.app).get('/api/posts/2022/report');
    expectErrorResponse(res, 404, 'NOT_FOUND');
  });
});

describe('posts without metadata', () => {
  it('returns null for an unknown date and author and [] for empty categories and tags in /api/posts', async () => {
    const res = await request(tiny.app).get('/api/posts/bare');
    expect(res.status).toBe(200);
    const post = res.body as ApiPost;
    expect(Object.keys(post).sort()).toEqual([...POST_FIELDS].sort());
    expect(post).toMatchObject({ id: 'bare', date: null, author: null, categories: [], tags: [], url: '/posts/bare' });
    expect(typeof post.title).toBe('string');
  });

  it('returns every hit field, null or [] when unknown, in /api/search', async () => {
    const res = await request(tiny.app).get('/api/search').query({ q: '元数据' });
    const body = res.body as ApiSearchResponse;
    expect(body.total).toBe(1);
    const hit = body.hits[0]!;
    expect(Object.keys(hit).sort()).toEqual([...HIT_FIELDS].sort());
    expect(hit).toMatchObject({ id: 'bare', date: null, author: null, categories: [], tags: [] });
    expect(hit.snippetHtml).toContain('<mark>元数据</mark>');
  });

  it('ranks undated posts after dated ones with sort=date', async () => {
    const res = await request(tiny.app).get('/api/search').query({ q: '正文', sort: 'date' });
    expect((res.body as ApiSearchResponse).hits.map((h) => h.id)).toEqual(['2022/report', 'bare']);
  });
});
