/**
 * `zhsearch serve`: the HTTP service. With --auto-build it first (re)builds the index when it
 * is missing, older than the posts, or incompatible — what `npm start` uses.
 */
import { buildIndex, staleIndexReason, type Config } from '../../index.js';
import { closeOnSignals, createServiceLogger, startServer } from '../../server/main.js';
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
  await closeOnSignals(running, logger);
  io.stdout.write('zhsearch stopped\n');
  return 0;
}
