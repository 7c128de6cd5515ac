/**
 * Incremental update: re-reads only the posts whose file changed, indexes the changed, added and
 * re-analyzed ones as one new segment, marks their old copies deleted in the segments that hold
 * them, and writes a new generation that shares every untouched segment with the current one. So
 * the cost follows the change. Falls back to a full build when the index cannot be updated.
 */
import { buildLocked, type BuildOptions, type BuildReport } from './build.js';
import { segmentChunks } from './build-workers.js';
import type { Config } from './config/schema.js';
import { createAnalyzerFor } from './engine.js';
import { ZhsearchError } from './errors.js';
import type { Analyzer } from './analysis/analyzer.js';
import { listPostFiles, stripLines } from './ingest/index.js';
import type { PostSkip, PostWarning } from './ingest/post.js';
import { withIndexLock } from './indexing/lock.js';
import type { AnalysisLists, Manifest, ManifestFile, PostLocation, SegmentEntry } from './indexing/manifest.js';
import { readCurrentManifest, readSegmentDocuments, saveGeneration, type KeptSegment, type NewSegment } from './indexing/persist.js';
import type { StoredDocument } from './indexing/schema.js';
import { buildSegment, nextSegmentName, segmentFileNames, serializeSegment, type SegmentFileName } from './indexing/segment.js';
import { silentLogger } from './logger.js';
import { ingestOptionsFor, ingestSettingsHash, readDocument } from './post-documents.js';
import { ZHSEARCH_VERSION } from './version.js';

/**
 * More small segments than this and the smallest are merged into the new one: every query asks each
 * segment's word index, so their number is kept small (Lucene's merge policy, much simplified). A
 * segment of at least half a build's segment size (`segmentPosts`) is not small: a big site's build
 * writes many of those, and merging them would make every update cost a rebuild of most of the site.
 */
export const MAX_SEGMENTS = 10;

export interface UpdateReport extends BuildReport {
  /** `incremental`: a new generation sharing segments; `full`: rebuilt (see reason); `unchanged`: nothing written. */
  mode: 'incremental' | 'full' | 'unchanged';
  /** Why a full build ran instead of an update, or null. */
  reason: string | null;
  added: number;
  changed: number;
  /** Posts no longer in the index: deleted files, and posts that now fail to read (also in skips). */
  removed: number;
  /** Posts found unchanged (file stats, or the same content hash). */
  unchanged: number;
  /** Posts re-analyzed because the user dictionary or stopwords changed words they contain. */
  reanalyzed: number;
  /** Documents moved into the new segment from merged segments. */
  merged: number;
  /** Segments of the new generation. */
  segments: number;
  /** Bytes this update wrote (the new segment and the manifest); the rest is shared. */
  writtenBytes: number;
}

interface FreshDocument {
  document: StoredDocument;
  stats: { mtimeMs: number; bytes: number };
}

/**
 * Brings the index of `config.index` up to date with `config.input`.
 *
 * @example
 * const report = await updateIndex(resolveConfig({ cwd, env: {} }));
 * console.log(report.added, report.changed, report.removed);
 */
export async function updateIndex(config: Config, options: BuildOptions = {}): Promise<UpdateReport> {
  return withIndexLock(config.index, () => updateLocked(config, options));
}

async function fullBuild(config: Config, options: BuildOptions, reason: string): Promise<UpdateReport> {
  (options.logger ?? silentLogger).info({ reason }, 'full build instead of an update');
  const report = await buildLocked(config, options);
  return {
    ...report,
    mode: 'full',
    reason,
    added: report.indexed,
    changed: 0,
    removed: 0,
    unchanged: 0,
    reanalyzed: 0,
    merged: 0,
    segments: report.workers,
    writtenBytes: report.indexBytes,
  };
}

/** Why the current index cannot be updated in place, or null. */
function fullBuildReason(manifest: Manifest, analyzer: Analyzer, config: Config): string | null {
  if (manifest.analysis.baseFingerprint !== analyzer.baseFingerprint) return 'the analyzer changed (version or jieba dictionary)';
  if (manifest.build.settings !== ingestSettingsHash(config)) return 'the ingest settings changed';
  return null;
}

/** Normalized words added to or removed from the user dictionary or the stopwords. */
export function changedWords(previous: AnalysisLists, analyzer: Analyzer): string[] {
  const difference = (a: readonly string[], b: readonly string[]): string[] => {
    const inA = new Set(a);
    const inB = new Set(b);
    return [...a.filter((x) => !inB.has(x)), ...b.filter((x) => !inA.has(x))];
  };
  // A line whose frequency or tag changed counts as its word changed.
  const dictionary = difference(previous.userDictionary, analyzer.userDictionary).map((line) => line.split(/\s+/)[0] ?? '');
  const stopwords = difference(previous.stopwords, [...analyzer.stopwords]);
  const words = [...dictionary, ...stopwords].map((word) => analyzer.normalize(word).trim()).filter((word) => word !== '');
  return [...new Set(words)];
}

