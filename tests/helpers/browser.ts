/**
 * Real-browser test support: Debian's chromium driven by playwright-core, and the service over
 * the sample index on a loopback port. Browser tests skip (loudly) only outside CI when chromium
 * is not installed; in CI (.ci/run installs it) they must run.
 */
import type { Server } from 'node:http';
import { createSampleIndex, type TestIndex } from './sample-index.js';

export { CHROMIUM_PATH, browserAvailable, launchBrowser } from './chromium.js';

export interface ServedSample {
  index: TestIndex;
  server: Server;
  baseUrl: string;
  close(): Promise<void>;
}

/** The service over the five sample posts, listening on 127.0.0.1 at a free port. */
export async function serveSample(): Promise<ServedSample> {
  const index = await createSampleIndex();
  const server = await new Promise<Server>((resolve) => {
    const s = index.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    index,
    server,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await index.cleanup();
    },
  };
}
