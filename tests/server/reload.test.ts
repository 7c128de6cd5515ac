/**
 * Zero-downtime reload through the running service (real HTTP on 127.0.0.1, port 0): new builds are
 * swapped in while clients keep searching, without a single failed request; a broken generation is
 * refused and logged while the old one keeps serving; SIGHUP reloads; loading yields to the event loop.
 */
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiHealth, ApiSearchResponse } from '../../src/api/contract.js';
import { buildIndex, readCurrentManifest, updateIndex } from '../../src/index.js';
import { reloadOnSighup, startServer, type RunningServer, type StartServerOptions } from '../../src/server/main.js';
import { flipByte, publishEditedCopy } from '../helpers/generation-fixtures.js';
import { createRecordingLogger, type RecordingLogger } from '../helpers/recording-logger.js';
import { startRequestLoop, waitUntil } from '../helpers/request-loop.js';
import { createTestIndex, writePosts, type TestIndex } from '../helpers/sample-index.js';

const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Service {
  index: TestIndex;
  running: RunningServer;
  logger: RecordingLogger;
}

/** The sample posts (copied into a temp input folder, so rounds can add posts), built and served. */
async function serve(reload: StartServerOptions['reload'], extraPosts: Record<string, string> = {}): Promise<Service> {
  const index = await createTestIndex({ posts: extraPosts, includeSamples: true });
  cleanups.push(() => index.cleanup());
  const logger = createRecordingLogger();
  const running = await startServer({ ...index.config, host: '127.0.0.1', port: 0 }, logger, { reload });
  cleanups.push(() => running.close());
  return { index, running, logger };
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: (await res.json()) as T };
}

function health(service: Service): Promise<{ status: number; body: ApiHealth }> {
  return getJson<ApiHealth>(`${service.running.url}healthz`);
}

function search(service: Service, q: string): Promise<{ status: number; body: ApiSearchResponse }> {
  return getJson<ApiSearchResponse>(`${service.running.url}api/search?q=${encodeURIComponent(q)}`);
}

/** A post whose title and text hold a word no other post has. */
function kiwiPost(round: number): Record<string, string> {
  const word = `猕猴桃第${round}号`;
  return {
    [`reload/kiwi-${round}.md`]: `---\ntitle: ${word}\ndate: 2023-05-0${round} 10:00:00\n---\n\n${word}是第${round}轮重建时加入的文章，只有这一篇写到它。\n`,
  };
}

async function currentGeneration(service: Service): Promise<number> {
  return (await readCurrentManifest(service.index.config.index)).manifest.generation;
}

const LOOP_PATHS = [
  `api/search?q=${encodeURIComponent('核酸检测')}`,
  'healthz',
  `api/search?q=${encodeURIComponent('猕猴桃')}`,
  `api/search?q=${encodeURIComponent('黑龙江 疫情')}&limit=5`,
];

describe('reloading the index while serving', () => {
  it('swaps in five consecutive incremental updates while four clients keep searching, with zero failed requests', { timeout: 120_000 }, async () => {
    const service = await serve({ watch: true, pollMs: 500, debounceMs: 50 });
    const loop = startRequestLoop(service.running.url, LOOP_PATHS, 4);
    let stats;
    try {
      let previous = (await health(service)).body;
      for (let round = 1; round <= 5; round++) {
        await writePosts(service.index.input, kiwiPost(round));
        const report = await updateIndex(service.index.config);
        expect({ mode: report.mode, added: report.added, changed: report.changed, removed: report.removed }).toEqual({
          mode: 'incremental',
          added: 1,
          changed: 0,
          removed: 0,
        });
        const generation = await currentGeneration(service);
        expect(generation).toBe(previous.generation + 1);
        await waitUntil(`round ${round}'s post is found`, async () => (await search(service, `猕猴桃第${round}号`)).body.total === 1);
        const now = (await health(service)).body;
        expect(now.generation).toBe(generation);
        expect(now.docCount).toBe(previous.docCount + 1);
        expect(now.builtAt > previous.builtAt).toBe(true);
        expect(now.loadedAt > previous.loadedAt).toBe(true);
        expect(new Date(now.loadedAt).toISOString()).toBe(now.loadedAt);
        previous = now;
      }
      // Each round's word finds its own post only.
      const third = await search(service, '猕猴桃第3号');
      expect(third.body.hits.map((hit) => hit.title)).toEqual(['猕猴桃第3号']);
    } finally {
      stats = await loop.stop();
    }
    expect(stats.failures).toEqual([]);
    expect(stats.answered).toBeGreaterThan(20);
    expect(service.logger.at('error')).toEqual([]);
  });

  it('refuses a generation with a flipped byte, logs INDEX_CORRUPT, keeps serving the old one, then takes the next good build', async () => {
    const service = await serve({ watch: true, pollMs: 200, debounceMs: 50 });
    const before = (await health(service)).body;
    const loop = startRequestLoop(service.running.url, LOOP_PATHS, 4);
    let stats;
    try {
      const bad = await publishEditedCopy(service.index.config.index, (dir) => flipByte(path.join(dir, 'seg-000001', 'documents.bin.gz')));
      await waitUntil('the refusal is logged', () => service.logger.at('error').length > 0);
      expect(service.logger.at('error').map((entry) => entry.obj)).toEqual([
        expect.objectContaining({ code: 'INDEX_CORRUPT', generation: bad, servingGeneration: before.generation }),
      ]);
      expect((await health(service)).body).toMatchObject({ status: 'ok', generation: before.generation, loadedAt: before.loadedAt });
      expect((await search(service, '核酸检测')).status).toBe(200);

      await writePosts(service.index.input, kiwiPost(1));
      await buildIndex(service.index.config);
      await waitUntil('the next good build is served', async () => (await health(service)).body.generation === bad + 1);
      expect((await search(service, '猕猴桃第1号')).body.total).toBe(1);
    } finally {
      stats = await loop.stop();
    }
    expect(stats.failures).toEqual([]);
    expect(service.logger.at('error')).toHaveLength(1);
  });

  it('picks up a new build by polling CURRENT alone (file watch off)', async () => {
    const service = await serve({ watch: false, pollMs: 100 });
    await buildIndex(service.index.config);
    await waitUntil('generation 2 is served', async () => (await health(service)).body.generation === 2);
  });

  it('picks up a new build through the folder watch alone (polling off)', async () => {
    const service = await serve({ watch: true, pollMs: 0, debounceMs: 50 });
    await buildIndex(service.index.config);
    await waitUntil('generation 2 is served', async () => (await health(service)).body.generation === 2);
  });
});

