/**
 * `wordIndex`: a build (in one thread and in workers) writes each segment's word index as postings
 * (words.bin, the default) or in MiniSearch (words.json.br), and the index answers exactly the same
 * either way; an update of a MiniSearch index with the setting switched adds postings segments beside
 * the kept MiniSearch ones and still answers as a full build; a damaged words.bin is refused as corrupt.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openEngine, readCurrentManifest, updateIndex, type Config } from '../src/index.js';
import { answersOf } from './helpers/answers.js';
import { configFor, useTempDirs } from './helpers/persist-fixtures.js';
import { PostFolder, expectSameAnswers, sampleSentences } from './helpers/update-corpus.js';

const tempDir = useTempDirs();
let root: string;
let folder: PostFolder;
// Boilerplate detection off, as in update.test.ts: an update keeps the last build's lines.
const flags = { boilerplateMinPosts: 100_000 };

beforeAll(async () => {
  root = await tempDir('word-index-kinds');
  const input = path.join(root, 'posts');
  await mkdir(input);
  folder = new PostFolder(input, sampleSentences());
  await folder.add(...Array.from({ length: 30 }, (_, i) => i));
});

async function wordFiles(config: Config): Promise<string[]> {
  const { manifest } = await readCurrentManifest(config.index);
  return Object.keys(manifest.files)
    .filter((file) => /\/words\./.test(file))
    .sort();
}

async function answers(config: Config): Promise<ReturnType<typeof answersOf>> {
  return answersOf(await openEngine(config), folder.queries());
}

describe('wordIndex', () => {
  it('builds words.bin segments by default, in one thread and in two workers, that answer exactly as MiniSearch ones', async () => {
    const minisearch = configFor(folder.dir, path.join(root, 'minisearch'), { ...flags, wordIndex: 'minisearch' });
    const single = configFor(folder.dir, path.join(root, 'postings-1'), { ...flags, buildWorkers: 1 });
    const parallel = configFor(folder.dir, path.join(root, 'postings-2'), { ...flags, buildWorkers: 2 });
    expect(single.wordIndex).toBe('postings');
    await buildIndex(minisearch);
    await buildIndex(single);
    const report = await buildIndex(parallel, { minPostsPerWorker: 10 });
    expect(report.workers).toBe(2);
    expect(await wordFiles(minisearch)).toEqual(['seg-000001/words.json.br']);
    expect(await wordFiles(single)).toEqual(['seg-000001/words.bin']);
    expect(await wordFiles(parallel)).toEqual(['seg-000001/words.bin', 'seg-000002/words.bin']);
    const expected = await answers(minisearch);
    expect(expected.filter((answer) => answer.total > 0).length).toBeGreaterThan(10);
    expect(await answers(single)).toEqual(expected);
    expect(await answers(parallel)).toEqual(expected);
  });

  it('is taken up by update: new segments hold postings, kept MiniSearch ones stay, answers match a full build', async () => {
    const minisearchConfig = configFor(folder.dir, path.join(root, 'switched'), { ...flags, wordIndex: 'minisearch' });
    await buildIndex(minisearchConfig);
    const switched: Config = { ...minisearchConfig, wordIndex: 'postings' };
    await folder.add(30, 31, 32);
    await folder.edit(4);
    await folder.remove(7);
    const report = await updateIndex(switched);
    expect([report.mode, report.added, report.changed, report.removed]).toEqual(['incremental', 3, 1, 1]);
    expect(await wordFiles(switched)).toEqual(['seg-000001/words.json.br', 'seg-000002/words.bin']);
    const rebuilt = configFor(folder.dir, path.join(root, 'switched-rebuilt'), flags);
    await buildIndex(rebuilt);
    expectSameAnswers(await answers(switched), await answers(rebuilt));
  });

  it('refuses an index whose words.bin is damaged, naming the file', async () => {
    const config = configFor(folder.dir, path.join(root, 'damaged'), flags);
    await buildIndex(config);
    const { directory } = await readCurrentManifest(config.index);
    const file = path.join(directory, 'seg-000001', 'words.bin');
    // Bytes that are not word postings, with the manifest made to match: only the word index's own
    // checks can catch it.
    const bogus = Buffer.from('ZHWP but not really');
    await writeFile(file, bogus);
    const manifestPath = path.join(directory, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { files: Record<string, unknown> };
    manifest.files['seg-000001/words.bin'] = { bytes: bogus.length, sha256: createHash('sha256').update(bogus).digest('hex') };
    await writeFile(manifestPath, JSON.stringify(manifest));
    await expect(openEngine(config)).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('words.bin') });
    expect(await readdir(path.join(directory, 'seg-000001'))).toContain('words.bin');
  });
});
