/**
 * Assertions on HTTP responses shared by the server tests: the error body shape, and "no markup
 * but <mark>" for highlight HTML.
 */
import os from 'node:os';
import { expect } from 'vitest';
import type { Response } from 'supertest';

/** Every field of a search hit, in the contract's order. */
export const HIT_FIELDS = [
  'id',
  'title',
  'titleHtml',
  'snippetHtml',
  'score',
  'date',
  'categories',
  'tags',
  'author',
  'url',
] as const;

/** Every field of GET /api/posts/:id. */
export const POST_FIELDS = ['id', 'title', 'date', 'categories', 'tags', 'author', 'url', 'text'] as const;

/** Asserts `res` is the JSON error `{error: {code, message}}` with this status and code, leaking nothing. */
export function expectErrorResponse(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: (res.body as { error?: { code?: unknown } }).error?.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body as object)).toEqual(['error']);
  const error = (res.body as { error: Record<string, unknown> }).error;
  expect(Object.keys(error).sort()).toEqual(['code', 'message']);
  expect(typeof error.message).toBe('string');
  expect(error.message).not.toBe('');
  expectNoLeaks(res.text);
}

/** No stack trace lines and no local paths in a response body. */
export function expectNoLeaks(text: string): void {
  expect(text).not.toContain('/tmp');
  expect(text).not.toContain(os.tmpdir());
  if (process.cwd() !== '/') expect(text).not.toContain(process.cwd());
  expect(text).not.toContain('node_modules');
  expect(text).not.toMatch(/\bat \S+ \(|\n\s+at /);
  expect(text).not.toMatch(/\.(ts|js):\d+/);
}

/**
 * Asserts `html` is escaped text whose only markup is flat, balanced <mark>…</mark> pairs.
 * Returns the text between the marks.
 */
export function expectOnlyMarkMarkup(html: string): string[] {
  const marked: string[] = [];
  const rest = html.replace(/<mark>([^<>]*)<\/mark>/g, (_m, inner: string) => {
    marked.push(inner);
    return '';
  });
  expect(rest, `markup other than <mark> in ${JSON.stringify(html)}`).not.toMatch(/[<>]/);
  // Every & starts an entity: raw text never leaks through unescaped.
  expect(html.replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toContain('&');
  return marked;
}
