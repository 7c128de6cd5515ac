/**
 * Index generations on disk: `index/CURRENT` names `gen-NNNNNN/`, which holds the manifest
 * and data files. A save writes a new generation in a temp folder, fsyncs it, renames it,
 * then switches CURRENT atomically; the previous generation stays until the switch is done.
 * Loading checks format, fingerprint and every file's checksum, and never loads half.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Analyzer } from '../analysis/analyzer.js';
import { ZhsearchError, describeError } from '../errors.js';
import { INDEX_FORMAT_VERSION, parseManifest, type BuildSummary, type Manifest, type ManifestFile } from './manifest.js';
import { WordIndex } from './mini-search.js';
import { NgramStore } from './ngram-store.js';
import type { StoredDocument } from './schema.js';
import { SearchIndex } from './search-index.js';
import { SuggestionData } from './suggestion-data.js';
import { createTimeSlicer } from './time-slice.js';
import { isProcessAlive } from './process-alive.js';

export const CURRENT_FILE = 'CURRENT';
const GENERATION_NAME = /^gen-(\d{6,})$/;
const FILES = {
  documents: 'documents.json',
  words: 'words.json',
  titleNgrams: 'ngrams-title.bin',
  textNgrams: 'ngrams-text.bin',
  suggestions: 'suggestions.json',
  manifest: 'manifest.json',
} as const;

/** One file-system step of a save, reported to `onStep` before it runs and after. */
export interface SaveStep {
  action: 'mkdir' | 'write' | 'fsync' | 'rename' | 'fsync-dir' | 'switch' | 'cleanup';
  target: string;
  phase: 'before' | 'after';
}

export interface SaveOptions {
  zhsearchVersion: string;
  input: string | null;
  posts: Record<string, string>;
  build: BuildSummary;
  /** Old generations kept besides the new one. */
  keepGenerations?: number;
  /** Fault injection and tracing: throwing here aborts the save at that step. */
  onStep?: (step: SaveStep) => void;
}

export interface SavedGeneration {
  directory: string;
  manifest: Manifest;
  bytes: number;
  /** Problems after the switch (the new generation is live regardless). */
  warnings: string[];
}

export interface LoadedIndex {
  index: SearchIndex;
  manifest: Manifest;
  directory: string;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function generationName(generation: number): string {
  return `gen-${String(generation).padStart(6, '0')}`;
}

async function listGenerations(indexDir: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await fs.readdir(indexDir);
  } catch {
    return [];
  }
  return entries
    .map((name) => GENERATION_NAME.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => Number(match[1]))
    .sort((a, b) => a - b);
}

class StepRunner {
  constructor(private readonly onStep: ((step: SaveStep) => void) | undefined) {}

  async run<T>(action: SaveStep['action'], target: string, work: () => Promise<T>): Promise<T> {
    this.onStep?.({ action, target, phase: 'before' });
    const result = await work();
    this.onStep?.({ action, target, phase: 'after' });
    return result;
  }

  async writeDurably(file: string, bytes: Buffer): Promise<void> {
    this.onStep?.({ action: 'write', target: file, phase: 'before' });
    const handle = await fs.open(file, 'w');
    // One try for the write, its `after` step and the fsync: the handle is closed whichever throws.
    try {
      await handle.writeFile(bytes);
      this.onStep?.({ action: 'write', target: file, phase: 'after' });
      await this.run('fsync', file, () => handle.sync());
    } finally {
      await handle.close();
    }
  }

