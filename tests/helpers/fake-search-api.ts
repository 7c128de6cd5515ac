/**
 * A fake zhsearch HTTP API for the box's real-browser tests: two node:http servers on 127.0.0.1
 * (port 0) — the API origin (dist/widget files, /api/search, /api/suggest, landing pages for followed
 * links) and a page origin (test pages, strict CSP by default), so the box always runs cross-origin.
 * Each test sets per-query behaviour and reads the recorded requests; nothing here knows the engine.
 */
import { EventEmitter } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiSuggestion } from '../../src/api/contract.js';
import type { WidgetBundle } from './widget-bundle.js';
import { DEFAULT_TOTAL, FAILURES, defaultSuggestions, escapeHtml, hitFor, maliciousHits, type FailureKind } from './fake-search-data.js';
import { pageCss, renderTestPage, type TestPageOptions } from './fake-search-pages.js';

export type { FailureKind } from './fake-search-data.js';
export type { TestPageOptions } from './fake-search-pages.js';

/** What the API does for one query; every field is optional. */
export interface Behaviour {
  /** Matching posts (default 25); 0 is the empty state. */
  total?: number;
  /** Answer after this long (default at once). */
  delayMs?: number;
  /** The first `times` searches of the first page (`on: 'first'`, default) or of later pages fail. */
  fail?: { times: number; kind: FailureKind; on?: 'first' | 'next' };
  /** Hits whose highlights carry scripts and markup, and whose urls are javascript:, data: or vbscript:. */
  malicious?: boolean;
  /** Suggestions (default: three derived from the query). */
  suggestions?: ApiSuggestion[];
  /** /api/suggest answers 503. */
  suggestFails?: boolean;
}

/** One request as the server saw it. */
export interface RecordedRequest {
  origin: 'api' | 'page';
  path: string;
  /** `q` of /api/* requests, else null. */
  q: string | null;
  offset: number;
  limit: number | null;
  /** The client closed the connection before the answer was sent (an aborted fetch). */
  aborted: boolean;
}

/** Answers for a held query wait until release(); it resolves once they are sent or dropped. */
export interface Gate {
  release(): Promise<void>;
}

export interface FakeSearchApi {
  /** `http://127.0.0.1:<port>`: widget.js, widget.css and /api/*. */
  readonly apiOrigin: string;
  /** Another origin serving the test pages. */
  readonly pageOrigin: string;
  readonly requests: readonly RecordedRequest[];
  /** A new test page on the page origin; returns its URL. */
  page(options?: TestPageOptions): string;
  /** Sets how requests with exactly this `q` are answered (default: DEFAULT_TOTAL hits, three suggestions). */
  respond(q: string, behaviour: Behaviour): void;
  /** Holds the answers to requests for `q` arriving from now on, until the gate is released. */
  hold(q: string): Gate;
  /** The /api/search (or /api/suggest) requests, optionally only those for `q`. */
  searches(q?: string, path?: '/api/search' | '/api/suggest'): RecordedRequest[];
  /** Resolves with the first recorded request (past or future) matching `predicate`. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

const LANDING = (where: string): string =>
  `<!doctype html><html lang="en"><title>landed</title><p id="landed">${escapeHtml(where)}</p>`;

async function listen(handler: http.RequestListener): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Starts both servers, serving `widget` (see loadWidgetBundle) as /widget.js and /widget.css. */
export async function startFakeSearchApi(widget: WidgetBundle): Promise<FakeSearchApi> {
  const requests: RecordedRequest[] = [];
  const events = new EventEmitter();
  const behaviours = new Map<string, Behaviour>();
  const failuresSent = new Map<string, number>();
  const gates = new Map<string, { opened: Promise<void>; open(): void; pending: Set<Promise<void>> }>();
  const pages = new Map<string, { html: string; csp: string | null }>();
  let pageCount = 0;

  const record = (entry: RecordedRequest): RecordedRequest => {
    requests.push(entry);
    events.emit('request', entry);
    return entry;
  };

  async function answerApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL, q: string): Promise<void> {
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : null;
    const entry = record({ origin: 'api', path: url.pathname, q, offset, limit, aborted: false });
    let droppedByServer = false;
    res.on('close', () => {
      if (!res.writableFinished && !droppedByServer) entry.aborted = true;
    });
    const behaviour = behaviours.get(q) ?? {};
    if (behaviour.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    await gates.get(q)?.opened;
    if (res.destroyed) return;
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/suggest') {
      if (behaviour.suggestFails === true) return send(503, { error: { code: 'INDEX_NOT_FOUND', message: 'fake' } });
      return send(200, { query: q, suggestions: behaviour.suggestions ?? defaultSuggestions(q) });
    }
    const page = offset > 0 ? 'next' : 'first';
    const fail = behaviour.fail;
    const failKey = `${q}|${page}`;
    if (fail !== undefined && (fail.on ?? 'first') === page && (failuresSent.get(failKey) ?? 0) < fail.times) {
      failuresSent.set(failKey, (failuresSent.get(failKey) ?? 0) + 1);
      if (fail.kind === 'network') {
        droppedByServer = true;
        req.socket.destroy();
        return;
      }
      const [status, code] = FAILURES[fail.kind];
      return send(status, { error: { code, message: `fake ${code}` } });
    }
    const total = behaviour.total ?? DEFAULT_TOTAL;
    const all = behaviour.malicious === true ? maliciousHits(q) : Array.from({ length: total }, (_, i) => hitFor(q, i));
    const hits = all.slice(offset, offset + (limit ?? 10));
    send(200, { query: q, total: all.length, tookMs: 1, hits });
  }

