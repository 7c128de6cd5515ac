/**
 * JSON wire types of the HTTP API, shared by the server and the browser box. Types only:
 * the widget imports this file with `import type`, so nothing here may run.
 */

/** GET /api/search hit. Every field is always present (null when unknown, [] when empty). */
export interface ApiHit {
  id: string;
  title: string;
  /** Escaped title; the only markup is `<mark>`. */
  titleHtml: string;
  /** Escaped snippet; the only markup is `<mark>`; `…` where cut. */
  snippetHtml: string;
  score: number;
  /** ISO 8601 UTC, or null. */
  date: string | null;
  categories: string[];
  tags: string[];
  author: string | null;
  url: string;
}

/** GET /api/search?q=&limit=&offset=&category=&sort= */
export interface ApiSearchResponse {
  query: string;
  /** Exact number of matching posts. */
  total: number;
  tookMs: number;
  hits: ApiHit[];
}

/** GET /api/posts/:id */
export interface ApiPost {
  id: string;
  title: string;
  date: string | null;
  categories: string[];
  tags: string[];
  author: string | null;
  url: string;
  text: string;
}

/** GET /healthz */
export interface ApiHealth {
  status: 'ok';
  docCount: number;
  /** When the served generation was built (ISO 8601). */
  builtAt: string;
  /** The served generation (index/gen-NNNNNN); it changes when the service swaps in a new build. */
  generation: number;
  /** When this process finished loading the served generation (ISO 8601). */
  loadedAt: string;
}

export type ApiErrorCode =
  | 'INVALID_PARAMS'
  | 'QUERY_TOO_LONG'
  | 'NOT_FOUND'
  | 'INDEX_NOT_FOUND'
  | 'INDEX_INCOMPATIBLE'
  | 'INDEX_CORRUPT'
  | 'WIDGET_NOT_BUILT'
  | 'INTERNAL';

/** Body of every error response. */
export interface ApiError {
  error: { code: ApiErrorCode | string; message: string };
}

/** One suggestion of GET /api/suggest. */
export interface ApiSuggestion {
  /** What to search for (a title, a word or a frequent word sequence), in Chinese. */
  text: string;
  /** `title`: a post title (with `id`); `term`: an indexed word or word sequence; `pinyin`: a word matched by its pinyin. */
  kind: 'title' | 'term' | 'pinyin';
  /** The post, for `title` suggestions. */
  id?: string;
}

/** GET /api/suggest?q=&limit= */
export interface ApiSuggestResponse {
  query: string;
  suggestions: ApiSuggestion[];
}
