/**
 * createApp: the express application over an EngineHolder. It never listens (main.ts does),
 * so tests drive it in-process with supertest.
 */
import express, { type Express } from 'express';
import type { EngineHolder } from '../engine.js';
import { silentLogger, type Logger } from '../logger.js';
import { createErrorHandler, notFoundHandler } from './error-handler.js';
import { createApiRouter } from './routes/api.js';
import { createPageRouter } from './routes/pages.js';

export interface AppOptions {
  logger?: Logger;
  /** Longest accepted query, in characters. */
  maxQueryChars?: number;
}

/**
 * @example
 * const app = createApp(new EngineHolder(await openEngine(config)), { maxQueryChars: 256 });
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
  app.use(createApiRouter(holder, { maxQueryChars }));
  app.use(createPageRouter(holder, { maxQueryChars }));
  app.use(notFoundHandler);
  app.use(createErrorHandler(logger));
  return app;
}
