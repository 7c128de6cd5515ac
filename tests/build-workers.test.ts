/**
 * Parallel builds: worker threads read and index chunks of the posts, one segment each, and the
 * index answers exactly as a build in one thread does. Small builds stay in the calling thread.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openEngine, readCurrentManifest, type BuildPhase } from '../src/index.js';
import { chunk, workerCount } from '../src/build-workers.js';
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
});
