/**
 * The HTML pages: the search page (form + /assets/search.js) and the post page with the query
 * highlighted, plus their static assets.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectErrorResponse } from '../helpers/http-assertions.js';
import { MAX_QUERY_CHARS, SAMPLE_IDS, createSampleIndex, type TestIndex } from '../helpers/sample-index.js';

let sample: TestIndex;

beforeAll(async () => {
  sample = await createSampleIndex();
});

afterAll(async () => {
  await sample?.cleanup();
});

describe('GET /', () => {
  it('returns an HTML page with a GET search form on q that loads /assets/search.js', async () => {
    const res = await request(sample.app).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.text).toMatch(/^<!doctype html>/i);
    expect(res.text).toMatch(/<form[^>]*action="\/"[^>]*method="get"/);
    expect(res.text).toMatch(/<input[^>]*name="q"/);
    expect(res.text).toContain('<script src="/assets/search.js" defer></script>');
    expect(res.text).toContain('<link rel="stylesheet" href="/assets/page.css">');
  });

  it('sends a Content-Security-Policy that only allows scripts from the site itself', async () => {
    const res = await request(sample.app).get('/');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.text).not.toMatch(/<script>(?!<\/script>)/);
  });

  it('echoes ?q=<script> escaped in the search box', async () => {
    const res = await request(sample.app).get('/').query({ q: '<script>alert(1)</script>' });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('prefills the search box with a Chinese query', async () => {
    const res = await request(sample.app).get('/').query({ q: '核酸检测' });
    expect(res.text).toContain('value="核酸检测"');
  });

  it(`cuts a prefilled query to ${MAX_QUERY_CHARS} characters`, async () => {
    const res = await request(sample.app).get('/').query({ q: '疫'.repeat(MAX_QUERY_CHARS + 40) });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`value="${'疫'.repeat(MAX_QUERY_CHARS)}"`);
    expect(res.text).not.toContain('疫'.repeat(MAX_QUERY_CHARS + 1));
  });
});

describe('assets', () => {
  it('serves /assets/search.js as JavaScript that calls /api/search', async () => {
    const res = await request(sample.app).get('/assets/search.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toContain('/api/search');
    expect(() => new Function(res.text)).not.toThrow();
  });

  it('serves /assets/page.css as CSS', async () => {
    const res = await request(sample.app).get('/assets/page.css');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/css/);
    expect(res.text).toContain('mark');
  });
});

describe('GET /posts/:id', () => {
  it('renders the post with <mark>核酸检测</mark> for ?q=核酸检测 and no raw promo text', async () => {
    const res = await request(sample.app).get(`/posts/${SAMPLE_IDS.suifenhe}`).query({ q: '核酸检测' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<title>突发！黑龙江绥芬河发现12例阳性，市长昨天召开疫情防控调度会</title>');
    expect(res.text).toContain('<mark>核酸检测</mark>');
    expect(res.text.match(/<mark>核酸检测<\/mark>/g)?.length).toBe(4);
    expect(res.text).not.toContain('海量资讯');
    expect(res.text).not.toContain('新浪财经APP');
    expect(res.text).not.toContain('appendQr');
    expect(res.text).not.toContain('责任编辑');
  });

  it('marks the traditional-script query 核酸檢測 on the simplified text', async () => {
    const res = await request(sample.app).get(`/posts/${SAMPLE_IDS.jilin}`).query({ q: '核酸檢測' });
    expect(res.text).toContain('<h1>吉林市昨日确诊继续破千例，吉林省长紧急指挥部署<mark>核酸检测</mark></h1>');
  });

  it('renders the post without marks when there is no query', async () => {
    const res = await request(sample.app).get(`/posts/${SAMPLE_IDS.suifenhe}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<mark>');
    expect(res.text).toContain('绥芬河市疫情防控工作指挥部第一时间启动应急响应');
  });

  it('links back to the search page with the query kept', async () => {
    const res = await request(sample.app).get(`/posts/${SAMPLE_IDS.suifenhe}`).query({ q: '核酸检测' });
    expect(res.text).toContain(`<a href="/?q=${encodeURIComponent('核酸检测')}">`);
  });

  it('shows the date in the post page meta line', async () => {
    const res = await request(sample.app).get(`/posts/${SAMPLE_IDS.suifenhe}`);
    expect(res.text).toContain('<time datetime="2022-01-25T05:09:09.000Z">2022-01-25</time>');
  });

  it('answers 404 NOT_FOUND for an unknown post', async () => {
    expectErrorResponse(await request(sample.app).get('/posts/no-such-post'), 404, 'NOT_FOUND');
  });
});
