/**
 * Starts the HTTP service: opens the engine (or serves 503s until an index exists), listens,
 * prints the URL, and shuts down gracefully on SIGTERM/SIGINT. With the CLI, the only code
 * that decides the process's fate.
 */
import type { Server } from 'node:http';
import pino from 'pino';
import type { Config } from '../config/schema.js';
import { EngineHolder, openEngine } from '../engine.js';
import { ZhsearchError, isZhsearchError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createApp } from './app.js';

export interface RunningServer {
  url: string;
  server: Server;
  holder: EngineHolder;
  close(): Promise<void>;
}

export function createServiceLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
}

/** Opens the index of `config` and listens on `config.host:config.port`. */
export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const holder = new EngineHolder(null);
  try {
    holder.set(await openEngine(config));
  } catch (error) {
    if (!isZhsearchError(error)) throw error;
    // Serve anyway: /healthz and the API answer 503 with the reason until an index exists.
    logger.error({ code: error.code }, error.message);
  }
  const app = createApp(holder, { logger, maxQueryChars: config.maxQueryChars, corsOrigins: config.corsOrigins });
  const server = await new Promise<Server>((resolve, reject) => {
    // express 5 also calls this callback with the listen error (EADDRINUSE, EACCES).
    const s = app.listen(config.port, config.host, (error?: Error) =>
      error === undefined
        ? resolve(s)
        : reject(
            new ZhsearchError('LISTEN_FAILED', `Cannot listen on ${config.host}:${config.port}: ${error.message}`, {
              cause: error,
            }),
          ),
    );
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  return { url: `http://${host}:${port}/`, server, holder, close };
}

/** Closes `running` on SIGTERM/SIGINT, letting in-flight requests finish. */
export function closeOnSignals(running: RunningServer, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'shutting down');
      const timer = setTimeout(() => {
        running.server.closeAllConnections();
      }, 10_000);
      timer.unref();
      void running.close().then(() => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        resolve();
      });
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
