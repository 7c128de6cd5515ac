/**
 * `updateIndex`: after a sequence of adds, edits, deletes and touches, the updated index answers
 * a query set exactly as a full build of the same posts does; each step reports what it did, and
 * writes only the new segment (untouched segments are the same files, hard-linked).
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_SEGMENTS, buildIndex, openEngine, readCurrentManifest, updateIndex, type Config, type UpdateReport } from '../src/index.js';
import { configFor, useTempDirs } from './helpers/persist-fixtures.js';
import { answersOf } from './helpers/answers.js';
import { PostFolder, expectSameAnswers, sampleSentences } from './helpers/update-corpus.js';

const tempDir = useTempDirs();
let root: string;
let folder: PostFolder;
let updatedConfig: Config;
let rebuilds = 0;

// Boilerplate detection off: posts made of shared sentences would otherwise lose lines to it, and a
// full build re-detects it over all posts while an update keeps the last build's lines (tested apart).
const flags = { boilerplateMinPosts: 100_000 };

beforeAll(async () => {
  root = await tempDir('update');
  const input = path.join(root, 'posts');
  await mkdir(input);
  folder = new PostFolder(input, sampleSentences());
  await folder.add(...Array.from({ length: 20 }, (_, i) => i));
  updatedConfig = configFor(input, path.join(root, 'updated'), flags);
  await buildIndex(updatedConfig);
});

async function bytesUnder(directory: string): Promise<number> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  const sizes = await Promise.all(files.map(async (file) => (await stat(file)).size));
  return sizes.reduce((sum, size) => sum + size, 0);
}

async function expectMatchesFullBuild(): Promise<void> {
  const rebuiltConfig = configFor(folder.dir, path.join(root, `rebuilt-${++rebuilds}`), flags);
  await buildIndex(rebuiltConfig);
  const [updated, rebuilt] = await Promise.all([openEngine(updatedConfig), openEngine(rebuiltConfig)]);
  expect(updated.index.docCount).toBe(folder.live.length);
  expect(updated.index.docCount).toBe(rebuilt.index.docCount);
  const queries = folder.queries();
  expectSameAnswers(answersOf(updated, queries), answersOf(rebuilt, queries));
}

function counts(report: UpdateReport): Record<string, number | string> {
  const { mode, added, changed, removed, skipped, unchanged, reanalyzed } = report;
  return { mode, added, changed, removed, skipped, unchanged, reanalyzed };
}

describe('an incremental update', () => {
  it('adds new posts as a new segment and answers as a full build does', async () => {
    await folder.add(20, 21, 22, 23, 24);
    const report = await updateIndex(updatedConfig);
    expect(counts(report)).toEqual({ mode: 'incremental', added: 5, changed: 0, removed: 0, skipped: 0, unchanged: 20, reanalyzed: 0 });
    const { manifest } = await readCurrentManifest(updatedConfig.index);
    expect(manifest.segments).toEqual([
      { name: 'seg-000001', docCount: 20, deleted: [] },
      { name: 'seg-000002', docCount: 5, deleted: [] },
    ]);
    await expectMatchesFullBuild();
  });

  it('shares the untouched segment with the previous generation instead of rewriting it', async () => {
    const { manifest, directory } = await readCurrentManifest(updatedConfig.index);
    const previous = path.join(updatedConfig.index, `gen-${String(manifest.generation - 1).padStart(6, '0')}`);
    const now = await stat(path.join(directory, 'seg-000001', 'documents.bin.gz'));
    const before = await stat(path.join(previous, 'seg-000001', 'documents.bin.gz'));
    expect(now.ino).toBe(before.ino);
    expect(now.nlink).toBeGreaterThanOrEqual(2);
  });

  it('re-indexes edited posts and deletes their old copies', async () => {
    await folder.edit(2, 7, 21);
    const report = await updateIndex(updatedConfig);
    expect(counts(report)).toMatchObject({ mode: 'incremental', added: 0, changed: 3, removed: 0, unchanged: 22 });
    const { manifest } = await readCurrentManifest(updatedConfig.index);
    expect(manifest.segments.map((s) => [s.name, s.deleted])).toEqual([
      ['seg-000001', [2, 7]],
      ['seg-000002', [1]],
      ['seg-000003', []],
    ]);
    expect(report.writtenBytes).toBeLessThan(report.indexBytes / 2);
    await expectMatchesFullBuild();
  });

  it('removes deleted posts: their words give no hits', async () => {
    const onlyInRemoved = folder.content(5).title;
    await folder.remove(5, 11, 22, 23);
    const report = await updateIndex(updatedConfig);
    expect(counts(report)).toMatchObject({ mode: 'incremental', added: 0, changed: 0, removed: 4, unchanged: 21 });
    const engine = await openEngine(updatedConfig);
    expect(engine.searcher.search({ q: onlyInRemoved }).hits.map((h) => h.id)).not.toContain(PostFolder.id(5));
    await expectMatchesFullBuild();
  });

  it('handles adds, edits and deletes in one update, and a touched but unchanged post is not re-indexed', async () => {
    await folder.add(30, 31);
    await folder.edit(0, 24);
    await folder.remove(9);
    await folder.touch(13);
    const report = await updateIndex(updatedConfig);
    expect(counts(report)).toMatchObject({ mode: 'incremental', added: 2, changed: 2, removed: 1, unchanged: folder.live.length - 4 });
    await expectMatchesFullBuild();
  });

  it('writes nothing when nothing changed', async () => {
    const before = await readCurrentManifest(updatedConfig.index);
    const report = await updateIndex(updatedConfig);
    expect(counts(report)).toMatchObject({ mode: 'unchanged', added: 0, changed: 0, removed: 0, unchanged: folder.live.length });
    expect((await readCurrentManifest(updatedConfig.index)).manifest.generation).toBe(before.manifest.generation);
    // The size it reports is the generation's, manifest included, as a build or an incremental update reports it.
    expect(report.indexBytes).toBe(await bytesUnder(before.directory));
  });

  it('merges a segment once less than half of it is alive, and stays equal to a full build', async () => {
    // seg-000002 (posts 20–24) has lost 21, 22, 23 and 24's old copy: less than half of it alive.
    const { manifest } = await readCurrentManifest(updatedConfig.index);
    expect(manifest.segments.map((s) => s.name)).not.toContain('seg-000002');
    await folder.edit(1);
    const report = await updateIndex(updatedConfig);
    expect(report.mode).toBe('incremental');
    await expectMatchesFullBuild();
  });

  it('keeps reporting a post that fails to read as skipped, and takes it out of the index', async () => {
    await folder.edit(3);
    const file = path.join(folder.dir, `${PostFolder.id(3)}.md`);
    const { writeFile, utimes } = await import('node:fs/promises');
    await writeFile(file, '---\ntitle: [unclosed\n---\n正文');
    await utimes(file, Date.UTC(2027, 0, 1) / 1000, Date.UTC(2027, 0, 1) / 1000);
    const report = await updateIndex(updatedConfig);
    expect(counts(report)).toMatchObject({ mode: 'incremental', skipped: 1, removed: 1 });
    expect(report.skips.map((s) => s.path)).toEqual([`${PostFolder.id(3)}.md`]);
    const engine = await openEngine(updatedConfig);
    expect(engine.index.documentNumber(PostFolder.id(3))).toBeUndefined();
  });
});

/** `count` posts in a folder of their own, built into `name` with segments of at most 3 posts. */
async function smallSegmentIndex(name: string, count: number): Promise<{ posts: PostFolder; config: Config }> {
  const input = path.join(root, `${name}-posts`);
  await mkdir(input);
  const posts = new PostFolder(input, sampleSentences());
  await posts.add(...Array.from({ length: count }, (_, i) => i));
  const config = configFor(input, path.join(root, name), { ...flags, segmentPosts: 3 });
  await buildIndex(config);
  return { posts, config };
}

