/**
 * Index generations on disk: `index/CURRENT` names `gen-NNNNNN/`, which holds the manifest
 * and one folder per segment (`seg-NNNNNN/`, its data files). A save writes a new generation in a
 * temp folder (new segments written, kept ones hard-linked), fsyncs it, renames it,
 * then switches CURRENT atomically; the previous generation stays until the switch is done.
 * Loading checks format, fingerprint and every file's checksum, and never loads half.
 */
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Analyzer } from '../analysis/analyzer.js';
import { ZhsearchError, describeError } from '../errors.js';
import {
  INDEX_FORMAT_VERSION,
  parseManifest,
  type BuildSummary,
  type Manifest,
  type ManifestFile,
  type PostLocation,
  type SegmentEntry,
} from './manifest.js';
import type { StoredDocument } from './schema.js';
import { SearchIndex, type LoadedSegment } from './search-index.js';
import { DEFAULT_SUGGESTION_LIMITS } from './suggestion-collector.js';
import { SuggestionData } from './suggestion-data.js';
import {
  SEGMENT_FILES,
  deserializeSegment,
  parseSegmentDocuments,
  parseSegmentSuggestions,
  segmentFileNames,
  serializeSuggestions,
  type SegmentFileName,
} from './segment.js';
import { createTimeSlicer } from './time-slice.js';
import { removeLeftoversOfGoneProcesses } from './process-alive.js';
import { mapConcurrently } from '../map-concurrently.js';

export const CURRENT_FILE = 'CURRENT';
/** The generation's suggestion vocabulary, its segments' merged, beside the manifest. */
export const GENERATION_SUGGESTIONS_FILE = 'suggestions.json.br';
const GENERATION_NAME = /^gen-(\d{6,})$/;
const MANIFEST_FILE = 'manifest.json';