async function updateLocked(config: Config, options: BuildOptions): Promise<UpdateReport> {
  const logger = options.logger ?? silentLogger;
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const analyzer = createAnalyzerFor(config);
  let current: { manifest: Manifest; directory: string; bytes: number };
  try {
    current = await readCurrentManifest(config.index);
  } catch (error) {
    if (!(error instanceof ZhsearchError)) throw error;
    return fullBuild(config, options, error.code === 'INDEX_NOT_FOUND' ? 'no index yet' : error.message);
  }
  const { manifest, directory } = current;
  const reason = fullBuildReason(manifest, analyzer, config);
  if (reason !== null) return fullBuild(config, options, reason);

  const listing = await listPostFiles(config.input, { includeDrafts: config.drafts });
  const skips: PostSkip[] = [...listing.skips];
  const warnings: PostWarning[] = [];
  const fresh: FreshDocument[] = [];
  /** Posts whose document stays where it is (new file stats allowed). */
  const kept = new Map<string, PostLocation>();
  const counts = { added: 0, changed: 0, removed: 0, unchanged: 0, reanalyzed: 0, merged: 0 };
  let statsChanged = false;
  let inputBytes = 0;
  const ingestOptions = ingestOptionsFor(config);
  const boilerplate = new Set((manifest.build.boilerplate ?? []).map((b) => b.line));
  for (const [i, file] of listing.files.entries()) {
    options.onProgress?.('read', i + 1, listing.files.length);
    const old = manifest.locations[file.id];
    const stats = { mtimeMs: file.mtimeMs, bytes: file.sizeBytes };
    if (old !== undefined && old.path === file.path && old.mtimeMs === stats.mtimeMs && old.bytes === stats.bytes) {
      kept.set(file.id, old);
      counts.unchanged++;
      continue;
    }
    const result = await readDocument(file, ingestOptions);
    inputBytes += file.sizeBytes;
    if (!result.ok) {
      skips.push(result.skip);
      logger.warn({ path: result.skip.path, code: result.skip.code }, result.skip.message);
      continue;
    }
    warnings.push(...result.warnings);
    const document = result.document;
    if (old !== undefined && old.path === file.path && manifest.posts[file.id] === document.contentHash) {
      // Touched, not changed: the content hash decides. New stats spare the next update this read.
      kept.set(file.id, { ...old, ...stats });
      statsChanged = true;
      counts.unchanged++;
      continue;
    }
    if (boilerplate.size > 0) document.text = stripLines(document.text, boilerplate);
    fresh.push({ document, stats });
    if (old === undefined) counts.added++;
    else counts.changed++;
  }
  const replaced = new Set(fresh.map((f) => f.document.id));
  for (const id of Object.keys(manifest.locations)) if (!kept.has(id) && !replaced.has(id)) counts.removed++;

  const deleted = new Map(manifest.segments.map((segment) => [segment.name, new Set(segment.deleted)]));
  const isKept = (segment: string, local: number, doc: StoredDocument): boolean => {
    const location = kept.get(doc.id);
    return location !== undefined && location.segment === segment && location.doc === local;
  };
  const moveToFresh = (segment: string, local: number, document: StoredDocument): void => {
    const location = kept.get(document.id)!;
    kept.delete(document.id);
    fresh.push({ document, stats: { mtimeMs: location.mtimeMs, bytes: location.bytes } });
    deleted.get(segment)!.add(local);
  };
  // Every document not kept in place is deleted from its segment (changed, removed, or now skipped).
  for (const [id, location] of Object.entries(manifest.locations)) {
    if (!kept.has(id)) deleted.get(location.segment)?.add(location.doc);
  }

  const words = changedWords(manifest.analysis, analyzer);
  if (words.length > 0) {
    for (const segment of manifest.segments) {
      const documents = await readSegmentDocuments(directory, manifest, segment);
      documents.forEach((doc, local) => {
        if (!isKept(segment.name, local, doc)) return;
        const title = analyzer.normalize(doc.title);
        const text = analyzer.normalize(doc.text);
        if (!words.some((word) => title.includes(word) || text.includes(word))) return;
        moveToFresh(segment.name, local, doc);
        counts.reanalyzed++;
      });
    }
    logger.info({ words: words.length, posts: counts.reanalyzed }, 'dictionary change: posts re-analyzed');
  }

  const live = (segment: SegmentEntry): number => segment.docCount - deleted.get(segment.name)!.size;
  const merging = chooseMerges(manifest.segments, live, fresh.length > 0, config.segmentPosts);
  for (const segment of manifest.segments) {
    if (!merging.has(segment.name) || live(segment) === 0) continue;
    const documents = await readSegmentDocuments(directory, manifest, segment);
    documents.forEach((doc, local) => {
      if (!isKept(segment.name, local, doc)) return;
      moveToFresh(segment.name, local, doc);
      counts.merged++;
    });
  }

  const fingerprintChanged = manifest.analyzerFingerprint !== analyzer.fingerprint;
  const anyDeleted = manifest.segments.some((segment) => deleted.get(segment.name)!.size !== segment.deleted.length);
  const base = { workers: 1, skipped: skips.length, skips, warnings, inputBytes, boilerplate: manifest.build.boilerplate ?? [], ...counts };
  if (fresh.length === 0 && !anyDeleted && !statsChanged && !fingerprintChanged) {
    return {
      ...base,
      mode: 'unchanged',
      reason: null,
      indexed: manifest.docCount,
      indexBytes: current.bytes,
      writtenBytes: 0,
      durationMs: performance.now() - started,
      generationDir: directory,
      saveWarnings: [],
      segments: manifest.segments.length,
    };
  }

  // Fresh posts are cut into segments of at most `segmentPosts`, as a build cuts them, and each is
  // serialized before the next is indexed: a dictionary change that re-analyzes most of a big site
  // then holds one segment's builders at a time, not the whole site's.
  const freshChunks = fresh.length === 0 ? [] : segmentChunks(fresh, 1, config.segmentPosts);
  const names: string[] = manifest.segments.map((segment) => segment.name);
  const added: NewSegment[] = [];
  const locations: Record<string, PostLocation> = Object.fromEntries(kept);
  const posts: Record<string, string> = {};
  for (const id of kept.keys()) posts[id] = manifest.posts[id]!;
  let indexedBefore = 0;
  for (const freshChunk of freshChunks) {
    const name = nextSegmentName(names);
    names.push(name);
    const built = buildSegment(
      freshChunk.map((f) => f.document),
      analyzer,
      { onProgress: (done) => options.onProgress?.('index', indexedBefore + done, fresh.length), wordIndex: config.wordIndex },
    );
    indexedBefore += freshChunk.length;
    added.push({ name, docCount: built.documents.length, files: serializeSegment(built) });
    freshChunk.forEach(({ document, stats }, doc) => {
      locations[document.id] = { segment: name, doc, path: document.path, ...stats };
      posts[document.id] = document.contentHash;
    });
  }
  const keptSegments: KeptSegment[] = manifest.segments
    .filter((segment) => !merging.has(segment.name) && live(segment) > 0)
    .map((segment) => ({
      entry: { name: segment.name, docCount: segment.docCount, deleted: [...deleted.get(segment.name)!].sort((a, b) => a - b) },
      fromDirectory: directory,
      files: segmentFiles(manifest, segment.name),
    }));
  options.onProgress?.('save', 0, 1);
  const saved = await saveGeneration(
    config.index,
    {
      analyzer,
      kept: keptSegments,
      added,
      locations,
    },
    {
      zhsearchVersion: ZHSEARCH_VERSION,
      input: config.input,
      posts,
      build: {
        startedAt,
        indexed: Object.keys(posts).length,
        skipped: skips.length,
        warnings: warnings.length,
        skips,
        boilerplate: manifest.build.boilerplate ?? [],
        settings: ingestSettingsHash(config),
      },
      keepGenerations: config.keepGenerations,
      ...(options.onSaveStep === undefined ? {} : { onStep: options.onSaveStep }),
    },
  );
  options.onProgress?.('save', 1, 1);
  return {
    ...base,
    mode: 'incremental',
    reason: null,
    indexed: saved.manifest.docCount,
    indexBytes: saved.bytes,
    writtenBytes: saved.writtenBytes,
    durationMs: performance.now() - started,
    generationDir: saved.directory,
    saveWarnings: saved.warnings,
    segments: saved.manifest.segments.length,
  };
}

