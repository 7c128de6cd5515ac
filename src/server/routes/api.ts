/**
 * JSON routes: /api/search, /api/suggest, /api/posts/:id, /healthz. Thin: validate, call the searcher, shape
 * the wire types of api/contract.ts. Each handler takes the engine once (`holder.get()`), so a reload
 * that swaps the engine mid-request cannot mix two generations in one answer.
 */
import { Router } from 'express';
import type { ApiHealth, ApiPost, ApiSearchResponse, ApiSuggestResponse } from '../../api/contract.js';
import type { EngineHolder } from '../../engine.js';
import { ZhsearchError } from '../../errors.js';
import { parseSearchParams, parseSuggestParams } from '../validate.js';

export interface ApiRouteOptions {
  maxQueryChars: number;
}

export function createApiRouter(holder: EngineHolder, options: ApiRouteOptions): Router {
  const router = Router();

  router.get('/api/search', (req, res) => {
    const params = parseSearchParams(req.query as Record<string, unknown>, options.maxQueryChars);
    const engine = holder.get();
    const started = performance.now();
    const result = engine.searcher.search({
      q: params.q,
      limit: params.limit,
      offset: params.offset,
      category: params.category ?? null,
      sort: params.sort,
    });
    const body: ApiSearchResponse = {
      query: result.query,
      total: result.total,
      tookMs: Math.round((performance.now() - started) * 1000) / 1000,
      hits: result.hits,
    };
    res.json(body);
  });

  router.get('/api/suggest', (req, res) => {
    const params = parseSuggestParams(req.query as Record<string, unknown>, options.maxQueryChars);
    const body: ApiSuggestResponse = {
      query: params.q,
      suggestions: holder.get().suggester.suggest(params.q, params.limit),
    };
    res.json(body);
  });

  router.get('/api/posts/:id', (req, res) => {
    const engine = holder.get();
    const doc = engine.searcher.getDocument(req.params.id);
    if (doc === null) throw new ZhsearchError('NOT_FOUND', 'No post with this id.');
    const body: ApiPost = {
      id: doc.id,
      title: doc.title,
      date: doc.date,
      categories: doc.categories,
      tags: doc.tags,
      author: doc.author,
      url: engine.searcher.urlFor(doc),
      text: doc.text,
    };
    res.json(body);
  });

  router.get('/healthz', (_req, res) => {
    const engine = holder.get();
    const body: ApiHealth = {
      status: 'ok',
      docCount: engine.index.docCount,
      builtAt: engine.manifest.builtAt,
      generation: engine.manifest.generation,
      loadedAt: engine.loadedAt,
    };
    res.json(body);
  });

  return router;
}