/** One file-system step of a save, reported to `onStep` before it runs and after. */
export interface SaveStep {
  action: 'mkdir' | 'write' | 'link' | 'fsync' | 'rename' | 'fsync-dir' | 'switch' | 'cleanup';
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
  /** Bytes of the whole generation (shared segment files included). */
  bytes: number;
  /** Bytes this save wrote: the new segment and the manifest. */
  writtenBytes: number;
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

/** sha256 on libuv's thread pool (WebCrypto runs digests there): a load checks a large index's bytes without holding the event loop. */
async function sha256OffThread(bytes: Buffer): Promise<string> {
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
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

/** A segment of the current generation that the new one keeps (hard-linked, never rewritten). */
export interface KeptSegment {
  /** Its entry for the new manifest: the delete list may have grown. */
  entry: SegmentEntry;
  /** The generation folder holding its files now. */
  fromDirectory: string;
  /** Its files' sizes and checksums, from the current manifest. */
  files: Partial<Record<SegmentFileName, ManifestFile>>;
}

/** A segment written by this save, already serialized (worker threads serialize their own). */
export interface NewSegment {
  name: string;
  docCount: number;
  files: Array<[SegmentFileName, Buffer]>;
}

/** What a new generation holds: kept segments, then the new ones, in that order. */
export interface GenerationPlan {
  analyzer: Analyzer;
  kept: KeptSegment[];
  added: NewSegment[];
  /** Every live post's location; ids are those of `options.posts`. */
  locations: Record<string, PostLocation>;
}

/**
 * Writes a new generation from `plan` and makes it current: the new segment's files are written
 * and fsynced, the kept ones hard-linked from the current generation (copied where links fail), so
 * an update costs what it adds. A failure at any step leaves the previous generation current.
 */
export async function saveGeneration(indexDir: string, plan: GenerationPlan, options: SaveOptions): Promise<SavedGeneration> {
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
    const files: Record<string, ManifestFile> = {};
    const segments: SegmentEntry[] = [];
    let bytes = 0;
    let writtenBytes = 0;
    for (const kept of plan.kept) {
      const name = kept.entry.name;
      await steps.run('mkdir', path.join(tempDir, name), () => fs.mkdir(path.join(tempDir, name)));
      for (const [file, stat] of Object.entries(kept.files)) {
        const relative = `${name}/${file}`;
        await steps.run('link', path.join(tempDir, relative), () =>
          linkOrCopy(path.join(kept.fromDirectory, relative), path.join(tempDir, relative)),
        );
        files[relative] = stat;
        bytes += stat.bytes;
      }
      await steps.fsyncDir(path.join(tempDir, name));
      segments.push(kept.entry);
    }
    for (const { name, docCount, files: segmentFiles } of plan.added) {
      await steps.run('mkdir', path.join(tempDir, name), () => fs.mkdir(path.join(tempDir, name)));
      for (const [file, data] of segmentFiles) {
        const relative = `${name}/${file}`;
        await steps.writeDurably(path.join(tempDir, relative), data);
        files[relative] = { bytes: data.length, sha256: sha256(data) };
        bytes += data.length;
        writtenBytes += data.length;
      }
      await steps.fsyncDir(path.join(tempDir, name));
      segments.push({ name, docCount, deleted: [] });
    }
    const suggestions = serializeSuggestions(await mergedSuggestions(plan));
    await steps.writeDurably(path.join(tempDir, GENERATION_SUGGESTIONS_FILE), suggestions);
    files[GENERATION_SUGGESTIONS_FILE] = { bytes: suggestions.length, sha256: sha256(suggestions) };
    bytes += suggestions.length;
    writtenBytes += suggestions.length;
    const analyzer = plan.analyzer;
    const manifest: Manifest = {
      formatVersion: INDEX_FORMAT_VERSION,
      generation,
      analyzerFingerprint: analyzer.fingerprint,
      zhsearchVersion: options.zhsearchVersion,
      docCount: segments.reduce((sum, segment) => sum + segment.docCount - segment.deleted.length, 0),
      builtAt: new Date().toISOString(),
      input: options.input,
      files,
      segments,
      posts: options.posts,
      locations: plan.locations,
      analysis: {
        baseFingerprint: analyzer.baseFingerprint,
        userDictionary: [...analyzer.userDictionary],
        stopwords: [...analyzer.stopwords].sort(),
      },
      build: options.build,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2), 'utf8');
    await steps.writeDurably(path.join(tempDir, MANIFEST_FILE), manifestBytes);
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
    return {
      directory: finalDir,
      manifest,
      bytes: bytes + manifestBytes.length,
      writtenBytes: writtenBytes + manifestBytes.length,
      warnings,
    };
  } catch (error) {
    await fs.rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof ZhsearchError) throw error;
    throw new ZhsearchError('INDEX_WRITE_FAILED', `Could not write the index in ${indexDir}: ${describeError(error)}`, {
      cause: error,
    });
  }
}

/**
 * The vocabulary a generation serves: its segments' vocabularies merged (kept segments' read back,
 * checked, from their files), so that a load reads one file instead of merging twenty segments'.
 */
async function mergedSuggestions(plan: GenerationPlan): Promise<SuggestionData> {
  const parts: SuggestionData[] = [];
  for (const kept of plan.kept) {
    const relative = `${kept.entry.name}/${SEGMENT_FILES.suggestions}`;
    const expected = kept.files[SEGMENT_FILES.suggestions];
    if (expected === undefined) throw new ZhsearchError('INDEX_CORRUPT', `The index manifest lists no ${relative}.`);
    parts.push(await parseSegmentSuggestions(await readMatching(kept.fromDirectory, relative, expected), relative));
  }
  for (const added of plan.added) {
    const file = added.files.find(([name]) => name === SEGMENT_FILES.suggestions);
    if (file === undefined) throw new Error(`segment ${added.name} has no suggestions`);
    parts.push(await parseSegmentSuggestions(file[1], `${added.name}/${SEGMENT_FILES.suggestions}`));
  }
  return SuggestionData.merge(parts, DEFAULT_SUGGESTION_LIMITS.maxEntries);
}

