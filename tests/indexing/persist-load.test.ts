import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { brotliCompressSync, gunzipSync } from 'node:zlib';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, isZhsearchError, openEngine, staleIndexReason, type Config } from '../../src/index.js';
import { INDEX_FORMAT_VERSION } from '../../src/indexing/manifest.js';
import { OLD_CORPUS, SAMPLE_POSTS_DIR, configFor, runCliProcess, served, useTempDirs } from '../helpers/persist-fixtures.js';

const tempDir = useTempDirs();
let root: string;
/** A complete index of the sample posts (generation 1); every test corrupts its own copy. */
let template: string;
let copies = 0;

beforeAll(async () => {
  root = await tempDir('persist-load');
  template = path.join(root, 'template');
  await buildIndex(configFor(SAMPLE_POSTS_DIR, template));
});

async function copyOfTemplate(): Promise<{ index: string; config: Config; gen: string }> {
  const index = path.join(root, `copy-${++copies}`);
  await cp(template, index, { recursive: true });
  return { index, config: configFor(SAMPLE_POSTS_DIR, index), gen: path.join(index, 'gen-000001') };
}

async function loadError(config: Config): Promise<{ code: string; message: string }> {
  try {
    await openEngine(config);
  } catch (error) {
    if (isZhsearchError(error)) return { code: error.code, message: error.message };
    return { code: `not a ZhsearchError: ${String(error)}`, message: '' };
  }
  return { code: 'loaded', message: '' };
}

