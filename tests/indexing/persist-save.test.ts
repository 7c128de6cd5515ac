import { createHash } from 'node:crypto';
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import { cp, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildIndex, createAnalyzerFor, openEngine, readCurrentManifest, type SaveStep } from '../../src/index.js';
import { INDEX_FORMAT_VERSION } from '../../src/indexing/manifest.js';
import {
  NEW_CORPUS,
  OLD_CORPUS,
  SAMPLE_POSTS_DIR,
  configFor,
  currentPointer,
  generationDirs,
  served,
  tempEntries,
  useTempDirs,
  writeChangedCorpus,
} from '../helpers/persist-fixtures.js';

const tempDir = useTempDirs();
let root: string;
let changedInput: string;
/** A complete index of the sample posts (generation 1). */
let template: string;
let copies = 0;

beforeAll(async () => {
  root = await tempDir('persist-save');
  changedInput = await writeChangedCorpus(root);
  template = path.join(root, 'template');
  await buildIndex(configFor(SAMPLE_POSTS_DIR, template));
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function copyOfTemplate(): Promise<string> {
  const index = path.join(root, `copy-${++copies}`);
  await cp(template, index, { recursive: true });
  return index;
}

describe('the index on disk', () => {
  it('is a folder holding CURRENT, which names gen-000001/, which holds manifest.json, the merged suggestions and one segment folder of the data files', async () => {
    const index = path.join(root, 'layout');
    const config = configFor(SAMPLE_POSTS_DIR, index);
    const report = await buildIndex(config);
    expect((await readdir(index)).sort()).toEqual(['CURRENT', 'gen-000001']);
    expect(await readFile(path.join(index, 'CURRENT'), 'utf8')).toBe('gen-000001\n');
    expect(report.generationDir).toBe(path.join(index, 'gen-000001'));
    const { manifest } = await readCurrentManifest(index);
    expect((await readdir(path.join(index, 'gen-000001'))).sort()).toEqual(['manifest.json', 'seg-000001', 'suggestions.json.br']);
    expect(manifest.segments).toEqual([{ name: 'seg-000001', docCount: 5, deleted: [] }]);
    const segmentFiles = ['documents.bin.gz', 'ngrams-text.bin', 'ngrams-title.bin', 'suggestions.json.br', 'words.bin'].map((f) => `seg-000001/${f}`);
    expect(Object.keys(manifest.files).sort()).toEqual([...segmentFiles, 'suggestions.json.br'].sort());
    expect((await readdir(path.join(index, 'gen-000001', 'seg-000001'))).map((f) => `seg-000001/${f}`).sort()).toEqual(segmentFiles);
    expect(await served(config)).toEqual({ generation: 1, ...OLD_CORPUS });
  });

  it('records format version, analyzer fingerprint, doc count, build time and a content hash per post in the manifest', async () => {
    const index = path.join(root, 'manifest');
    const config = configFor(SAMPLE_POSTS_DIR, index);
    const before = Date.now();
    await buildIndex(config);
    const after = Date.now();
    const { manifest, directory } = await readCurrentManifest(index);
    expect(manifest.formatVersion).toBe(INDEX_FORMAT_VERSION);
    expect(manifest.analyzerFingerprint).toBe(createAnalyzerFor(config).fingerprint);
    expect(manifest.docCount).toBe(5);
    expect(manifest.builtAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(Date.parse(manifest.builtAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(manifest.builtAt)).toBeLessThanOrEqual(after);
    const postFiles = (await readdir(SAMPLE_POSTS_DIR)).sort();
    const expectedPosts = Object.fromEntries(
      postFiles.map((name) => [
        name.replace(/\.[^.]+$/, ''),
        createHash('sha256').update(readFileSync(path.join(SAMPLE_POSTS_DIR, name))).digest('hex'),
      ]),
    );
    expect(manifest.posts).toEqual(expectedPosts);
    for (const [name, file] of Object.entries(manifest.files)) {
      const bytes = await readFile(path.join(directory, name));
      expect({ name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual({ name, ...file });
    }
  });

  it('stores the suggestion vocabulary as suggestions.json.br, per segment and merged for the generation, listed in the manifest with its size and sha256', async () => {
    const index = await copyOfTemplate();
    const { manifest, directory } = await readCurrentManifest(index);
    for (const file of ['seg-000001/suggestions.json.br', 'suggestions.json.br']) {
      const bytes = await readFile(path.join(directory, file));
      expect(manifest.files[file]).toEqual({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
    const engine = await openEngine(configFor(SAMPLE_POSTS_DIR, index));
    expect(engine.index.suggestions.size).toBeGreaterThan(100);
    expect(engine.suggester.suggest('核酸', 8).map((s) => s.text)).toContain('核酸检测');
  });

  it('writes each build as the next generation and switches CURRENT to it, keeping the previous one', async () => {
    const index = await copyOfTemplate();
    const config = configFor(changedInput, index, { keepGenerations: 1 });
    const report = await buildIndex(config);
    expect(report.generationDir).toBe(path.join(index, 'gen-000002'));
    expect(await currentPointer(index)).toBe('gen-000002');
    expect(await generationDirs(index)).toEqual(['gen-000001', 'gen-000002']);
    expect(await tempEntries(index)).toEqual([]);
    expect(await served(config)).toEqual({ generation: 2, ...NEW_CORPUS });
  });
});

interface FsEvent {
  op: 'write' | 'sync' | 'rename' | 'rm';
  path: string;
  to?: string;
  /** For a rename of CURRENT's temp file: what it held. */
  content?: string;
}

/** Records the file-system calls of the code under test, with `.tmp-<pid>-<rand>` names folded to `.tmp`. */
async function traceFileSystem(indexDir: string): Promise<FsEvent[]> {
  const events: FsEvent[] = [];
  const rel = (p: string): string => (path.relative(indexDir, p) || '.').replace(/\.tmp-\d+-[0-9a-f]+/g, '.tmp');
  const fdPaths = new Map<number, string>();
  const probe = await fsp.open(path.join(template, 'CURRENT'), 'r');
  const handleProto = Object.getPrototypeOf(probe) as {
    sync(this: { fd: number }): Promise<void>;
    writeFile(this: { fd: number }, ...args: unknown[]): Promise<void>;
  };
  await probe.close();
  const realOpen = fsp.open.bind(fsp);
  vi.spyOn(fsp, 'open').mockImplementation(async (...args: Parameters<typeof fsp.open>) => {
    const handle = await realOpen(...args);
    fdPaths.set(handle.fd, rel(String(args[0])));
    return handle;
  });
  const realSync = handleProto.sync;
  vi.spyOn(handleProto, 'sync').mockImplementation(function (this: { fd: number }) {
    events.push({ op: 'sync', path: fdPaths.get(this.fd) ?? `fd ${this.fd}` });
    return realSync.call(this);
  });
  const realWriteFile = handleProto.writeFile;
  vi.spyOn(handleProto, 'writeFile').mockImplementation(function (this: { fd: number }, ...args: unknown[]) {
    events.push({ op: 'write', path: fdPaths.get(this.fd) ?? `fd ${this.fd}` });
    return realWriteFile.call(this, ...args);
  });
  const realRename = fsp.rename.bind(fsp);
  vi.spyOn(fsp, 'rename').mockImplementation(async (from, to) => {
    const event: FsEvent = { op: 'rename', path: rel(String(from)), to: rel(String(to)) };
    if (event.to === 'CURRENT') event.content = readFileSync(from, 'utf8');
    events.push(event);
    return realRename(from, to);
  });
  const realRm = fsp.rm.bind(fsp);
  vi.spyOn(fsp, 'rm').mockImplementation(async (target, options) => {
    events.push({ op: 'rm', path: rel(String(target)) });
    return realRm(target, options);
  });
  return events;
}

describe('saving a generation', () => {
  it('fsyncs every file of the new generation and its folder before renaming it into place, and fsyncs the index folder after', async () => {
    const index = await copyOfTemplate();
    const events = await traceFileSystem(index);
    await buildIndex(configFor(changedInput, index));
    vi.restoreAllMocks();
    const { manifest } = await readCurrentManifest(index);
    const at = (op: FsEvent['op'], p: string, from = 0): number =>
      events.findIndex((e, i) => i >= from && e.op === op && (e.op === 'rename' ? e.to === p : e.path === p));
    const renameGen = at('rename', 'gen-000002');
    expect(events[renameGen]).toMatchObject({ path: 'gen-000002.tmp' });
    const syncTempDir = at('sync', 'gen-000002.tmp');
    expect(syncTempDir).toBeGreaterThanOrEqual(0);
    expect(syncTempDir).toBeLessThan(renameGen);
    const dataFiles = Object.keys(manifest.files);
    for (const name of [...dataFiles, 'manifest.json']) {
      const write = at('write', `gen-000002.tmp/${name}`);
      const sync = at('sync', `gen-000002.tmp/${name}`, write);
      expect({ name, written: write >= 0, syncedAfterWrite: sync > write, syncedBeforeFolder: sync < syncTempDir }).toEqual({
        name,
        written: true,
        syncedAfterWrite: true,
        syncedBeforeFolder: true,
      });
    }
    const lastDataSync = Math.max(...dataFiles.map((name) => at('sync', `gen-000002.tmp/${name}`)));
    expect(at('write', 'gen-000002.tmp/manifest.json')).toBeGreaterThan(lastDataSync);
    const syncIndexAfterRename = at('sync', '.', renameGen);
    expect(syncIndexAfterRename).toBeGreaterThan(renameGen);
    expect(syncIndexAfterRename).toBeLessThan(at('rename', 'CURRENT'));
  });

  it('switches CURRENT by renaming a fsynced temp file over it, then fsyncs the index folder', async () => {
    const index = await copyOfTemplate();
    const events = await traceFileSystem(index);
    await buildIndex(configFor(changedInput, index));
    vi.restoreAllMocks();
    const switches = events.filter((e) => e.op === 'rename' && e.to === 'CURRENT');
    expect(switches).toEqual([{ op: 'rename', path: 'CURRENT.tmp', to: 'CURRENT', content: 'gen-000002\n' }]);
    const labels = events.map((e) => `${e.op} ${e.path}${e.to === undefined ? '' : ` -> ${e.to}`}`);
    const fromRenameGen = labels.slice(labels.indexOf('rename gen-000002.tmp -> gen-000002'));
    expect(fromRenameGen.filter((l) => !l.startsWith('rm '))).toEqual([
      'rename gen-000002.tmp -> gen-000002',
      'sync .',
      'write CURRENT.tmp',
      'sync CURRENT.tmp',
      'rename CURRENT.tmp -> CURRENT',
      'sync .',
    ]);
    const writesInPlace = labels.filter((l) => l.startsWith('write ') && !/^write (gen-000002\.tmp\/(seg-\d+\/)?[^/]+|CURRENT\.tmp)$/.test(l));
    expect(writesInPlace).toEqual([]);
    // Nothing is removed before the switch but the build lock's own temp file (lock.ts links it into place).
    const removedBeforeSwitch = labels.slice(0, labels.indexOf('rename CURRENT.tmp -> CURRENT')).filter((l) => l.startsWith('rm '));
    expect(removedBeforeSwitch.filter((l) => l !== 'rm LOCK.tmp')).toEqual([]);
  });

  it('keeps the previous generation, and CURRENT naming it, until the switch is done', async () => {
    const index = await copyOfTemplate();
    const observed: string[] = [];
    let switched = false;
    await buildIndex(configFor(changedInput, index, { keepGenerations: 0 }), {
      onSaveStep: (step) => {
        const pointer = readFileSync(path.join(index, 'CURRENT'), 'utf8');
        const previousThere = existsSync(path.join(index, 'gen-000001', 'manifest.json'));
        if (step.action === 'switch' && step.phase === 'after') switched = true;
        const expected = switched ? 'gen-000002\n' : 'gen-000001\n';
        if (pointer !== expected || (!switched && !previousThere)) {
          observed.push(`${step.action}:${step.phase}: CURRENT=${JSON.stringify(pointer)}, gen-000001 ${previousThere ? 'kept' : 'gone'}`);
        }
      },
    });
    expect(switched).toBe(true);
    expect(observed).toEqual([]);
    expect(await generationDirs(index)).toEqual(['gen-000002']);
  });
});

describe('pruning old generations', () => {
  it.each<[string, number, number, string[]]>([
    ['the newest generation after 3 builds with keepGenerations 0', 0, 3, ['gen-000003']],
    ['the 2 newest generations after 3 builds with keepGenerations 1', 1, 3, ['gen-000002', 'gen-000003']],
    ['the 3 newest generations after 4 builds with keepGenerations 2', 2, 4, ['gen-000002', 'gen-000003', 'gen-000004']],
  ])(
    'keeps only %s, CURRENT never naming a removed one',
    async (_name, keep, builds, remaining) => {
      const index = path.join(root, `prune-${keep}`);
      const config = configFor(SAMPLE_POSTS_DIR, index, { keepGenerations: keep });
      const dangling: string[] = [];
      const checkPointer = (when: string): void => {
        if (!existsSync(path.join(index, 'CURRENT'))) return;
        const pointer = readFileSync(path.join(index, 'CURRENT'), 'utf8').trim();
        if (!existsSync(path.join(index, pointer, 'manifest.json'))) dangling.push(`${when}: CURRENT names removed ${pointer}`);
      };
      for (let build = 1; build <= builds; build++) {
        await buildIndex(config, { onSaveStep: (step: SaveStep) => checkPointer(`build ${build} ${step.action}:${step.phase}`) });
        checkPointer(`after build ${build}`);
        expect(await served(config)).toEqual({ generation: build, ...OLD_CORPUS });
      }
      expect(dangling).toEqual([]);
      expect(await generationDirs(index)).toEqual(remaining);
      expect(await currentPointer(index)).toBe(remaining.at(-1));
      expect(await tempEntries(index)).toEqual([]);
    },
  );

  it('never prunes the generation CURRENT names, even when keepGenerations is 0', async () => {
    const index = await copyOfTemplate();
    const config = configFor(changedInput, index, { keepGenerations: 0 });
    await buildIndex(config);
    await buildIndex(config);
    expect(await generationDirs(index)).toEqual([await currentPointer(index)]);
    expect(await served(config)).toEqual({ generation: 3, ...NEW_CORPUS });
  });
});