  const api = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    // One connection per request: a dropped connection is then never retried by the browser.
    res.setHeader('Connection', 'close');
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cache-Control', 'no-store');
    if (url.pathname === '/api/search' || url.pathname === '/api/suggest') {
      const q = url.searchParams.get('q') ?? '';
      const gate = gates.get(q);
      const answered = answerApi(req, res, url, q);
      gate?.pending.add(answered);
      return;
    }
    record({ origin: 'api', path: url.pathname, q: null, offset: 0, limit: null, aborted: false });
    if (url.pathname === '/widget.js' || url.pathname === '/widget.css') {
      const isJs = url.pathname === '/widget.js';
      res.writeHead(200, { 'Content-Type': isJs ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8' });
      return res.end(isJs ? widget.js : widget.css);
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(LANDING(url.pathname + url.search));
  });

  const site = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    record({ origin: 'page', path: url.pathname, q: null, offset: 0, limit: null, aborted: false });
    const page = pages.get(url.pathname);
    if (url.pathname === '/page.css') {
      res.writeHead(200, { 'Content-Type': 'text/css; charset=utf-8' });
      return res.end(pageCss);
    }
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
    if (page === undefined) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(LANDING(url.pathname + url.search));
    }
    const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
    if (page.csp !== null) headers['Content-Security-Policy'] = page.csp;
    res.writeHead(200, headers);
    res.end(page.html);
  });

  const releaseAll = async (): Promise<void> => {
    const open = [...gates.values()];
    gates.clear();
    for (const gate of open) gate.open();
    await Promise.all(open.flatMap((gate) => [...gate.pending]));
  };

  return {
    apiOrigin: api.origin,
    pageOrigin: site.origin,
    requests,
    page(options = {}) {
      const path = `/${options.mode ?? 'inline'}-${++pageCount}.html`;
      pages.set(path, renderTestPage(options, api.origin, site.origin));
      return site.origin + path;
    },
    respond: (q, behaviour) => void behaviours.set(q, behaviour),
    hold(q) {
      let open = (): void => undefined;
      const opened = new Promise<void>((resolve) => (open = resolve));
      const gate = { opened, open, pending: new Set<Promise<void>>() };
      gates.set(q, gate);
      return {
        async release() {
          if (gates.get(q) === gate) gates.delete(q);
          gate.open();
          await Promise.all(gate.pending);
        },
      };
    },
    searches: (q, path = '/api/search') => requests.filter((r) => r.path === path && (q === undefined || r.q === q)),
    waitForRequest(predicate, timeoutMs = 5000) {
      const seen = requests.find(predicate);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('request', listener);
          reject(new Error(`no matching request within ${timeoutMs} ms; saw ${JSON.stringify(requests)}`));
        }, timeoutMs);
        const listener = (entry: RecordedRequest): void => {
          if (!predicate(entry)) return;
          clearTimeout(timer);
          events.off('request', listener);
          resolve(entry);
        };
        events.on('request', listener);
      });
    },
    async close() {
      await releaseAll();
      for (const { server } of [api, site]) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    },
  };
}
