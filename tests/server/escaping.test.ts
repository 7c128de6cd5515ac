/**
 * No response carries markup it did not mean to: JSON bodies escape `<` (as \u003c), highlight
 * HTML holds only <mark>, and pages escape queries and hostile post content. Runs on the sample
 * posts plus one post whose every field tries to inject HTML.
 */
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiSearchResponse } from '../../src/api/contract.js';
import { expectOnlyMarkMarkup } from '../helpers/http-assertions.js';
import { createTestIndex, type TestIndex } from '../helpers/sample-index.js';

const HOSTILE_ID = 'hostile';
const HOSTILE_POST = `---
title: '<img src=x onerror=alert(1)> 核酸检测 & "引号" 标题'
categories: ['<b>分类</b>']
tags: ['<i>标签</i>']
author: '<script>alert(2)</script>'
date: 2022-02-02
---

<p>正文里的 &lt;script&gt;alert(3)&lt;/script&gt; 和 核酸检测 &amp; &lt;img src=y onerror=alert(4)&gt; 以及 "引号" 'single'。</p>
`;

let corpus: TestIndex;

beforeAll(async () => {
  corpus = await createTestIndex({ posts: { [`${HOSTILE_ID}.html`]: HOSTILE_POST }, includeSamples: true });
});

afterAll(async () => {
  await corpus?.cleanup();
});

/** Raw JSON text: not a single `<` or `>`, since express escapes them. */
function expectNoRawAngleBrackets(text: string): void {
  expect(text).not.toMatch(/[<>]/);
}

describe('JSON responses', () => {
  it('indexes the hostile post next to the five samples', () => {
    expect({ indexed: corpus.report.indexed, skips: corpus.report.skips }).toEqual({ indexed: 6, skips: [] });
  });

  it('sends <script>alert(1)</script> as a query back escaped, with no raw <script in the response text', async () => {
    const res = await request(corpus.app).get('/api/search').query({ q: '<script>alert(1)</script>' });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script');
    expect(res.text).toContain('\\u003cscript\\u003e');
    expect(res.body.query).toBe('<script>alert(1)</script>');
  });

  it.each(['核酸检测', '疫情', '12例阳性', 'alert', 'script', '引号', '<img', '"引号"', '&'])(
    'has no raw < or > in the response text of a search for %s, and only <mark> in the highlight fields',
    async (q) => {
      const res = await request(corpus.app).get('/api/search').query({ q, limit: 100 });
      expect(res.status).toBe(200);
      expectNoRawAngleBrackets(res.text);
      for (const hit of (res.body as ApiSearchResponse).hits) {
        expectOnlyMarkMarkup(hit.titleHtml);
        expectOnlyMarkMarkup(hit.snippetHtml);
      }
    },
  );

  it('escapes the hostile title in titleHtml while title keeps the raw text', async () => {
    const res = await request(corpus.app).get('/api/search').query({ q: '核酸检测', limit: 100 });
    const hit = (res.body as ApiSearchResponse).hits.find((h) => h.id === HOSTILE_ID);
    expect(hit?.title).toBe('<img src=x onerror=alert(1)> 核酸检测 & "引号" 标题');
    expect(hit?.titleHtml).toBe('&lt;img src=x onerror=alert(1)&gt; <mark>核酸检测</mark> &amp; &quot;引号&quot; 标题');
    expect(hit?.snippetHtml).toContain('&lt;script&gt;alert(3)&lt;/script&gt;');
  });

  it('marks a query containing HTML characters inside the escaped text', async () => {
    const res = await request(corpus.app).get('/api/search').query({ q: '"引号"' });
    const hit = (res.body as ApiSearchResponse).hits.find((h) => h.id === HOSTILE_ID);
    expect(hit).toBeDefined();
    expect(expectOnlyMarkMarkup(hit!.snippetHtml).join('')).toContain('引号');
  });

  it('has no raw < or > in GET /api/posts of the hostile post', async () => {
    const res = await request(corpus.app).get(`/api/posts/${HOSTILE_ID}`);
    expect(res.status).toBe(200);
    expectNoRawAngleBrackets(res.text);
    expect(res.body.author).toBe('<script>alert(2)</script>');
  });

  it('has no raw < or > in any response to arbitrary queries', async () => {
    const alphabet = fc.constantFrom(...'<>&"\'/核酸检测疫情引号script alert-:'.split(''));
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: alphabet, minLength: 1, maxLength: 24 }), async (q) => {
        const res = await request(corpus.app).get('/api/search').query({ q, limit: 100 });
        expect(res.status).toBe(200);
        expectNoRawAngleBrackets(res.text);
        for (const hit of (res.body as ApiSearchResponse).hits) {
          expectOnlyMarkMarkup(hit.titleHtml);
          expectOnlyMarkMarkup(hit.snippetHtml);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never answers 5xx for any query string', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 40 }), async (q) => {
        const res = await request(corpus.app).get('/api/search').query({ q });
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 200 },
    );
  });
});

describe('HTML pages', () => {
  it('echoes ?q=<script> escaped into the search box’s data-initial-query', async () => {
    const res = await request(corpus.app).get('/').query({ q: '"><script>alert(1)</script>' });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert');
    expect(res.text).toContain('data-initial-query="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('renders the hostile post page with every field escaped', async () => {
    const res = await request(corpus.app).get(`/posts/${HOSTILE_ID}`).query({ q: '核酸检测' });
    expect(res.status).toBe(200);
    for (const injected of ['<img src=x', '<img src=y', '<script>alert', '<b>分类', '<i>标签']) {
      expect(res.text).not.toContain(injected);
    }
    expect(res.text).toContain('<title>&lt;img src=x onerror=alert(1)&gt; 核酸检测 &amp; &quot;引号&quot; 标题</title>');
    expect(res.text).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(res.text).toContain('<mark>核酸检测</mark>');
  });

  it('escapes the query in the post page back link', async () => {
    const res = await request(corpus.app).get(`/posts/${HOSTILE_ID}`).query({ q: '"><script>x' });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>x');
    expect(res.text).toContain(`href="/?q=${encodeURIComponent('"><script>x')}"`);
  });
});
