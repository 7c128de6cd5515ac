/**
 * The one spawned smoke test: the real `zhsearch` process (run from source with tsx) builds,
 * searches, serves on a free port, answers HTTP, reloads on SIGHUP, and stops cleanly on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHealth, ApiSearchResponse } from '../../src/api/contract.js';
import { waitUntil } from '../helpers/request-loop.js';
import { REPO_ROOT, SAMPLE_POSTS_DIR, makeTempDir } from '../helpers/sample-index.js';

const CLI_ENTRY = path.join(REPO_ROOT, 'src', 'cli', 'main.ts');
const STEP_TIMEOUT_MS = 30_000;

interface Spawned {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal) or rejects after `timeoutMs`. */
  exited(timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first match of `pattern` in stdout, or rejects after `timeoutMs` or on exit. */
  waitForStdout(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

const children = new Set<ChildProcess>();
let tmp: string;

/** The environment without anything that would change the config under test. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('ZHSEARCH_') || key === 'PORT' || key === 'HOST') continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', CI: '1' };
}

function spawnCli(args: string[]): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args], {
    cwd: REPO_ROOT,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  const describeState = (): string => `stdout: ${out}\nstderr: ${err}`;
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited: (timeoutMs) =>
      withTimeout(exit, timeoutMs, () => `zhsearch ${args.join(' ')} did not exit in ${timeoutMs} ms\n${describeState()}`),
    waitForStdout: (pattern, timeoutMs) =>
      withTimeout(
        new Promise<RegExpExecArray>((resolve, reject) => {
          const check = (): void => {
            const match = pattern.exec(out);
            if (match !== null) {
              child.stdout!.off('data', check);
              resolve(match);
            }
          };
          child.stdout!.on('data', check);
          void exit.then(({ code }) => reject(new Error(`zhsearch exited (${code}) before printing ${pattern}\n${describeState()}`)));
          check();
        }),
        timeoutMs,
        () => `zhsearch ${args.join(' ')} did not print ${pattern} in ${timeoutMs} ms\n${describeState()}`,
      ),
  };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message())), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  tmp = await makeTempDir('zhsearch-smoke-');
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await rm(tmp, { recursive: true, force: true });
});

describe('the zhsearch process', () => {
  it('builds, searches, serves /api/search and /healthz on port 0, reloads on SIGHUP, and exits 0 on SIGTERM', { timeout: 120_000 }, async () => {
    const index = path.join(tmp, 'index');

    const build = spawnCli(['build', '--input', SAMPLE_POSTS_DIR, '--index', index]);
    expect((await build.exited(STEP_TIMEOUT_MS)).code, build.stderr()).toBe(0);
    expect(build.stdout()).toContain('indexed 5 posts');

    const search = spawnCli(['search', '核酸检测', '--index', index, '--json']);
    expect((await search.exited(STEP_TIMEOUT_MS)).code, search.stderr()).toBe(0);
    const searched = JSON.parse(search.stdout()) as ApiSearchResponse;
    expect(searched.total).toBe(5);
    expect(searched.hits).toHaveLength(5);

    const serve = spawnCli(['serve', '--index', index, '--port', '0']);
    const [, url] = await serve.waitForStdout(/zhsearch is serving .* at (http:\/\/127\.0\.0\.1:\d+\/)\n/, STEP_TIMEOUT_MS);
    expect(url).not.toMatch(/:0\/$/);

    const api = await getJson<ApiSearchResponse>(`${url}api/search?q=${encodeURIComponent('核酸检测')}`);
    expect(api.status).toBe(200);
    expect(api.body.total).toBe(5);
    expect(api.body.hits).toHaveLength(5);
    for (const hit of api.body.hits) expect(hit.snippetHtml).toContain('<mark>核酸检测</mark>');

    const health = await getJson<ApiHealth>(`${url}healthz`);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', docCount: 5 });

    // SIGHUP reloads (the same generation, loaded again) instead of ending the process.
    serve.child.kill('SIGHUP');
    await waitUntil(
      'the SIGHUP reload is served',
      async () => (await getJson<ApiHealth>(`${url}healthz`)).body.loadedAt !== health.body.loadedAt,
      STEP_TIMEOUT_MS,
    );
    expect((await getJson<ApiHealth>(`${url}healthz`)).body).toMatchObject({ generation: health.body.generation });

    serve.child.kill('SIGTERM');
    const exit = await serve.exited(STEP_TIMEOUT_MS);
    expect(exit, serve.stderr()).toEqual({ code: 0, signal: null });
    expect(serve.stdout()).toContain('zhsearch stopped');
  });
});
