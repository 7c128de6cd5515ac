/**
 * The HTML pages: the search page (the box in page mode), the embedding example (the box as a
 * modal in a small blog page) and the post page with the query highlighted, plus the stylesheet.
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

/** The attributes of the first `<div data-zhsearch …>` in `html`. */
function mountAttributes(html: string): Record<string, string> {
  const tag = /<div data-zhsearch[^>]*>/.exec(html)?.[0];
  expect(tag, 'a data-zhsearch mount point').toBeDefined();
  const attributes: Record<string, string> = {};
  for (const match of tag!.matchAll(/\s(data-[a-z-]+)(?:="([^"]*)")?/g)) attributes[match[1]!] = match[2] ?? '';
  return attributes;
}

describe('GET /', () => {
  it('returns an HTML page that mounts the search box in page mode and loads /widget.js and /widget.css', async () => {
    const res = await request(sample.app).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.text).toMatch(/^<!doctype html>/i);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(mountAttributes(res.text)).toMatchObject({ 'data-zhsearch': '', 'data-endpoint': '', 'data-mode': 'page', 'data-initial-query': '' });
    expect(res.text).toContain('<script src="/widget.js" defer></script>');
    expect(res.text).toContain('<link rel="stylesheet" href="/widget.css">');
    expect(res.text).toContain('<link rel="stylesheet" href="/assets/page.css">');
    expect(res.text).not.toContain('/assets/search.js');
  });

  it('sends a Content-Security-Policy that allows scripts, styles and requests to the site itself only', async () => {
    const res = await request(sample.app).get('/');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('*');
    expect(res.text).not.toMatch(/<script>(?!<\/script>)/);
    expect(res.text).not.toMatch(/<style|\sstyle=/);
  });

  it('echoes ?q=<script> escaped into data-initial-query', async () => {
    const res = await request(sample.app).get('/').query({ q: '"><script>alert(1)</script>' });
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).toContain('data-initial-query="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });

  it('passes a Chinese ?q= to the box as its initial query', async () => {
    const res = await request(sample.app).get('/').query({ q: '核酸检测' });
    expect(mountAttributes(res.text)['data-initial-query']).toBe('核酸检测');
  });

  it(`cuts the initial query to ${MAX_QUERY_CHARS} characters`, async () => {
    const res = await request(sample.app).get('/').query({ q: '疫'.repeat(MAX_QUERY_CHARS + 40) });
    expect(res.status).toBe(200);
    expect(mountAttributes(res.text)['data-initial-query']).toBe('疫'.repeat(MAX_QUERY_CHARS));
  });

  it('links to the embedding example', async () => {
    expect((await request(sample.app).get('/')).text).toContain('href="/embed-example.html"');
  });
});

describe('GET /embed-example.html', () => {
  it('is a zh-CN page whose only search code is the two pasted lines: the script and a modal mount point', async () => {
    const res = await request(sample.app).get('/embed-example.html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.text).toContain('<html lang="zh-CN">');
    expect(res.text).toContain('<script src="/widget.js" defer></script>\n<div data-zhsearch data-endpoint="" data-mode="modal"></div>');
    expect(res.text.match(/<script\b/g)).toHaveLength(1);
    expect(res.text.match(/<div data-zhsearch/g)).toHaveLength(1);
    expect(mountAttributes(res.text)).toEqual({ 'data-zhsearch': '', 'data-endpoint': '', 'data-mode': 'modal' });
  });

  it('shows the same two lines, escaped, for the reader to copy', async () => {
    const res = await request(sample.app).get('/embed-example.html');
    expect(res.text).toContain(
      '<pre><code>&lt;script src=&quot;/widget.js&quot; defer&gt;&lt;/script&gt;\n&lt;div data-zhsearch data-endpoint=&quot;&quot; data-mode=&quot;modal&quot;&gt;&lt;/div&gt;</code></pre>',
    );
  });

  it('explains embedding on another site: the full script URL, data-endpoint and corsOrigins', async () => {
    const res = await request(sample.app).get('/embed-example.html');
    expect(res.text).toContain('https://search.example.com/widget.js');
    expect(res.text).toContain('corsOrigins');
    expect(res.text).toContain('ZHSEARCH_CORS_ORIGINS');
  });

  it('is served under the same Content-Security-Policy as the search page', async () => {
    const page = await request(sample.app).get('/');
    const example = await request(sample.app).get('/embed-example.html');
    expect(example.headers['content-security-policy']).toBe(page.headers['content-security-policy']);
  });
});

describe('assets', () => {
  it('no longer serves the old page script /assets/search.js (the box replaced it)', async () => {
    expectErrorResponse(await request(sample.app).get('/assets/search.js'), 404, 'NOT_FOUND');
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