/** The index at `config` answers `posts`' queries as a full build of the same folder and settings does. */
async function expectAnswersOfFullBuild(posts: PostFolder, config: Config): Promise<void> {
  const rebuilt = { ...config, index: `${config.index}-rebuilt` };
  await buildIndex(rebuilt);
  const queries = posts.queries();
  expectSameAnswers(answersOf(await openEngine(config), queries), answersOf(await openEngine(rebuilt), queries));
}

describe('the segments of a big build', () => {
  it('are never merged for lack of room: only small segments count against MAX_SEGMENTS', async () => {
    // Segments of at most 3 posts stand in for a big site's build of more than MAX_SEGMENTS 5,000-post segments.
    const { posts, config } = await smallSegmentIndex('many-segments', 41);
    const built = (await readCurrentManifest(config.index)).manifest.segments;
    expect(built.map((segment) => segment.docCount)).toEqual([...Array.from({ length: 13 }, () => 3), 2]);
    expect(built.length).toBeGreaterThan(MAX_SEGMENTS);
    for (let post = 100; post < 100 + MAX_SEGMENTS + 2; post++) {
      await posts.add(post);
      const report = await updateIndex(config);
      expect(report).toMatchObject({ mode: 'incremental', added: 1, merged: expect.any(Number) });
    }
    const { manifest } = await readCurrentManifest(config.index);
    // The build's segments are all still there, untouched; the one-post segments were merged until at
    // most MAX_SEGMENTS small ones (less than half of segmentPosts) were left.
    expect(manifest.segments.slice(0, built.length)).toEqual(built);
    const fromUpdates = manifest.segments.slice(built.length);
    expect(fromUpdates.reduce((sum, segment) => sum + segment.docCount, 0)).toBe(MAX_SEGMENTS + 2);
    expect(fromUpdates.length).toBeLessThan(MAX_SEGMENTS + 2);
    expect(fromUpdates.filter((segment) => segment.docCount * 2 < 3).length).toBeLessThanOrEqual(MAX_SEGMENTS);
    await expectAnswersOfFullBuild(posts, config);
  }, 60_000);
});

