/**
 * `zhsearch serve` failures through main(argv, io). (A serving process and its SIGTERM are covered
 * by the spawned smoke test, since in-process they would need this worker's signals.)
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/fake-io.js';
import { createSampleIndex, type TestIndex } from '../helpers/sample-index.js';

let sample: TestIndex;
let blocker: Server;
let busyPort: number;

beforeAll(async () => {
  sample = await createSampleIndex();
  blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const address = blocker.address();
  busyPort = typeof address === 'object' && address !== null ? address.port : 0;
});

afterAll(async () => {
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
  await sample?.cleanup();
});

describe('zhsearch serve', () => {
  it('exits non-zero, without claiming to serve, when the port is already taken', async () => {
    const run = await runCli(['serve', '--index', sample.config.index, '--port', String(busyPort)], { cwd: sample.dir });
    expect(run.code).not.toBe(0);
    expect(run.stdout).not.toContain('zhsearch is serving');
    expect(run.stderr).toContain('EADDRINUSE');
  });

  it('exits non-zero for a port that is not a number', async () => {
    const run = await runCli(['serve', '--index', sample.config.index, '--port', 'http'], { cwd: sample.dir });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
  });

  it('exits 1 with INVALID_CONFIG for a port above 65535', async () => {
    const run = await runCli(['serve', '--index', sample.config.index, '--port', '70000'], { cwd: sample.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^zhsearch: INVALID_CONFIG: .*\bport\b/);
  });
});
