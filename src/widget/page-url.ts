/**
 * Page mode keeps the query in the address bar (`?q=`) so results can be linked and back/forward
 * work. Pure URL arithmetic; the box decides when to push or replace history entries.
 */

export const QUERY_PARAM = 'q';

/** The `q` parameter of `href`, trimmed ('' when absent). */
export function readQueryParam(href: string): string {
  return (new URL(href).searchParams.get(QUERY_PARAM) ?? '').trim();
}

/** `href` with `q` set to `query`, or removed when the query is blank; other parameters and the hash stay. */
export function withQueryParam(href: string, query: string): string {
  const url = new URL(href);
  const trimmed = query.trim();
  if (trimmed === '') url.searchParams.delete(QUERY_PARAM);
  else url.searchParams.set(QUERY_PARAM, trimmed);
  return url.href;
}

/** Typing that pauses less than this long updates the current history entry instead of adding one. */
export const HISTORY_COALESCE_MS = 1000;

/** Whether a URL change made `sinceLastMs` after the previous one should add a history entry. */
export function shouldPushHistory(sinceLastMs: number): boolean {
  return sinceLastMs >= HISTORY_COALESCE_MS;
}