describe('an update with more fresh posts than segmentPosts', () => {
  it('cuts them into segments of at most segmentPosts, as a build does, and answers as a full build does', async () => {
    const { posts, config } = await smallSegmentIndex('many-fresh', 6);
    await posts.add(...Array.from({ length: 8 }, (_, i) => 100 + i));
    const report = await updateIndex(config);
    expect(report).toMatchObject({ mode: 'incremental', added: 8, merged: 0 });
    const { manifest } = await readCurrentManifest(config.index);
    expect(manifest.segments.map((segment) => segment.docCount)).toEqual([3, 3, 3, 3, 2]);
    expect(new Set(Object.values(manifest.locations).map((location) => `${location.segment}/${location.doc}`)).size).toBe(14);
    await expectAnswersOfFullBuild(posts, config);
  });
});

describe('an update with nothing to update from', () => {
  it('builds the whole index when there is none yet, and says why', async () => {
    const config = configFor(folder.dir, path.join(root, 'fresh'), flags);
    const report = await updateIndex(config);
    expect({ mode: report.mode, reason: report.reason, added: report.added }).toEqual({
      mode: 'full',
      reason: 'no index yet',
      added: report.indexed,
    });
    expect(report.indexed).toBeGreaterThan(10);
  });

  it('builds the whole index when the ingest settings changed (stored documents would differ)', async () => {
    const config = configFor(folder.dir, updatedConfig.index, { ...flags, timezone: 'UTC' });
    const report = await updateIndex(config);
    expect({ mode: report.mode, reason: report.reason }).toEqual({ mode: 'full', reason: 'the ingest settings changed' });
  });
});

describe('the suggestion vocabulary of an updated generation', () => {
  const KIWI_POST = '---\ntitle: 猕猴桃种植\n---\n\n猕猴桃种植需要充足的阳光。\n';
  const PORT_POST = '---\ntitle: 绥芬河口岸\n---\n\n绥芬河口岸今天恢复通关。\n';

  /** An index of one post (a.md) built in `name`, and the folder to add posts to. */
  async function oneKiwiPost(name: string): Promise<{ input: string; config: Config }> {
    const input = path.join(root, `${name}-posts`);
    await mkdir(input);
    await writeFile(path.join(input, 'a.md'), KIWI_POST);
    const config = configFor(input, path.join(root, name), flags);
    await buildIndex(config);
    return { input, config };
  }

  it('is its segments’ merged: a word of an added post is suggested, those of the kept segment still are', async () => {
    const { input, config } = await oneKiwiPost('vocabulary');
    await writeFile(path.join(input, 'b.md'), PORT_POST);
    await updateIndex(config);
    const { manifest } = await readCurrentManifest(config.index);
    expect(manifest.segments.map((segment) => segment.name)).toEqual(['seg-000001', 'seg-000002']);
    const engine = await openEngine(config);
    expect(engine.suggester.suggest('绥芬', 8).map((s) => s.text)).toContain('绥芬河');
    expect(engine.suggester.suggest('猕猴', 8).map((s) => s.text)).toContain('猕猴桃');
  });

  it('is read back from the kept segments, checked: a damaged one fails the update and leaves the served generation', async () => {
    const { input, config } = await oneKiwiPost('damaged-vocabulary');
    const { directory } = await readCurrentManifest(config.index);
    const file = path.join(directory, 'seg-000001', 'suggestions.json.br');
    const bytes = await readFile(file);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    await writeFile(file, bytes);
    await writeFile(path.join(input, 'b.md'), PORT_POST);
    await expect(updateIndex(config)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
    const after = await readCurrentManifest(config.index);
    expect(after.directory).toBe(directory);
    expect((await openEngine(config)).index.docCount).toBe(1);
  });
});