/**
 * Shares an immutable segment file with the new generation. A hard link costs no bytes and keeps
 * each generation folder self-contained (pruning an old one leaves the file to the others); where
 * the file system refuses links, a copy (fsynced) does the same job slower.
 */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw error;
    await fs.copyFile(from, to);
    const handle = await fs.open(to, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
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
  await removeLeftoversOfGoneProcesses(indexDir, /^(?:gen-\d{6,}|CURRENT)\.tmp-(\d+)-[0-9a-f]+$/);
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
): Promise<{ manifest: Manifest; directory: string; bytes: number }> {
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
    json = await fs.readFile(path.join(directory, MANIFEST_FILE), 'utf8');
  } catch (error) {
    throw new ZhsearchError('INDEX_CORRUPT', `The index generation ${pointer} has no manifest.`, { cause: error });
  }
  const manifest = parseManifest(json, directory, rebuildHint);
  // The generation's size as a save reports it: its files and the manifest itself.
  const bytes = Object.values(manifest.files).reduce((sum, file) => sum + file.bytes, Buffer.byteLength(json, 'utf8'));
  return { manifest, directory, bytes };
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
  return readMatching(directory, name, expected);
}

/** The file `name` of `directory`, which must have the size and checksum `expected` gives. */
async function readMatching(directory: string, name: string, expected: ManifestFile): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path.join(directory, name));
  } catch (error) {
    throw new ZhsearchError('INDEX_CORRUPT', `The index file ${name} is missing.`, { cause: error });
  }
  if (bytes.length !== expected.bytes || (await sha256OffThread(bytes)) !== expected.sha256) {
    throw new ZhsearchError('INDEX_CORRUPT', `The index file ${name} is truncated or corrupt. Rebuild the index.`);
  }
  return bytes;
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
  // A service loads a new generation while it answers requests: every step below is one synchronous
  // block, so the event loop gets a turn between them (and between documents as they are folded).
  const pause = createTimeSlicer();
  // A few segments at a time: while one is parsed and folded here, the next ones are read, checked and
  // decompressed on the thread pool.
  const suggestions = readChecked(directory, GENERATION_SUGGESTIONS_FILE, manifest).then((stored) =>
    parseSegmentSuggestions(stored, GENERATION_SUGGESTIONS_FILE),
  );
  const segments = mapConcurrently(manifest.segments, SEGMENTS_LOADED_AT_ONCE, async (segment): Promise<LoadedSegment> => {
    // A segment's own vocabulary is for the next save's merge: the generation's merged one is served.
    const names = segmentFileNames((file) => manifest.files[`${segment.name}/${file}`] !== undefined).filter(
      (file) => file !== SEGMENT_FILES.suggestions,
    );
    const bytes = await Promise.all(names.map((file) => readChecked(directory, `${segment.name}/${file}`, manifest)));
    const files: Partial<Record<SegmentFileName, Buffer>> = Object.fromEntries(names.map((file, i) => [file, bytes[i]!]));
    const parts = await deserializeSegment(files, segment.docCount, segment.name, pause, (title) => analyzer.fold(title));
    return { parts, deleted: new Set(segment.deleted) };
  });
  // Both awaited together: a failure of either is handled the moment it happens.
  const [vocabulary, loaded] = await Promise.all([suggestions, segments]);
  const index = SearchIndex.fromSegments(loaded, vocabulary, analyzer);
  return { index, manifest, directory };
}

/** Segments a load has under way at once (their files are held meanwhile). */
const SEGMENTS_LOADED_AT_ONCE = 3;

/** The stored documents of one segment of a generation, checked against its manifest. */
export async function readSegmentDocuments(directory: string, manifest: Manifest, segment: SegmentEntry): Promise<StoredDocument[]> {
  const relative = `${segment.name}/${SEGMENT_FILES.documents}`;
  return (await parseSegmentDocuments(await readChecked(directory, relative, manifest), segment.docCount, relative)).documents;
}
