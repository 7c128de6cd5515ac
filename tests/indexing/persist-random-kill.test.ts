/**
 * Twenty SIGKILLs at seeded random times during `zhsearch build`: whatever the moment, the
 * index left behind loads and serves the old posts or the new ones, and the next build (taking
 * over the dead build's lock) succeeds.
 */
import { cp } from 'node:fs/promises';
import fc from 'fast-check';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index.js';
import {
  SAMPLE_POSTS_DIR,
  configFor,
  runCliProcess,
  servedCorpus,
  useTempDirs,
  writeChangedCorpus,
} from '../helpers/persist-fixtures.js';

const KILLS = 20;
const tempDir = useTempDirs();
let root: string;
let changedInput: string;
let template: string;
/** Wall time of an undisturbed build, and update, of the changed posts, in ms. */
const undisturbedMs = { build: 0, update: 0 };

beforeAll(async () => {
  root = await tempDir('persist-random-kill');
  changedInput = await writeChangedCorpus(root);
  template = path.join(root, 'template');
  await buildIndex(configFor(SAMPLE_POSTS_DIR, template));
  for (const command of ['build', 'update'] as const) {
    const control = path.join(root, `control-${command}`);
    await cp(template, control, { recursive: true });
    const started = performance.now();
    const run = await runCliProcess([command, '--input', changedInput, '--index', control]);
    undisturbedMs[command] = performance.now() - started;
    expect(run.code, run.stderr).toBe(0);
  }
}, 60_000);

describe.each(['build', 'update'] as const)('a %s killed at random times', (command) => {
  it(`leaves an index that serves the old or the new posts, ${KILLS} times out of ${KILLS}`, async () => {
    // The same kill times on every run: a fixed seed.
    const fractions = fc.sample(fc.double({ min: 0, max: 1, noNaN: true }), { numRuns: KILLS, seed: 20261125 });
    const outcomes: string[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const index = path.join(root, `kill-${command}-${kill}`);
      await cp(template, index, { recursive: true });
      // Most of a build's first half is loading jieba; aim the kills at the reading, indexing and saving after it.
      const atMs = Math.round(undisturbedMs[command] * (0.4 + 0.7 * fractions[kill]!));
      const run = await runCliProcess([command, '--input', changedInput, '--index', index], {}, atMs);
      const served = await servedCorpus(configFor(changedInput, index)).catch((error: unknown) => `error: ${String(error)}`);
      outcomes.push(served);
      expect(['old', 'new'], `kill ${kill} at ${atMs} ms (${run.signal ?? run.code}): ${served}`).toContain(served);
      if (kill % 4 === 0) {
        // the dead build's lock is stale: the next build takes it over and finishes
        const rebuild = await runCliProcess([command, '--input', changedInput, '--index', index]);
        expect(rebuild.code, rebuild.stderr).toBe(0);
        expect(await servedCorpus(configFor(changedInput, index))).toBe('new');
      }
    }
    // The kills must not all have missed the build: some land before the switch. (How many land after
    // it depends on the machine's load, so 'new' is allowed but not required.)
    expect(outcomes).toContain('old');
  }, 300_000);
});
