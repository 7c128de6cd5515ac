/**
 * CORS for the embedded search box: an origin on the allow-list may read /api/* answers (errors
 * included) and gets its preflight answered; any other origin gets no CORS header at all.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { MAX_QUERY_CHARS, createSampleIndex, type TestIndex } from '../helpers/sample-index.js';
import type { Express } from 'express';

const ALLOWED = 'https://blog.example.com';
const OTHER = 'https://evil.example.net';

let sample: TestIndex;
let app: Express;

beforeAll(async () => {
  sample = await createSampleIndex();
  app = createApp(sample.holder, { maxQueryChars: MAX_QUERY_CHARS, corsOrigins: [ALLOWED, 'http://localhost:4000'] });
});

afterAll(async () => {
  await sample?.cleanup();
});

/** Names of the Access-Control-* headers of a response. */
const corsHeaders = (headers: Record<string, unknown>): string[] =>
  Object.keys(headers).filter((name) => name.startsWith('access-control-'));

describe('CORS on /api/*', () => {
  it.each(['/api/search?q=核酸检测', '/api/suggest?q=核酸', '/api/posts/nope'])(
    'lets the allowed origin read %s: Access-Control-Allow-Origin names it, Vary: Origin',
    async (url) => {
      const res = await request(app).get(encodeURI(url)).set('Origin', ALLOWED);
      expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect(res.headers.vary).toMatch(/\bOrigin\b/);
    },
  );

  it('sends no CORS header to an origin not on the list', async () => {
    const res = await request(app).get('/api/suggest').query({ q: '核酸' }).set('Origin', OTHER);
    expect(res.status).toBe(200);
    expect(corsHeaders(res.headers)).toEqual([]);
  });

  it('sends no CORS header to a look-alike of an allowed origin', async () => {
    for (const origin of [`${ALLOWED}.evil.net`, 'http://blog.example.com', `${ALLOWED}:8443`, 'null']) {
      const res = await request(app).get('/api/suggest').query({ q: '核酸' }).set('Origin', origin);
      expect(corsHeaders(res.headers), origin).toEqual([]);
    }
  });

  it('sends no CORS header without an Origin (same-origin and non-browser clients)', async () => {
    const res = await request(app).get('/api/suggest').query({ q: '核酸' });
    expect(corsHeaders(res.headers)).toEqual([]);
  });

  it('lets the allowed origin read error answers too (the box shows their message)', async () => {
    const res = await request(app).get('/api/suggest').set('Origin', ALLOWED);
    expect(res.status).toBe(400);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
  });

  it('answers the allowed origin’s preflight with 204, GET and Content-Type', async () => {
    const res = await request(app)
      .options('/api/search')
      .set('Origin', ALLOWED)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'content-type');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-methods']).toBe('GET');
    expect(res.headers['access-control-allow-headers']).toBe('Content-Type');
    expect(Number(res.headers['access-control-max-age'])).toBeGreaterThan(0);
    expect(res.text).toBe('');
  });

  it('answers another origin’s preflight without any CORS header, so the browser refuses', async () => {
    const res = await request(app).options('/api/suggest').set('Origin', OTHER).set('Access-Control-Request-Method', 'GET');
    expect(res.status).toBe(204);
    expect(corsHeaders(res.headers)).toEqual([]);
  });

  it('gives pages no CORS header even for the allowed origin', async () => {
    const res = await request(app).get('/').set('Origin', ALLOWED);
    expect(corsHeaders(res.headers)).toEqual([]);
  });
});

describe('CORS by default', () => {
  it('allows no other origin when corsOrigins is not given (same origin only)', async () => {
    const res = await request(sample.app).get('/api/suggest').query({ q: '核酸' }).set('Origin', ALLOWED);
    expect(res.status).toBe(200);
    expect(corsHeaders(res.headers)).toEqual([]);
    const preflight = await request(sample.app).options('/api/suggest').set('Origin', ALLOWED);
    expect(corsHeaders(preflight.headers)).toEqual([]);
  });
});
