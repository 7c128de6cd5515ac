/**
 * GET /api/suggest against the five sample posts: words, word sequences, titles and pinyin that
 * start with what was typed, and the validation of q and limit.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSearchResponse, ApiSuggestResponse, ApiSuggestion } from '../../src/api/contract.js';
import { expectErrorResponse } from '../helpers/http-assertions.js';
import { MAX_QUERY_CHARS, SAMPLE_IDS, createSampleIndex, type TestIndex } from '../helpers/sample-index.js';

let sample: TestIndex;

beforeAll(async () => {
  sample = await createSampleIndex();
});

afterAll(async () => {
  await sample?.cleanup();
});

async function suggest(params: Record<string, string | number | string[]>): Promise<ApiSuggestResponse> {
  const res = await request(sample.app).get('/api/suggest').query(params);
  expect(res.status, res.text).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  return res.body as ApiSuggestResponse;
}

const texts = (suggestions: ApiSuggestion[]): string[] => suggestions.map((s) => s.text);

describe('GET /api/suggest', () => {
  it('answers {query, suggestions} with term suggestions 核酸 and 核酸检测 for q=核酸', async () => {
    const body = await suggest({ q: '核酸' });
    expect(Object.keys(body).sort()).toEqual(['query', 'suggestions']);
    expect(body.query).toBe('核酸');
    expect(body.suggestions).toEqual(expect.arrayContaining([
      { text: '核酸', kind: 'term' },
      { text: '核酸检测', kind: 'term' },
    ]));
  });

  it('suggests only texts starting with the typed prefix, each with a known kind and no id but on titles', async () => {
    const body = await suggest({ q: '疫情', limit: 20 });
    expect(body.suggestions.length).toBeGreaterThan(2);
    for (const s of body.suggestions) {
      expect(s.text.startsWith('疫情')).toBe(true);
      expect(['term', 'title']).toContain(s.kind);
      expect('id' in s).toBe(s.kind === 'title');
    }
  });

  it('suggests a post title with its id', async () => {
    const body = await suggest({ q: '吉林市昨日' });
    expect(body.suggestions).toContainEqual({
      text: '吉林市昨日确诊继续破千例，吉林省长紧急指挥部署核酸检测',
      kind: 'title',
      id: SAMPLE_IDS.jilin,
    });
  });

  it('suggests simplified words for the traditional prefix 核酸檢', async () => {
    expect(texts((await suggest({ q: '核酸檢' })).suggestions)).toContain('核酸检测');
  });

  it.each(['hsjc', 'hesuan'])('suggests 核酸检测 as a pinyin suggestion for %s', async (q) => {
    expect((await suggest({ q })).suggestions).toContainEqual({ text: '核酸检测', kind: 'pinyin' });
  });

  it('suggests 核酸 too for the pinyin hesuan', async () => {
    expect((await suggest({ q: 'hesuan' })).suggestions).toContainEqual({ text: '核酸', kind: 'pinyin' });
  });

  it('leaves /api/search untouched by pinyin: hsjc finds nothing', async () => {
    const res = await request(sample.app).get('/api/search').query({ q: 'hsjc' });
    expect((res.body as ApiSearchResponse).total).toBe(0);
  });

  it('returns 8 suggestions by default and honours limit', async () => {
    expect((await suggest({ q: 'h' })).suggestions).toHaveLength(8);
    expect((await suggest({ q: 'h', limit: 3 })).suggestions).toHaveLength(3);
    expect((await suggest({ q: 'h', limit: 20 })).suggestions).toHaveLength(20);
  });

  it('never repeats a text', async () => {
    const found = texts((await suggest({ q: 'h', limit: 20 })).suggestions);
    expect(new Set(found).size).toBe(found.length);
  });

  it('answers an empty list for a prefix nothing starts with, or punctuation', async () => {
    expect((await suggest({ q: '猕猴桃' })).suggestions).toEqual([]);
    expect((await suggest({ q: '！？' })).suggestions).toEqual([]);
  });
});

describe('GET /api/suggest validation', () => {
  it('answers 400 INVALID_PARAMS without q', async () => {
    expectErrorResponse(await request(sample.app).get('/api/suggest'), 400, 'INVALID_PARAMS');
  });

  it('answers 400 INVALID_PARAMS for an empty q', async () => {
    expectErrorResponse(await request(sample.app).get('/api/suggest').query({ q: '' }), 400, 'INVALID_PARAMS');
  });

  it.each(['0', '21', '-1', 'abc', '1.5', ''])('answers 400 INVALID_PARAMS for limit=%j', async (limit) => {
    expectErrorResponse(await request(sample.app).get('/api/suggest').query({ q: '核酸', limit }), 400, 'INVALID_PARAMS');
  });

  it('answers 400 INVALID_PARAMS for a repeated q', async () => {
    expectErrorResponse(await request(sample.app).get('/api/suggest?q=a&q=b'), 400, 'INVALID_PARAMS');
  });

  it(`answers 400 QUERY_TOO_LONG past ${MAX_QUERY_CHARS} characters, and accepts exactly ${MAX_QUERY_CHARS}`, async () => {
    expectErrorResponse(await request(sample.app).get('/api/suggest').query({ q: '疫'.repeat(MAX_QUERY_CHARS + 1) }), 400, 'QUERY_TOO_LONG');
    expect((await request(sample.app).get('/api/suggest').query({ q: '疫'.repeat(MAX_QUERY_CHARS) })).status).toBe(200);
  });
});