/**
 * Segments whose live documents move into the new segment: those less than half alive (their
 * deleted documents still cost memory and load time), then the smallest of the small ones, until at
 * most MAX_SEGMENTS small ones remain. Fully deleted segments are simply dropped.
 */
function chooseMerges(
  segments: readonly SegmentEntry[],
  live: (segment: SegmentEntry) => number,
  adding: boolean,
  segmentPosts: number,
): Set<string> {
  const merging = new Set(segments.filter((segment) => live(segment) * 2 < segment.docCount).map((segment) => segment.name));
  const small = segments
    .filter((segment) => !merging.has(segment.name) && live(segment) * 2 < segmentPosts)
    .sort((a, b) => live(a) - live(b));
  // Merging any segment makes a new (small) segment even when nothing was added.
  const count = (): number => small.length + (adding || merging.size > 0 ? 1 : 0);
  while (count() > MAX_SEGMENTS && small.length > 0) merging.add(small.shift()!.name);
  return merging;
}

function segmentFiles(manifest: Manifest, segment: string): Partial<Record<SegmentFileName, ManifestFile>> {
  const files: Partial<Record<SegmentFileName, ManifestFile>> = {};
  for (const file of segmentFileNames((name) => manifest.files[`${segment}/${name}`] !== undefined)) {
    const entry = manifest.files[`${segment}/${file}`];
    if (entry === undefined) throw new ZhsearchError('INDEX_CORRUPT', `The index manifest lists no ${segment}/${file}.`);
    files[file] = entry;
  }
  return files;
}
