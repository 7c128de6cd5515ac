/**
 * Starts the HTTP service: opens the engine (or serves 503s until an index exists), listens,
 * prints the URL, swaps in new index generations as builds finish (and on SIGHUP), and shuts
 * down gracefully on SIGTERM/SIGINT. With the CLI, the only code that decides the process's fate.
 */
import type { Server } from 'node:http';
import pino from 'pino';
import type { Config } from '../config/schema.js';
import { EngineHolder, createEngineReloader, openEngine, type EngineReloader, type EngineReloaderOptions } from '../index.js';
import { ZhsearchError, isZhsearchError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createApp } from './app.js';

export interface RunningServer {
  url: string;
  server: Server;
  holder: EngineHolder;
  /** Swaps new index generations into `holder`; closed by `close()`. */
  reloader: EngineReloader;
  close(): Promise<void>;
}

export interface StartServerOptions {
  /** How the reloader notices new generations (watch, poll interval); the logger is the server's. */
  reload?: Omit<EngineReloaderOptions, 'logger'>;
}

export function createServiceLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
}

/** Opens the index of `config`, listens on `config.host:config.port` and reloads new generations of it. */
export async function startServer(config: Config, logger: Logger, options: StartServerOptions = {}): Promise<RunningServer> {
  const holder = new EngineHolder(null);
  try {
    holder.set(await openEngine(config));
  } catch (error) {
    if (!isZhsearchError(error)) throw error;
    // Serve anyway: /healthz and the API answer 503 with the reason until an index exists.
    logger.error({ code: error.code }, error.message);
  }
  const app = createApp(holder, { logger, maxQueryChars: config.maxQueryChars, corsOrigins: config.corsOrigins });
  const reloader = createEngineReloader(holder, config, { ...options.reload, logger });
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
  }).catch(async (error: unknown) => {
    await reloader.close();
    throw error;
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const close = async (): Promise<void> => {
    await reloader.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  };
  return { url: `http://${host}:${port}/`, server, holder, reloader, close };
}

/**
 * Reloads the index on SIGHUP (`kill -HUP <pid>`), even when CURRENT names the generation already served.
 * Returns a function that removes the handler.
 */
export function reloadOnSighup(running: RunningServer, logger: Logger): () => void {
  const onHangup = (): void => {
    logger.info({ signal: 'SIGHUP' }, 'reloading the index');
    void running.reloader.reload('SIGHUP');
  };
  process.on('SIGHUP', onHangup);
  return () => {
    process.off('SIGHUP', onHangup);
  };
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