describe('starting without an index', () => {
  it('serves 503 until the first build appears, then serves it without a restart', async () => {
    const index = await createTestIndex({ posts: {}, includeSamples: true });
    cleanups.push(() => index.cleanup());
    const config = { ...index.config, index: path.join(index.dir, 'not-yet-built'), host: '127.0.0.1', port: 0 };
    const logger = createRecordingLogger();
    const running = await startServer(config, logger, { reload: { watch: true, pollMs: 100, debounceMs: 50 } });
    cleanups.push(() => running.close());
    const service: Service = { index, running, logger };
    expect((await health(service)).status).toBe(503);
    // The folder does not exist yet: no watch, the poll keeps reading CURRENT (and retries the watch).
    expect(logger.at('warn').map((entry) => entry.msg)).toContain('cannot watch the index folder; polling only');
    await buildIndex(config);
    await waitUntil('the first build is served', async () => (await health(service)).status === 200);
    expect((await health(service)).body).toMatchObject({ status: 'ok', generation: 1, docCount: 5 });
    // Startup logged the missing index once; nothing else failed (the 503 answers are logged as 'request failed').
    const failures = logger.at('error').filter((entry) => entry.msg !== 'request failed');
    expect(failures.map((entry) => entry.obj.code)).toEqual(['INDEX_NOT_FOUND']);
  });
});

describe('SIGHUP', () => {
  it('reloads when asked, and only then when watch and poll are off', async () => {
    const service = await serve({ watch: false, pollMs: 0 });
    await buildIndex(service.index.config);
    expect((await health(service)).body.generation).toBe(1);
    expect(await service.running.reloader.reload('SIGHUP')).toMatchObject({ status: 'loaded', generation: 2, previousGeneration: 1 });
    expect((await health(service)).body.generation).toBe(2);
  });

  it('reloads on a SIGHUP signal once the server installed its handler', async () => {
    const service = await serve({ watch: false, pollMs: 0 });
    const stopHandling = reloadOnSighup(service.running, service.logger);
    cleanups.push(async () => stopHandling());
    const before = (await health(service)).body;
    await writePosts(service.index.input, kiwiPost(1));
    await buildIndex(service.index.config);
    process.emit('SIGHUP');
    await waitUntil('the new generation is served', async () => (await health(service)).body.generation === before.generation + 1);
    expect((await search(service, '猕猴桃第1号')).body.total).toBe(1);
    expect(service.logger.at('info').map((entry) => entry.obj)).toContainEqual(expect.objectContaining({ reason: 'SIGHUP' }));
  });
});

describe('loading while serving', () => {
  it('measures the longest event-loop stall of a reload and answers requests during the load', { timeout: 120_000 }, async () => {
    // The five sample posts plus generated ones, so the load is long enough to interleave with requests.
    const paragraphs = ['核酸检测结果均为阴性。', '疫情防控工作指挥部第一时间启动应急响应。', '全市开展区域核酸检测。'];
    const extra: Record<string, string> = {};
    for (let n = 0; n < 300; n++) {
      const body = Array.from({ length: 40 }, (_, i) => `第${n}篇第${i}段：${paragraphs[(n + i) % paragraphs.length]}`).join('\n\n');
      extra[`generated/post-${n}.md`] = `---\ntitle: 生成的文章${n}号\n---\n\n${body}\n`;
    }
    const service = await serve({ watch: false, pollMs: 0 }, extra);
    await buildIndex(service.index.config);

    const loop = startRequestLoop(service.running.url, LOOP_PATHS, 4);
    let stats;
    const delay = monitorEventLoopDelay({ resolution: 1 });
    let startedMs = 0;
    let endedMs = 0;
    try {
      await waitUntil('the clients are answered', () => loop.answered > 8);
      delay.enable();
      startedMs = performance.now();
      const outcome = await service.running.reloader.reload('measure');
      endedMs = performance.now();
      // A stall is recorded when the delayed timer finally fires: give it the chance after the load.
      await new Promise((resolve) => setTimeout(resolve, 20));
      delay.disable();
      expect(outcome).toMatchObject({ status: 'loaded', generation: 2 });
    } finally {
      stats = await loop.stop();
    }
    const answeredDuringLoad = stats.answeredAtMs.filter((at) => at > startedMs && at < endedMs).length;
    const maxStallMs = delay.max / 1e6;
    console.info(
      `reload of ${(await health(service)).body.docCount} posts: ${(endedMs - startedMs).toFixed(0)} ms, ` +
        `longest event-loop stall ${maxStallMs.toFixed(1)} ms, ${answeredDuringLoad} requests answered during the load`,
    );
    expect(maxStallMs).toBeGreaterThan(0);
    expect(answeredDuringLoad).toBeGreaterThan(0);
    expect(stats.failures).toEqual([]);
  });
});
