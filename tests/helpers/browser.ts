/**
 * Real-browser test support: Debian's chromium driven by playwright-core, and the service over
 * the sample index on a loopback port. Browser tests skip (loudly) only outside CI when chromium
 * is not installed; in CI (.ci/run installs it) they must run.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';
import { createSampleIndex, type TestIndex } from './sample-index.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether browser tests can run here; in CI a missing chromium is an error, not a skip. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI !== undefined) throw new Error(`${CHROMIUM_PATH} is missing: .ci/run installs Debian's chromium`);
  console.warn(`browser tests skipped: ${CHROMIUM_PATH} not found (apt-get install chromium)`);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

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
