/**
 * CORS for the search box embedded on other sites: an `Origin` on the configured allow-list gets
 * `Access-Control-Allow-Origin: <origin>` (never `*`), and preflights are answered. Any other origin
 * gets no CORS header, so its pages cannot read the answers. Only GET is ever allowed.
 */
import type { RequestHandler } from 'express';

export interface CorsOptions {
  /** Allowed origins (`https://blog.example.com`), as config validated them; empty: same origin only. */
  origins: readonly string[];
}

/** How long a browser may reuse a preflight answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * Middleware for the routes other sites may call. Answers OPTIONS itself (204) for any origin;
 * only an allowed origin's preflight carries the CORS headers that let the real request through.
 */
export function createCors(options: CorsOptions): RequestHandler {
  const allowed = new Set(options.origins);
  return (req, res, next) => {
    // The answer depends on Origin whenever some origin may get CORS headers: caches must key on it.
    if (allowed.size > 0) res.vary('Origin');
    const origin = req.get('Origin');
    const isAllowed = origin !== undefined && allowed.has(origin);
    if (isAllowed) res.set('Access-Control-Allow-Origin', origin);
    if (req.method !== 'OPTIONS') {
      next();
      return;
    }
    res.set('Allow', 'GET, HEAD, OPTIONS');
    if (isAllowed) {
      res.set({
        'Access-Control-Allow-Methods': 'GET',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE_SECONDS),
      });
    }
    res.status(204).end();
  };
}