  async fsyncDir(directory: string): Promise<void> {
    await this.run('fsync-dir', directory, async () => {
      const handle = await fs.open(directory, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
  }
}

/**
 * Writes `index` as a new generation of `indexDir` and makes it current.
 * A failure at any step leaves the previous generation current and loadable.
 */
export async function saveIndex(indexDir: string, index: SearchIndex, options: SaveOptions): Promise<SavedGeneration> {
  const steps = new StepRunner(options.onStep);
  await fs.mkdir(indexDir, { recursive: true });
  await removeAbandonedTemps(indexDir);
  const previous = await readPointer(indexDir);
  const generation = ((await listGenerations(indexDir)).at(-1) ?? 0) + 1;
  const finalName = generationName(generation);
  const tempName = `${finalName}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const tempDir = path.join(indexDir, tempName);
  try {
    await steps.run('mkdir', tempDir, () => fs.mkdir(tempDir));
    const parts = index.parts();
    const data: Array<[string, Buffer]> = [
      [FILES.documents, Buffer.from(JSON.stringify(parts.documents), 'utf8')],
      [FILES.words, Buffer.from(parts.words.toJSON(), 'utf8')],
      [FILES.titleNgrams, parts.ngrams.title.serialize()],
      [FILES.textNgrams, parts.ngrams.text.serialize()],
      [FILES.suggestions, parts.suggestions.serialize()],
    ];
    const files: Record<string, ManifestFile> = {};
    for (const [name, bytes] of data) {
      await steps.writeDurably(path.join(tempDir, name), bytes);
      files[name] = { bytes: bytes.length, sha256: sha256(bytes) };
    }
    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      generation,
      analyzerFingerprint: index.analyzer.fingerprint,
      zhsearchVersion: options.zhsearchVersion,
      docCount: index.docCount,
      builtAt: new Date().toISOString(),
      input: options.input,
      files,
      posts: options.posts,
      build: options.build,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
    await steps.writeDurably(path.join(tempDir, FILES.manifest), manifestBytes);
    await steps.fsyncDir(tempDir);
    const finalDir = path.join(indexDir, finalName);
    await steps.run('rename', finalDir, () => fs.rename(tempDir, finalDir));
    await steps.fsyncDir(indexDir);
    await switchCurrent(indexDir, finalName, steps);
    // The new generation is live from here: later failures are warnings, never a failed build.
    const warnings: string[] = [];
    await steps.fsyncDir(indexDir).catch((error: unknown) => warnings.push(`fsync of ${indexDir} failed: ${describeError(error)}`));
    await pruneGenerations(indexDir, generation, previous, options.keepGenerations ?? 1, steps).catch((error: unknown) =>
      warnings.push(`removing old generations failed: ${describeError(error)}`),
    );
    const bytes = data.reduce((sum, [, b]) => sum + b.length, manifestBytes.length);
    return { directory: finalDir, manifest, bytes, warnings };
  } catch (error) {
    await fs.rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof ZhsearchError) throw error;
    throw new ZhsearchError('INDEX_WRITE_FAILED', `Could not write the index in ${indexDir}: ${describeError(error)}`, {
      cause: error,
    });
  }
}

async function switchCurrent(indexDir: string, generationDir: string, steps: StepRunner): Promise<void> {
  const temp = path.join(indexDir, `${CURRENT_FILE}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await steps.writeDurably(temp, Buffer.from(`${generationDir}\n`, 'utf8'));
    await steps.run('switch', path.join(indexDir, CURRENT_FILE), () => fs.rename(temp, path.join(indexDir, CURRENT_FILE)));
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    // A failure reported after the rename happened does not undo it: the new generation is live.
    if ((await readPointer(indexDir)) === generationDir) return;
    throw error;
  }
}

/**
 * The generation number `indexDir/CURRENT` names, or null when it is absent, unreadable or malformed.
 * Cheap (one small file): what a service polls to notice a new build.
 */
export async function readCurrentGeneration(indexDir: string): Promise<number | null> {
  const pointer = await readPointer(indexDir);
  return pointer === null ? null : Number(GENERATION_NAME.exec(pointer)?.[1]);
}

/** The generation CURRENT names, or null when it is absent or unreadable. */
async function readPointer(indexDir: string): Promise<string | null> {
  try {
    const pointer = (await fs.readFile(path.join(indexDir, CURRENT_FILE), 'utf8')).trim();
    return GENERATION_NAME.test(pointer) ? pointer : null;
  } catch {
    return null;
  }
}

/** Removes temp folders and pointer files left by saves whose process is gone (killed builds). */
async function removeAbandonedTemps(indexDir: string): Promise<void> {
  const pattern = /^(?:gen-\d{6,}|CURRENT)\.tmp-(\d+)-[0-9a-f]+$/;
  for (const name of await fs.readdir(indexDir)) {
    const match = pattern.exec(name);
    if (match === null || isProcessAlive(Number(match[1]))) continue;
    await fs.rm(path.join(indexDir, name), { recursive: true, force: true });
  }
}

/**
 * Removes old generations: keeps the new one, the one served before it (the fallback) and the
 * newest others up to `keep` old ones in all. Generations that were never served go first.
 */
async function pruneGenerations(
  indexDir: string,
  current: number,
  previous: string | null,
  keep: number,
  steps: StepRunner,
): Promise<void> {
  const previousNumber = previous === null ? null : Number(GENERATION_NAME.exec(previous)?.[1]);
  const old = (await listGenerations(indexDir)).filter((g) => g < current);
  const fallback = keep >= 1 && previousNumber !== null && old.includes(previousNumber) ? [previousNumber] : [];
  const others = old.filter((g) => !fallback.includes(g));
  const doomed = others.slice(0, Math.max(0, others.length - (keep - fallback.length)));
  for (const generation of doomed) {
    const dir = path.join(indexDir, generationName(generation));
    await steps.run('cleanup', dir, () => fs.rm(dir, { recursive: true, force: true }));
  }
}

/** Reads CURRENT and the manifest only: cheap, for health checks and staleness tests. */
export async function readCurrentManifest(
  indexDir: string,
  rebuildHint?: string,
): Promise<{ manifest: Manifest; directory: string }> {
  let pointer: string;
  try {
    pointer = (await fs.readFile(path.join(indexDir, CURRENT_FILE), 'utf8')).trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ZhsearchError('INDEX_NOT_FOUND', `There is no index in ${indexDir}. Run \`zhsearch build\` first.`, {
        cause: error,
      });
    }
    throw new ZhsearchError('INDEX_CORRUPT', `The index pointer in ${indexDir} cannot be read (${String(code)}).`, {
      cause: error,
    });
  }
  if (!GENERATION_NAME.test(pointer)) {
    throw new ZhsearchError('INDEX_CORRUPT', `The index pointer ${path.join(indexDir, CURRENT_FILE)} is corrupt.`);
  }
  const directory = path.join(indexDir, pointer);
  let json: string;
  try {
    json = await fs.readFile(path.join(directory, FILES.manifest), 'utf8');
  } catch (error) {
    throw new ZhsearchError('INDEX_CORRUPT', `The index generation ${pointer} has no manifest.`, { cause: error });
  }
  return { manifest: parseManifest(json, directory, rebuildHint), directory };
}

/** Fails with INDEX_INCOMPATIBLE unless `manifest` was written by this format and analyzer. */
export function assertCompatible(manifest: Manifest, analyzer: Analyzer, rebuildHint: string): void {
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new ZhsearchError(
      'INDEX_INCOMPATIBLE',
      `The index has format ${manifest.formatVersion}, this zhsearch reads format ${INDEX_FORMAT_VERSION}. Rebuild it: ${rebuildHint}`,
    );
  }
  if (manifest.analyzerFingerprint !== analyzer.fingerprint) {
    throw new ZhsearchError(
      'INDEX_INCOMPATIBLE',
      `The index was built with another analyzer (dictionary, stopwords or version changed). Rebuild it: ${rebuildHint}`,
      { details: { index: manifest.analyzerFingerprint, analyzer: analyzer.fingerprint } },
    );
  }
}

