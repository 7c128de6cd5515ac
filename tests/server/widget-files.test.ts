/**
 * /widget.js and /widget.css: served from the bundle folder given to createApp, cacheable,
 * loadable by other sites, and 503 WIDGET_NOT_BUILT while the bundle is missing.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Express } from 'express';
import { DEFAULT_WIDGET_DIR, createApp } from '../../src/server/app.js';
import { expectErrorResponse } from '../helpers/http-assertions.js';
import { MAX_QUERY_CHARS, REPO_ROOT, createSampleIndex, type TestIndex } from '../helpers/sample-index.js';

const SCRIPT = '(()=>{window.zhsearchPlaceholder=1})();\n';
const STYLE = '.zhs-box{display:block}\n';

let sample: TestIndex;
let app: Express;
let missingApp: Express;

beforeAll(async () => {
  sample = await createSampleIndex();
  const widgetDir = path.join(sample.dir, 'widget');
  await mkdir(widgetDir);
  await writeFile(path.join(widgetDir, 'widget.js'), SCRIPT);
  await writeFile(path.join(widgetDir, 'widget.css'), STYLE);
  await writeFile(path.join(widgetDir, 'widget.js.map'), '{}');
  await writeFile(path.join(widgetDir, '.secret'), 'x');
  app = createApp(sample.holder, { maxQueryChars: MAX_QUERY_CHARS, widgetDir, corsOrigins: ['https://blog.example.com'] });
  missingApp = createApp(sample.holder, { maxQueryChars: MAX_QUERY_CHARS, widgetDir: path.join(sample.dir, 'no-widget') });
});

afterAll(async () => {
  await sample?.cleanup();
});

describe('the search box bundle', () => {
  it('serves /widget.js as JavaScript with the bundle’s bytes', async () => {
    const res = await request(app).get('/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript; charset=utf-8$/);
    expect(res.text).toBe(SCRIPT);
  });

  it('serves /widget.css as CSS with the bundle’s bytes', async () => {
    const res = await request(app).get('/widget.css');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/css; charset=utf-8$/);
    expect(res.text).toBe(STYLE);
  });

  it.each(['/widget.js', '/widget.css'])('lets browsers cache %s for five minutes and revalidate it', async (url) => {
    const res = await request(app).get(url);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.etag).toBeTruthy();
    const again = await request(app).get(url).set('If-None-Match', res.headers.etag as string);
    expect(again.status).toBe(304);
  });

  it.each(['/widget.js', '/widget.css'])('lets other sites load %s (Cross-Origin-Resource-Policy: cross-origin)', async (url) => {
    const res = await request(app).get(url).set('Origin', 'https://elsewhere.example');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('names an allowed origin in Access-Control-Allow-Origin (for <script crossorigin>)', async () => {
    const res = await request(app).get('/widget.js').set('Origin', 'https://blog.example.com');
    expect(res.headers['access-control-allow-origin']).toBe('https://blog.example.com');
  });

  it.each(['/widget.js.map', '/.secret', '/widget/widget.js', '/widget.js/..%2f.secret'])('serves nothing else from the bundle folder: %s is 404', async (url) => {
    expectErrorResponse(await request(app).get(url), 404, 'NOT_FOUND');
  });

  it.each(['/widget.js', '/widget.css'])('answers 503 WIDGET_NOT_BUILT for %s while the bundle is missing, naming no path', async (url) => {
    const res = await request(missingApp).get(url);
    expectErrorResponse(res, 503, 'WIDGET_NOT_BUILT');
    expect(res.text).toContain('npm run build');
  });

  it('looks for the bundle in dist/widget/ of the package by default', () => {
    expect(DEFAULT_WIDGET_DIR).toBe(path.join(REPO_ROOT, 'dist', 'widget') + path.sep);
  });
});
