/**
 * createEngineReloader: loads the generation CURRENT names and swaps it in only once fully loaded, refuses
 * (and logs) a generation that fails to load, coalesces concurrent requests, and stops on close. Watch and
 * poll are off here (tests/server/reload.test.ts covers them through the service).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildIndex,
  createEngineReloader,
  openEngine,
  type Config,
  type Engine,
  type EngineReloader,
  type EngineReloaderOptions,
  type OpenEngineOptions,
} from '../src/index.js';
import { flipByte, publishEditedCopy, setAnalyzerFingerprint } from './helpers/generation-fixtures.js';
import { createRecordingLogger, type RecordingLogger } from './helpers/recording-logger.js';
import { waitUntil } from './helpers/request-loop.js';
import { createSampleIndex, type TestIndex } from './helpers/sample-index.js';

let sample: TestIndex;
let logger: RecordingLogger;
const reloaders: EngineReloader[] = [];

beforeEach(async () => {
  sample = await createSampleIndex();
  logger = createRecordingLogger();
});

afterEach(async () => {
  await Promise.all(reloaders.splice(0).map((reloader) => reloader.close()));
  await sample.cleanup();
});

function start(options: EngineReloaderOptions = {}): EngineReloader {
  const reloader = createEngineReloader(sample.holder, sample.config, { watch: false, pollMs: 0, logger, ...options });
  reloaders.push(reloader);
  return reloader;
}

/** A loader that waits for `release()` before each load it starts, counting the loads. */
function gatedLoader(): { open: (config: Config, options: OpenEngineOptions) => Promise<Engine>; release: () => void; calls: () => number } {
  let calls = 0;
  let gates: Array<() => void> = [];
  return {
    open: async (config, options) => {
      calls++;
      await new Promise<void>((resolve) => gates.push(resolve));
      return openEngine(config, options);
    },
    release: () => {
      const open = gates;
      gates = [];
      for (const resolve of open) resolve();
    },
    calls: () => calls,
  };
}

describe('createEngineReloader', () => {
  it('swaps in the generation a new build switched CURRENT to, only once it is fully loaded', async () => {
    const old = sample.holder.get();
    await buildIndex(sample.config);
    const loader = gatedLoader();
    const reloader = start({ open: loader.open });
    const outcome = reloader.check('test');
    await waitUntil('the load has started', () => loader.calls() === 1, 5_000);
    expect(sample.holder.get()).toBe(old);
    loader.release();
    expect(await outcome).toMatchObject({ status: 'loaded', generation: 2, previousGeneration: 1 });
    expect(sample.holder.get().manifest.generation).toBe(2);
    expect(sample.holder.get().loadedAt >= old.loadedAt).toBe(true);
    expect(logger.at('info').map((entry) => entry.obj)).toContainEqual(expect.objectContaining({ generation: 2, reason: 'test' }));
  });

  it('loads nothing on a check when CURRENT still names the served generation, and reloads it anyway on reload()', async () => {
    const old = sample.holder.get();
    const reloader = start();
    expect(await reloader.check('poll')).toEqual({ status: 'unchanged', generation: 1 });
    expect(sample.holder.get()).toBe(old);
    expect(await reloader.reload('SIGHUP')).toMatchObject({ status: 'loaded', generation: 1 });
    expect(sample.holder.get()).not.toBe(old);
  });

  it('runs one reload at a time and folds the requests made meanwhile into one more run after it', async () => {
    const loader = gatedLoader();
    const reloader = start({ open: loader.open });
    const first = reloader.reload('a');
    await waitUntil('the first load has started', () => loader.calls() === 1, 5_000);
    await buildIndex(sample.config);
    const during = [reloader.reload('b'), reloader.check('c'), reloader.reload('d')];
    loader.release();
    expect(await first).toMatchObject({ status: 'loaded' });
    await waitUntil('the follow-up load has started', () => loader.calls() === 2, 5_000);
    loader.release();
    const outcomes = await Promise.all(during);
    expect(loader.calls()).toBe(2);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ status: 'loaded', generation: 2 });
    expect(logger.at('info').at(-1)?.obj).toMatchObject({ generation: 2, reason: 'b, c, d' });
  });

  it('refuses a generation with a corrupt file, logs INDEX_CORRUPT and keeps serving the old one', async () => {
    const old = sample.holder.get();
    const generation = await publishEditedCopy(sample.config.index, (dir) => flipByte(path.join(dir, 'seg-000001', 'ngrams-text.bin')));
    const reloader = start();
    expect(await reloader.check('watch')).toMatchObject({ status: 'refused', generation });
    expect(sample.holder.get()).toBe(old);
    expect(logger.at('error').map((entry) => entry.obj)).toEqual([
      expect.objectContaining({ code: 'INDEX_CORRUPT', generation, servingGeneration: 1 }),
    ]);
    // A refused generation is not retried by every poll: only a new one, or a forced reload.
    expect(await reloader.check('poll')).toMatchObject({ status: 'unchanged', generation });
    expect(logger.at('error')).toHaveLength(1);
  });

  it('refuses a generation built by another analyzer (INDEX_INCOMPATIBLE): one analyzer per process', async () => {
    const old = sample.holder.get();
    const generation = await publishEditedCopy(sample.config.index, (dir) => setAnalyzerFingerprint(dir, 'a2-another-dictionary'));
    const reloader = start();
    expect(await reloader.check('watch')).toMatchObject({ status: 'refused', generation });
    expect(sample.holder.get()).toBe(old);
    expect(logger.at('error')[0]?.obj).toMatchObject({ code: 'INDEX_INCOMPATIBLE', generation });
    expect(logger.at('error')[0]?.msg).toContain('still serving generation 1');
  });

  it('refuses and logs an unexpected loader failure too, keeping the old engine', async () => {
    const old = sample.holder.get();
    await buildIndex(sample.config);
    const reloader = start({
      open: () => Promise.reject(new Error('out of memory while loading')),
    });
    expect(await reloader.check('test')).toMatchObject({ status: 'refused', generation: 2 });
    expect(sample.holder.get()).toBe(old);
    expect(logger.at('error')[0]?.obj.err).toBeInstanceOf(Error);
  });

  it('passes the served analyzer to the loader, so a reload never creates a second one', async () => {
    const seen: OpenEngineOptions[] = [];
    const reloader = start({
      open: (config, options) => {
        seen.push(options);
        return openEngine(config, options);
      },
    });
    await reloader.reload('test');
    expect(seen[0]?.analyzer).toBe(sample.engine.index.analyzer);
  });

  it('waits for a reload under way on close, and answers later requests with closed', async () => {
    const loader = gatedLoader();
    const reloader = start({ open: loader.open });
    const running = reloader.reload('a');
    await waitUntil('the load has started', () => loader.calls() === 1, 5_000);
    const queued = reloader.reload('b');
    const closing = reloader.close();
    expect(await queued).toEqual({ status: 'closed' });
    loader.release();
    await closing;
    expect(await running).toMatchObject({ status: 'loaded' });
    expect(await reloader.reload('c')).toEqual({ status: 'closed' });
    expect(loader.calls()).toBe(1);
  });

  it('treats a vanished CURRENT as a failed load: INDEX_NOT_FOUND is logged, the old engine keeps serving', async () => {
    const old = sample.holder.get();
    await rm(path.join(sample.config.index, 'CURRENT'));
    const reloader = start();
    expect(await reloader.check('poll')).toMatchObject({ status: 'refused', generation: null });
    expect(sample.holder.get()).toBe(old);
    expect(logger.at('error')[0]?.obj).toMatchObject({ code: 'INDEX_NOT_FOUND' });
  });
});
