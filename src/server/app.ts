/**
 * createApp: the express application over an EngineHolder. It never listens (main.ts does),
 * so tests drive it in-process with supertest.
 */
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { EngineHolder } from '../engine.js';
import { silentLogger, type Logger } from '../logger.js';
import { createCors } from './cors.js';
import { createErrorHandler, notFoundHandler } from './error-handler.js';
import { createApiRouter } from './routes/api.js';
import { createPageRouter } from './routes/pages.js';
import { createWidgetRouter } from './routes/widget.js';

/** dist/widget/ of this package, where the box's esbuild script writes widget.js and widget.css (same path from src/server and dist/server). */
export const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../../dist/widget/', import.meta.url));

export interface AppOptions {
  logger?: Logger;
  /** Longest accepted query, in characters. */
  maxQueryChars?: number;
  /** Origins whose pages may call /api/* (CORS), as validated by the config; default none (same origin only). */
  corsOrigins?: readonly string[];
  /** Folder holding the search box bundle (widget.js, widget.css); default DEFAULT_WIDGET_DIR. */
  widgetDir?: string;
}

/**
 * @example
 * const app = createApp(new EngineHolder(await openEngine(config)), { maxQueryChars: 256, corsOrigins: config.corsOrigins });
 * app.listen(3000);
 */
export function createApp(holder: EngineHolder, options: AppOptions = {}): Express {
  const logger = options.logger ?? silentLogger;
  const maxQueryChars = options.maxQueryChars ?? 256;
  const app = express();
  app.disable('x-powered-by');
  // `<`, `>` and `&` in JSON become \u003c …, so no body carries raw markup but the <mark>s.
  app.set('json escape', true);
  app.set('json spaces', 0);
  app.use((_req, res, next) => {
    res.set('X-Content-Type-Options', 'nosniff');
    next();
  });
  // Before the routes, so errors and 404s of these paths carry the CORS headers too (the box reads them).
  app.use(['/api', '/widget.js', '/widget.css'], createCors({ origins: options.corsOrigins ?? [] }));
  app.use(createApiRouter(holder, { maxQueryChars }));
  app.use(createWidgetRouter({ widgetDir: options.widgetDir ?? DEFAULT_WIDGET_DIR }));
  app.use(createPageRouter(holder, { maxQueryChars }));
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