async function editManifest(gen: string, edit: (manifest: Record<string, unknown>) => Record<string, unknown>): Promise<void> {
  const file = path.join(gen, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  await writeFile(file, JSON.stringify(edit(manifest)));
}

describe('loading an index that is not there', () => {
  it('fails with INDEX_NOT_FOUND when the index folder does not exist', async () => {
    expect((await loadError(configFor(SAMPLE_POSTS_DIR, path.join(root, 'nowhere')))).code).toBe('INDEX_NOT_FOUND');
  });

  it('fails with INDEX_NOT_FOUND when the index folder is empty', async () => {
    const index = path.join(root, 'empty');
    await mkdir(index);
    expect((await loadError(configFor(SAMPLE_POSTS_DIR, index))).code).toBe('INDEX_NOT_FOUND');
  });

  it('fails with INDEX_NOT_FOUND, not a half index, when the first build failed just before the switch', async () => {
    const index = path.join(root, 'first-build-failed');
    const config = configFor(SAMPLE_POSTS_DIR, index);
    const failing = buildIndex(config, {
      onSaveStep: (step) => {
        if (step.action === 'switch' && step.phase === 'before') throw new Error('injected');
      },
    });
    await expect(failing).rejects.toThrow();
    expect((await loadError(config)).code).toBe('INDEX_NOT_FOUND');
  });
});

describe('loading an index built for another analyzer or format', () => {
  it('fails with INDEX_INCOMPATIBLE naming the rebuild command when the index was built with other stopwords', async () => {
    // One analyzer per process: the other analyzer builds in a child process.
    const dir = await tempDir('persist-fingerprint');
    const stopwords = path.join(dir, 'stopwords.txt');
    await writeFile(stopwords, '的\n了\n');
    const index = path.join(dir, 'index');
    const build = await runCliProcess(['build', '--input', SAMPLE_POSTS_DIR, '--index', index], { ZHSEARCH_STOPWORDS: stopwords });
    expect(build.code, build.stderr).toBe(0);
    const config = configFor(SAMPLE_POSTS_DIR, index);
    const error = await loadError(config);
    expect(error.code).toBe('INDEX_INCOMPATIBLE');
    expect(error.message).toContain(`zhsearch build --input ${config.input} --index ${config.index}`);
  });

  it.each([
    ['an older format', (m: Record<string, unknown>) => ({ ...m, formatVersion: INDEX_FORMAT_VERSION - 1 })],
    [
      'format 1, written before suggestions.json existed',
      (m: Record<string, unknown>) => {
        const { ['suggestions.json']: _dropped, ...files } = m.files as Record<string, unknown>;
        return { ...m, formatVersion: 1, files };
      },
    ],
    ['a newer format', (m: Record<string, unknown>) => ({ ...m, formatVersion: INDEX_FORMAT_VERSION + 1 })],
    [
      'a newer format that lays out its manifest differently',
      (m: Record<string, unknown>) => ({ formatVersion: INDEX_FORMAT_VERSION + 1, segments: [], meta: { docs: m.docCount } }),
    ],
  ])('fails with INDEX_INCOMPATIBLE naming the rebuild command for %s', async (_name, edit) => {
    const { config, gen } = await copyOfTemplate();
    await editManifest(gen, edit);
    const error = await loadError(config);
    expect(error.code).toBe('INDEX_INCOMPATIBLE');
    expect(error.message).toContain(`zhsearch build --input ${config.input} --index ${config.index}`);
  });

  it('makes `serve --auto-build` rebuild an index of format 1, written before suggestions.json existed', async () => {
    const { config, gen } = await copyOfTemplate();
    expect(await staleIndexReason(config)).toBeNull();
    await editManifest(gen, (m) => ({ ...m, formatVersion: 1 }));
    expect(await staleIndexReason(config)).toContain(`has format 1, this zhsearch reads format ${INDEX_FORMAT_VERSION}`);
  });

  it('fails with INDEX_INCOMPATIBLE when the manifest names another analyzer fingerprint', async () => {
    const { config, gen } = await copyOfTemplate();
    await editManifest(gen, (m) => ({ ...m, analyzerFingerprint: 'a1-00000000000000000000000000000000' }));
    const error = await loadError(config);
    expect(error.code).toBe('INDEX_INCOMPATIBLE');
    expect(error.message).toContain(`zhsearch build --input ${config.input} --index ${config.index}`);
  });
});

type Corruption = (index: string, gen: string) => Promise<void>;

async function flipByte(file: string, at: (length: number) => number): Promise<void> {
  const bytes = await readFile(file);
  const i = at(bytes.length);
  bytes[i] = bytes[i]! ^ 0x01;
  await writeFile(file, bytes);
}

const corruptions: Array<[string, Corruption]> = [
  ['documents.bin.gz is truncated to half', async (_i, gen) => {
    const file = path.join(gen, 'seg-000001', 'documents.bin.gz');
    await truncate(file, Math.floor((await readFile(file)).length / 2));
  }],
  ['documents.bin.gz loses its last byte', async (_i, gen) => {
    const file = path.join(gen, 'seg-000001', 'documents.bin.gz');
    await truncate(file, (await readFile(file)).length - 1);
  }],
  ['documents.bin.gz is replaced by other valid JSON of the same length', async (_i, gen) => {
    const file = path.join(gen, 'seg-000001', 'documents.bin.gz');
    const length = (await readFile(file)).length;
    await writeFile(file, `[${' '.repeat(length - 2)}]`);
  }],
  ['a byte in the middle of ngrams-text.bin is flipped', (_i, gen) => flipByte(path.join(gen, 'seg-000001', 'ngrams-text.bin'), (n) => n >> 1)],
  ['the last byte of ngrams-text.bin is flipped', (_i, gen) => flipByte(path.join(gen, 'seg-000001', 'ngrams-text.bin'), (n) => n - 1)],
  ['a byte in ngrams-title.bin is flipped', (_i, gen) => flipByte(path.join(gen, 'seg-000001', 'ngrams-title.bin'), (n) => n >> 1)],
  ['a byte in words.bin is flipped', (_i, gen) => flipByte(path.join(gen, 'seg-000001', 'words.bin'), (n) => n >> 1)],
  ['ngrams-text.bin is missing', (_i, gen) => rm(path.join(gen, 'seg-000001', 'ngrams-text.bin'))],
  ['a byte in the generation’s suggestions.json.br is flipped', (_i, gen) => flipByte(path.join(gen, 'suggestions.json.br'), (n) => n >> 1)],
  ['the generation’s suggestions.json.br is missing', (_i, gen) => rm(path.join(gen, 'suggestions.json.br'))],
  ['manifest.json no longer lists the generation’s suggestions.json.br', (_i, gen) =>
    editManifest(gen, (m) => {
      const { ['suggestions.json.br']: _dropped, ...files } = m.files as Record<string, unknown>;
      return { ...m, files };
    })],
  ['suggestions.json.br holds other JSON whose checksum the manifest was made to match', async (_i, gen) => {
    const bytes = brotliCompressSync(JSON.stringify({ format: 'zhsearch-suggestions', version: 1, keys: ['b', 'a'], texts: ['', ''], posts: [1, 1] }));
    await writeFile(path.join(gen, 'suggestions.json.br'), bytes);
    await editManifest(gen, (m) => ({
      ...m,
      files: { ...(m.files as object), 'suggestions.json.br': { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } },
    }));
  }],
  ['documents.bin.gz is not gzip at all, with a checksum the manifest was made to match', async (_i, gen) => {
    const bytes = await readFile(path.join(gen, 'seg-000001', 'documents.bin.gz'));
    const plain = gunzipSync(bytes);
    await writeFile(path.join(gen, 'seg-000001', 'documents.bin.gz'), plain);
    await editManifest(gen, (m) => ({
      ...m,
      files: { ...(m.files as object), 'seg-000001/documents.bin.gz': { bytes: plain.length, sha256: createHash('sha256').update(plain).digest('hex') } },
    }));
  }],
  ['ngrams-text.bin is cut short, with a checksum the manifest was made to match', async (_i, gen) => {
    const bytes = (await readFile(path.join(gen, 'seg-000001', 'ngrams-text.bin'))).subarray(0, 100);
    await writeFile(path.join(gen, 'seg-000001', 'ngrams-text.bin'), bytes);
    await editManifest(gen, (m) => ({
      ...m,
      files: { ...(m.files as object), 'seg-000001/ngrams-text.bin': { bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } },
    }));
  }],
  ['manifest.json is garbage bytes', (_i, gen) => writeFile(path.join(gen, 'manifest.json'), Buffer.from([0xff, 0x00, 0x7b, 0x13, 0x37]))],
  ['manifest.json is empty', (_i, gen) => writeFile(path.join(gen, 'manifest.json'), '')],
  ['manifest.json is cut in the middle', async (_i, gen) => {
    const file = path.join(gen, 'manifest.json');
    await truncate(file, Math.floor((await readFile(file)).length / 2));
  }],
  ['manifest.json is a JSON array', (_i, gen) => writeFile(path.join(gen, 'manifest.json'), '[1, 2, 3]')],
  ['manifest.json is null', (_i, gen) => writeFile(path.join(gen, 'manifest.json'), 'null')],
  ['manifest.json lacks the file table', (_i, gen) => editManifest(gen, ({ files: _files, ...rest }) => rest)],
  ['manifest.json no longer lists ngrams-text.bin', (_i, gen) =>
    editManifest(gen, (m) => {
      const { ['seg-000001/ngrams-text.bin']: _dropped, ...files } = m.files as Record<string, unknown>;
      return { ...m, files };
    })],
  ['manifest.json claims another document count', (_i, gen) => editManifest(gen, (m) => ({ ...m, docCount: 4 }))],
  ['manifest.json is missing', (_i, gen) => rm(path.join(gen, 'manifest.json'))],
  ['CURRENT points to a missing generation', (index) => writeFile(path.join(index, 'CURRENT'), 'gen-000009\n')],
  ['CURRENT points to an empty generation folder', async (index) => {
    await mkdir(path.join(index, 'gen-000002'));
    await writeFile(path.join(index, 'CURRENT'), 'gen-000002\n');
  }],
  ['CURRENT holds garbage', (index) => writeFile(path.join(index, 'CURRENT'), Buffer.from([0xde, 0xad, 0xbe, 0xef]))],
  ['CURRENT is empty', (index) => writeFile(path.join(index, 'CURRENT'), '')],
  ['CURRENT points outside the index folder', (index) => writeFile(path.join(index, 'CURRENT'), '../template/gen-000001\n')],
  ['CURRENT names two generations', (index) => writeFile(path.join(index, 'CURRENT'), 'gen-000001\ngen-000002\n')],
];

describe('loading a truncated or corrupt index', () => {
  it.each(corruptions)('fails with INDEX_CORRUPT, loading nothing, when %s', async (_name, corrupt) => {
    const { index, config, gen } = await copyOfTemplate();
    expect(await served(config)).toMatchObject(OLD_CORPUS);
    await corrupt(index, gen);
    expect((await loadError(config)).code).toBe('INDEX_CORRUPT');
  });

  it('fails with INDEX_CORRUPT whatever byte of whatever data file is flipped', async () => {
    const { config, gen } = await copyOfTemplate();
    const names = ['documents.bin.gz', 'words.bin', 'ngrams-title.bin', 'ngrams-text.bin'].map((name) => path.join('seg-000001', name)).concat('suggestions.json.br');
    const originals = new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(gen, name))] as const)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 255 }), async (name, where, mask) => {
        const original = originals.get(name)!;
        const bytes = Buffer.from(original);
        const at = Math.floor(where * bytes.length);
        bytes[at] = bytes[at]! ^ mask;
        await writeFile(path.join(gen, name), bytes);
        try {
          expect((await loadError(config)).code).toBe('INDEX_CORRUPT');
        } finally {
          await writeFile(path.join(gen, name), original);
        }
      }),
      { numRuns: 40 },
    );
    expect(await served(config)).toMatchObject(OLD_CORPUS);
  });
});
