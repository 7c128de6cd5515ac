/**
 * `zhsearch serve`: the HTTP service. With --auto-build it first (re)builds the index when it
 * is missing, older than the posts, or incompatible — what `npm start` uses. Once serving, it
 * swaps in every new generation a build writes, and reloads on SIGHUP.
 */
import { buildIndex, staleIndexReason, type Config } from '../../index.js';
import { closeOnSignals, createServiceLogger, reloadOnSighup, startServer } from '../../server/main.js';
import type { CliIo } from '../io.js';
import { createProgress } from '../progress.js';
import { renderBuildReport } from './build.js';

export async function runServe(config: Config, autoBuild: boolean, io: CliIo): Promise<number> {
  if (autoBuild) {
    const reason = await staleIndexReason(config);
    if (reason !== null) {
      io.stdout.write(`building the index of ${config.input} (${reason})\n`);
      const progress = createProgress(io);
      try {
        io.stdout.write(renderBuildReport(await buildIndex(config, { onProgress: (p, d, t) => progress.update(p, d, t) })));
      } finally {
        progress.stop();
      }
    }
  }
  const logger = createServiceLogger();
  const running = await startServer(config, logger);
  io.stdout.write(`zhsearch is serving ${config.index} at ${running.url}\n`);
  // New builds are picked up on their own (watch + poll of index/CURRENT); SIGHUP forces a reload.
  const stopReloadingOnSighup = reloadOnSighup(running, logger);
  await closeOnSignals(running, logger);
  stopReloadingOnSighup();
  io.stdout.write('zhsearch stopped\n');
  return 0;
}
