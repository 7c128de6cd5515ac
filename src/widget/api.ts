/**
 * The box's two requests, GET {endpoint}/api/search and /api/suggest, with an AbortSignal each,
 * and the mapping of failures to what the user is told. Talks HTTP only: the query goes out as
 * typed (trimmed); segmentation and normalization are the server's.
 */
import type { ApiError, ApiSearchResponse, ApiSuggestResponse } from '../api/contract.js';
import type { ErrorKind } from './i18n.js';

/** The slice of fetch the box uses (injectable in tests). */
export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string>; credentials: 'omit'; mode: 'cors' },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

/** A failed request: `status` 0 and code `NETWORK` when no answer came, `BAD_RESPONSE` for an unexpected body. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** Base URL without trailing slashes; '' means the page's own origin. */
export function normalizeEndpoint(endpoint: string): string {
  return endpoint.trim().replace(/\/+$/, '');
}

/**
 * @example apiUrl('https://s.example', '/api/search', { q: '核酸', limit: 10 })
 * // 'https://s.example/api/search?q=%E6%A0%B8%E9%85%B8&limit=10'
 */
export function apiUrl(endpoint: string, path: string, params: Record<string, string | number>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) search.set(key, String(value));
  return `${normalizeEndpoint(endpoint)}${path}?${search.toString()}`;
}

/** What the user is told for a failure (abort errors are never shown and never reach here). */
export function errorKind(error: unknown): ErrorKind {
  if (!(error instanceof RequestError)) return 'generic';
  if (error.code === 'NETWORK') return 'network';
  if (error.code === 'QUERY_TOO_LONG') return 'tooLong';
  if (error.status === 503 || error.code.startsWith('INDEX_')) return 'unavailable';
  return 'generic';
}

/** True for the rejection of a request whose signal was aborted (a newer query replaced it). */
export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && error.name === 'AbortError');
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

async function getJson(url: string, signal: AbortSignal, fetchImpl: FetchLike): Promise<unknown> {
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetchImpl(url, { signal, headers: { Accept: 'application/json' }, credentials: 'omit', mode: 'cors' });
  } catch (error) {
    if (isAbort(error, signal)) throw error;
    throw new RequestError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch (error) {
    if (isAbort(error, signal)) throw error;
    body = null;
  }
  if (!response.ok) {
    const failure = isRecord(body) && isRecord(body.error) ? (body as unknown as ApiError).error : null;
    throw new RequestError(response.status, failure?.code ?? `HTTP_${response.status}`, failure?.message ?? `HTTP ${response.status}`);
  }
  return body;
}

const defaultFetch: FetchLike = (url, init) => fetch(url, init);

export async function fetchSearch(
  endpoint: string,
  params: { q: string; limit: number; offset: number },
  signal: AbortSignal,
  fetchImpl: FetchLike = defaultFetch,
): Promise<ApiSearchResponse> {
  const body = await getJson(apiUrl(endpoint, '/api/search', params), signal, fetchImpl);
  if (!isRecord(body) || !Array.isArray(body.hits) || typeof body.total !== 'number') {
    throw new RequestError(200, 'BAD_RESPONSE', 'search response without hits and total');
  }
  return body as unknown as ApiSearchResponse;
}

export async function fetchSuggest(
  endpoint: string,
  params: { q: string; limit: number },
  signal: AbortSignal,
  fetchImpl: FetchLike = defaultFetch,
): Promise<ApiSuggestResponse> {
  const body = await getJson(apiUrl(endpoint, '/api/suggest', params), signal, fetchImpl);
  if (!isRecord(body) || !Array.isArray(body.suggestions)) {
    throw new RequestError(200, 'BAD_RESPONSE', 'suggest response without suggestions');
  }
  return body as unknown as ApiSuggestResponse;
}