async function readChecked(directory: string, name: string, manifest: Manifest): Promise<Buffer> {
  const expected = manifest.files[name];
  if (expected === undefined) throw new ZhsearchError('INDEX_CORRUPT', `The index manifest lists no ${name}.`);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(directory, name));
  } catch (error) {
    throw new ZhsearchError('INDEX_CORRUPT', `The index file ${name} is missing.`, { cause: error });
  }
  if (bytes.length !== expected.bytes || sha256(bytes) !== expected.sha256) {
    throw new ZhsearchError('INDEX_CORRUPT', `The index file ${name} is truncated or corrupt. Rebuild the index.`);
  }
  return bytes;
}

function parseJsonFile<T>(bytes: Buffer, name: string): T {
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (error) {
    throw new ZhsearchError('INDEX_CORRUPT', `The index file ${name} is not valid JSON.`, { cause: error });
  }
}

/**
 * Loads the current generation of `indexDir` for `analyzer`.
 * @throws ZhsearchError INDEX_NOT_FOUND, INDEX_INCOMPATIBLE (naming `rebuildHint`) or INDEX_CORRUPT.
 */
export async function loadIndex(indexDir: string, analyzer: Analyzer, rebuildHint: string): Promise<LoadedIndex> {
  const pointer = await readPointer(indexDir);
  try {
    return await loadCurrent(indexDir, analyzer, rebuildHint);
  } catch (error) {
    // A build may have switched and pruned the generation while we read it: try the new one once.
    if (error instanceof ZhsearchError && error.code === 'INDEX_CORRUPT' && (await readPointer(indexDir)) !== pointer) {
      return loadCurrent(indexDir, analyzer, rebuildHint);
    }
    throw error;
  }
}

async function loadCurrent(indexDir: string, analyzer: Analyzer, rebuildHint: string): Promise<LoadedIndex> {
  const { manifest, directory } = await readCurrentManifest(indexDir, rebuildHint);
  assertCompatible(manifest, analyzer, rebuildHint);
  const [documentsBytes, wordsBytes, titleBytes, textBytes, suggestionBytes] = await Promise.all([
    readChecked(directory, FILES.documents, manifest),
    readChecked(directory, FILES.words, manifest),
    readChecked(directory, FILES.titleNgrams, manifest),
    readChecked(directory, FILES.textNgrams, manifest),
    readChecked(directory, FILES.suggestions, manifest),
  ]);
  // A service loads a new generation while it answers requests: every step below is one synchronous
  // block, so the event loop gets a turn between them (and between documents in fromParts).
  const pause = createTimeSlicer();
  const documents = parseJsonFile<StoredDocument[]>(documentsBytes, FILES.documents);
  if (!Array.isArray(documents) || documents.length !== manifest.docCount) {
    throw new ZhsearchError('INDEX_CORRUPT', 'The index documents do not match the manifest.');
  }
  await pause();
  let words: WordIndex;
  try {
    words = await WordIndex.load(wordsBytes.toString('utf8'), analyzer);
  } catch (error) {
    throw new ZhsearchError('INDEX_CORRUPT', `The index file ${FILES.words} could not be loaded.`, { cause: error });
  }
  await pause();
  const title = NgramStore.deserialize(titleBytes, FILES.titleNgrams);
  await pause();
  const text = NgramStore.deserialize(textBytes, FILES.textNgrams);
  await pause();
  const suggestions = SuggestionData.deserialize(suggestionBytes, FILES.suggestions);
  await pause();
  const index = await SearchIndex.fromParts({ documents, words, ngrams: { title, text }, suggestions }, analyzer, pause);
  return { index, manifest, directory };
}
