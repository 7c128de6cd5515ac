/**
 * Parallel builds: worker threads read chunks of the posts and index them in segments, and the
 * index answers exactly as a build in one thread does. Small builds stay in the calling thread.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openEngine, readCurrentManifest, type BuildPhase } from '../src/index.js';
import { chunk, segmentChunks, workerCount } from '../src/build-workers.js';
import { answersOf } from './helpers/answers.js';
import { configFor, useTempDirs } from './helpers/persist-fixtures.js';
import { PostFolder, expectSameAnswers, sampleSentences } from './helpers/update-corpus.js';

const tempDir = useTempDirs();
let root: string;
let folder: PostFolder;

beforeAll(async () => {
  root = await tempDir('build-workers');
  const input = path.join(root, 'posts');
  await mkdir(input);
  folder = new PostFolder(input, sampleSentences());
  await folder.add(...Array.from({ length: 41 }, (_, i) => i));
});

describe('a parallel build', () => {
  it('reads and indexes in two workers, one segment each, and answers as a build in one thread', async () => {
    const single = configFor(folder.dir, path.join(root, 'single'), { buildWorkers: 1 });
    const parallel = configFor(folder.dir, path.join(root, 'parallel'), { buildWorkers: 2 });
    const progress: Array<[BuildPhase, number, number]> = [];
    const one = await buildIndex(single);
    const two = await buildIndex(parallel, { minPostsPerWorker: 10, onProgress: (...event) => progress.push(event) });
    expect([one.workers, two.workers]).toEqual([1, 2]);
    expect(two.indexed).toBe(41);
    const { manifest } = await readCurrentManifest(parallel.index);
    expect(manifest.segments).toEqual([
      { name: 'seg-000001', docCount: 21, deleted: [] },
      { name: 'seg-000002', docCount: 20, deleted: [] },
    ]);
    expect(manifest.analyzerFingerprint).toBe((await readCurrentManifest(single.index)).manifest.analyzerFingerprint);
    expect(progress.filter(([phase]) => phase === 'read').at(-1)).toEqual(['read', 41, 41]);
    expect(progress.filter(([phase]) => phase === 'index').at(-1)).toEqual(['index', 41, 41]);
    const queries = folder.queries();
    const [a, b] = await Promise.all([openEngine(single), openEngine(parallel)]);
    // Same posts in the same order: equal scores are even in the same order here.
    expect(answersOf(b, queries)).toEqual(answersOf(a, queries));
    expectSameAnswers(answersOf(b, queries), answersOf(a, queries));
  }, 60_000);

  it('writes segments of at most segmentPosts posts, handing them to the workers in turn, and answers the same', async () => {
    const single = configFor(folder.dir, path.join(root, 'one-segment'), { buildWorkers: 1 });
    const inProcess = configFor(folder.dir, path.join(root, 'small-segments-1'), { buildWorkers: 1, segmentPosts: 10 });
    const parallel = configFor(folder.dir, path.join(root, 'small-segments-2'), { buildWorkers: 2, segmentPosts: 10 });
    await buildIndex(single);
    const progress: Array<[BuildPhase, number, number]> = [];
    const reports = [await buildIndex(inProcess), await buildIndex(parallel, { minPostsPerWorker: 10, onProgress: (...event) => progress.push(event) })];
    expect(reports.map((report) => [report.workers, report.indexed])).toEqual([
      [1, 41],
      [2, 41],
    ]);
    expect(progress.filter(([phase]) => phase === 'index').at(-1)).toEqual(['index', 41, 41]);
    const queries = folder.queries();
    const expected = answersOf(await openEngine(single), queries);
    for (const config of [inProcess, parallel]) {
      const { manifest } = await readCurrentManifest(config.index);
      expect(manifest.segments.map((segment) => segment.docCount)).toEqual([9, 9, 9, 9, 5]);
      expect(manifest.segments.map((segment) => segment.name)).toEqual(['seg-000001', 'seg-000002', 'seg-000003', 'seg-000004', 'seg-000005']);
      // Post order is kept across segments: the same document numbers, so even ties come out the same.
      expect(answersOf(await openEngine(config), queries)).toEqual(expected);
    }
  }, 60_000);
});

describe('a parallel build with bad configuration', () => {
  it('fails as bad configuration while its workers start, stops them, and lets the next build run', async () => {
    const index = path.join(root, 'bad-stopwords');
    const bad = configFor(folder.dir, index, { buildWorkers: 2, stopwords: path.join(root, 'no-such-stopwords.txt') });
    await expect(buildIndex(bad, { minPostsPerWorker: 10 })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    const report = await buildIndex(configFor(folder.dir, index, { buildWorkers: 2 }), { minPostsPerWorker: 10 });
    expect([report.workers, report.indexed]).toEqual([2, 41]);
  }, 60_000);
});

describe('how many workers', () => {
  it('is one per core by default, never more than the posts allow, and one for small builds', () => {
    const config = configFor(folder.dir, path.join(root, 'unused'));
    expect(workerCount(config, 10)).toBe(1);
    expect(workerCount({ ...config, buildWorkers: 4 }, 10_000)).toBe(4);
    expect(workerCount({ ...config, buildWorkers: 4 }, 500)).toBe(2);
    expect(workerCount({ ...config, buildWorkers: 1 }, 10_000)).toBe(1);
  });

  it('splits posts into contiguous chunks in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2, 3], [4, 5]]);
    expect(chunk([1, 2], 3)).toEqual([[1], [2], []]);
  });

  it('cuts a build into segments of at most segmentPosts posts, and at least one per worker', () => {
    const posts = Array.from({ length: 12 }, (_, i) => i);
    expect(segmentChunks(posts, 1, 5).map((c) => c.length)).toEqual([4, 4, 4]);
    expect(segmentChunks(posts, 2, 100).map((c) => c.length)).toEqual([6, 6]);
    expect(segmentChunks(posts, 1, 100)).toEqual([posts]);
    expect(segmentChunks([], 1, 5)).toEqual([[]]);
    expect(segmentChunks(posts, 2, 5).flat()).toEqual(posts);
  });
});
