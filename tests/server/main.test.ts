/**
 * startServer: listens on the configured host and port (0 = any free port), serves 503s while
 * there is no index, fails when the port is taken, and closes.
 */
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/index.js';
import { startServer, type RunningServer } from '../../src/server/main.js';
import { createSampleIndex, type TestIndex } from '../helpers/sample-index.js';

let sample: TestIndex;
const running: RunningServer[] = [];

beforeAll(async () => {
  sample = await createSampleIndex();
});

afterAll(async () => {
  await Promise.all(running.map((server) => server.close()));
  await sample?.cleanup();
});

function recordingLogger(): Logger & { errors: Array<Record<string, unknown>> } {
  const errors: Array<Record<string, unknown>> = [];
  const noop = (): void => undefined;
  return { errors, debug: noop, info: noop, warn: noop, error: (obj) => void errors.push(obj) };
}

async function start(overrides: Partial<TestIndex['config']>, logger: Logger = recordingLogger()): Promise<RunningServer> {
  const server = await startServer({ ...sample.config, port: 0, ...overrides }, logger);
  running.push(server);
  return server;
}

async function getStatus(url: string): Promise<number> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  return res.status;
}

describe('startServer', () => {
  it('listens on a free port for port 0 and prints that port in its url', async () => {
    const server = await start({});
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.url).not.toContain(':0/');
    expect(await getStatus(`${server.url}healthz`)).toBe(200);
  });

  it('lets the configured corsOrigins read the API', async () => {
    const server = await start({ corsOrigins: ['https://blog.example.com'] });
    const res = await fetch(`${server.url}api/suggest?q=${encodeURIComponent('核酸')}`, {
      headers: { Origin: 'https://blog.example.com' },
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    expect(res.headers.get('access-control-allow-origin')).toBe('https://blog.example.com');
  });

  it('serves 503 INDEX_NOT_FOUND and logs the reason when the index is missing', async () => {
    const logger = recordingLogger();
    const server = await start({ index: path.join(sample.dir, 'missing-index') }, logger);
    expect(await getStatus(`${server.url}healthz`)).toBe(503);
    expect(logger.errors.map((entry) => entry.code)).toContain('INDEX_NOT_FOUND');
  });

  it('rejects instead of claiming to serve when the port is already taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      await expect(start({ port })).rejects.toMatchObject({ code: 'LISTEN_FAILED', message: expect.stringContaining('EADDRINUSE') });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('stops accepting connections once closed', async () => {
    const server = await startServer({ ...sample.config, port: 0 }, recordingLogger());
    expect(await getStatus(`${server.url}healthz`)).toBe(200);
    await server.close();
    await expect(getStatus(`${server.url}healthz`)).rejects.toThrow();
  });
});
