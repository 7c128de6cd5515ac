/**
 * GET /healthz, the 503s while there is no index, and the error contract: every error is
 * `{error: {code, message}}` with no stack trace or local path.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineHolder, ZhsearchError, type Engine, type Logger } from '../../src/index.js';
import { createApp } from '../../src/server/app.js';
import { expectErrorResponse } from '../helpers/http-assertions.js';
import { MAX_QUERY_CHARS, createSampleIndex, type TestIndex } from '../helpers/sample-index.js';

let sample: TestIndex;
let builtAfterMs: number;

beforeAll(async () => {
  builtAfterMs = Date.now();
  sample = await createSampleIndex();
});

afterAll(async () => {
  await sample?.cleanup();
});

/** A holder whose engine lookup fails with `error`, standing in for faults deep in a request. */
class FailingHolder extends EngineHolder {
  constructor(private readonly error: unknown) {
    super(null);
  }

  override get(): Engine {
    throw this.error;
  }
}

function recordingLogger(): Logger & { errors: Array<{ obj: Record<string, unknown>; msg?: string }> } {
  const errors: Array<{ obj: Record<string, unknown>; msg?: string }> = [];
  const noop = (): void => undefined;
  return {
    errors,
    debug: noop,
    info: noop,
    warn: noop,
    error: (obj, msg) => {
      errors.push(msg === undefined ? { obj } : { obj, msg });
    },
  };
}

describe('GET /healthz', () => {
  it('reports status ok, the document count and when the index was built', async () => {
    const res = await request(sample.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ status: 'ok', docCount: 5 });
    const builtAtMs = Date.parse(res.body.builtAt as string);
    expect(builtAtMs).toBeGreaterThanOrEqual(builtAfterMs - 1000);
    expect(builtAtMs).toBeLessThanOrEqual(Date.now());
  });

  it('answers 503 INDEX_NOT_FOUND while the holder has no engine', async () => {
    const app = createApp(new EngineHolder(null), { maxQueryChars: MAX_QUERY_CHARS });
    expectErrorResponse(await request(app).get('/healthz'), 503, 'INDEX_NOT_FOUND');
  });

  it('turns healthy once an engine is set on the holder, without a new app', async () => {
    const holder = new EngineHolder(null);
    const app = createApp(holder, { maxQueryChars: MAX_QUERY_CHARS });
    expect((await request(app).get('/healthz')).status).toBe(503);
    holder.set(sample.engine);
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.docCount).toBe(5);
  });
});

describe('without an index', () => {
  const app = createApp(new EngineHolder(null), { maxQueryChars: MAX_QUERY_CHARS });

  it.each(['/api/search?q=%E6%A0%B8%E9%85%B8%E6%A3%80%E6%B5%8B', `/api/posts/000_440605a35e19eb79`, '/posts/000_440605a35e19eb79'])(
    'answers 503 INDEX_NOT_FOUND for %s',
    async (url) => {
      expectErrorResponse(await request(app).get(url), 503, 'INDEX_NOT_FOUND');
    },
  );

  it('still serves the search page, whose box reports the 503', async () => {
    const res = await request(app).get('/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<div data-zhsearch');
  });

  it('answers /api/suggest with 503 INDEX_NOT_FOUND', async () => {
    expectErrorResponse(await request(app).get('/api/suggest').query({ q: '核酸' }), 503, 'INDEX_NOT_FOUND');
  });
});

describe('error responses', () => {
  it.each([
    ['GET', '/nope'],
    ['GET', '/api/nope'],
    ['GET', '/api/posts/'],
    ['POST', '/api/search?q=x'],
    ['DELETE', '/api/posts/000_440605a35e19eb79'],
  ] as const)('answers 404 NOT_FOUND JSON for the unknown route %s %s', async (method, url) => {
    const agent = request(sample.app);
    const res = await (method === 'GET' ? agent.get(url) : method === 'POST' ? agent.post(url) : agent.delete(url));
    expectErrorResponse(res, 404, 'NOT_FOUND');
  });

  it.each(['/api/posts/%E0%A4%A', '/posts/%E0%A4%A', '/api/posts/%'])(
    'answers 400 INVALID_PARAMS, not 500, for the malformed percent-encoding %s',
    async (url) => {
      expectErrorResponse(await request(sample.app).get(url), 400, 'INVALID_PARAMS');
    },
  );

  it('answers 500 INTERNAL with a generic message for an unexpected error, and logs the details', async () => {
    const logger = recordingLogger();
    const boom = new Error(`cannot open ${sample.dir}/index/gen-000001/documents.json`);
    const app = createApp(new FailingHolder(boom), { maxQueryChars: MAX_QUERY_CHARS, logger });
    const res = await request(app).get('/healthz');
    expectErrorResponse(res, 500, 'INTERNAL');
    expect(res.text).not.toContain('documents.json');
    expect(logger.errors).toHaveLength(1);
    expect(JSON.stringify(logger.errors[0])).toContain('documents.json');
  });

  it('answers 503 INDEX_CORRUPT without the index path in the message', async () => {
    const corrupt = new ZhsearchError('INDEX_CORRUPT', `The index file ${sample.dir}/index/gen-000001/words.json is not valid JSON.`);
    const app = createApp(new FailingHolder(corrupt), { maxQueryChars: MAX_QUERY_CHARS });
    const res = await request(app).get('/api/search?q=x');
    expectErrorResponse(res, 503, 'INDEX_CORRUPT');
    expect(res.text).not.toContain('words.json');
  });

  it('answers 503 INDEX_INCOMPATIBLE without the rebuild command and its paths', async () => {
    const incompatible = new ZhsearchError(
      'INDEX_INCOMPATIBLE',
      `The index was built by another analyzer. Run zhsearch build --input ${sample.input} --index ${sample.dir}/index`,
    );
    const app = createApp(new FailingHolder(incompatible), { maxQueryChars: MAX_QUERY_CHARS });
    expectErrorResponse(await request(app).get('/healthz'), 503, 'INDEX_INCOMPATIBLE');
  });

  it('never sends the message of a 5xx library error that has no public wording, since it may hold paths', async () => {
    const logger = recordingLogger();
    const failure = new ZhsearchError('INDEX_WRITE_FAILED', `Cannot write ${sample.dir}/index/CURRENT.`);
    const app = createApp(new FailingHolder(failure), { maxQueryChars: MAX_QUERY_CHARS, logger });
    const res = await request(app).get('/healthz');
    expect(res.status).toBe(500);
    expectErrorResponse(res, 500, 'INDEX_WRITE_FAILED');
    expect(res.text).not.toContain('CURRENT');
    expect(JSON.stringify(logger.errors)).toContain('CURRENT');
  });

  it('sets nosniff on every response, errors included', async () => {
    expect((await request(sample.app).get('/nope')).headers['x-content-type-options']).toBe('nosniff');
    expect((await request(sample.app).get('/healthz')).headers['x-content-type-options']).toBe('nosniff');
  });
});
