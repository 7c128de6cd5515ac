/**
 * The build pipeline: list and read posts (ingest), index them (indexing), save a new
 * generation (persist), and report what happened, skips included. No printing here: the CLI
 * renders the report and progress.
 */
import { createAnalyzerFor } from './engine.js';
import type { Config } from './config/schema.js';
import { ZhsearchError } from './errors.js';
import { detectBoilerplate, listPostFiles, stripLines, type BoilerplateLine } from './ingest/index.js';
import type { PostSkip, PostWarning } from './ingest/post.js';
import { silentLogger, type Logger } from './logger.js';
import { withIndexLock } from './indexing/lock.js';
import { readCurrentManifest, saveGeneration, type NewSegment, type SaveStep } from './indexing/persist.js';
import { INDEX_FORMAT_VERSION, type PostLocation } from './indexing/manifest.js';
import type { StoredDocument } from './indexing/schema.js';
import { buildSegment, nextSegmentName, serializeSegment, type BuildSegmentOptions } from './indexing/segment.js';
import { ingestOptionsFor, ingestSettingsHash, readDocuments } from './post-documents.js';
import { BuildWorkerPool, chunk, segmentChunks, workerCount, type WorkerSegment } from './build-workers.js';
import type { Analyzer } from './analysis/analyzer.js';
import { ZHSEARCH_VERSION } from './version.js';

export type BuildPhase = 'read' | 'index' | 'save';

export interface BuildOptions {
  logger?: Logger;
  onProgress?: (phase: BuildPhase, done: number, total: number) => void;
  /** Fault injection / tracing of the save's file-system steps. */
  onSaveStep?: (step: SaveStep) => void;
  /** Fewer posts per worker than this and a build uses fewer workers (default DEFAULT_MIN_POSTS_PER_WORKER). */
  minPostsPerWorker?: number;
}

export interface BuildReport {
  /** Worker threads that read and indexed the posts (1: in the calling thread). */
  workers: number;
  indexed: number;
  skipped: number;
  skips: PostSkip[];
  warnings: PostWarning[];
  /** Bytes of the post files read. */
  inputBytes: number;
  /** Bytes of the new generation on disk. */
  indexBytes: number;
  durationMs: number;
  generationDir: string;
  /** Problems after the new generation went live (e.g. old generations not removed). */
  saveWarnings: string[];
  /** Lines found in too many posts to be their own text; not indexed. */
  boilerplate: BoilerplateLine[];
}

/**
 * Reads every post under `config.input` and writes a new index generation to `config.index`.
 * Bad posts are skipped and reported; the build fails only when the index cannot be written.
 *
 * @example
 * const report = await buildIndex(resolveConfig({ cwd, env: {} }));
 * console.log(report.indexed, report.skipped);
 */
export async function buildIndex(config: Config, options: BuildOptions = {}): Promise<BuildReport> {
  return withIndexLock(config.index, () => buildLocked(config, options));
}

/** `buildIndex` for a caller that already holds the index lock (update falls back to it). */
export async function buildLocked(config: Config, options: BuildOptions): Promise<BuildReport> {
  const logger = options.logger ?? silentLogger;
  const started = performance.now();
  // Posts changed after this instant may be missing from the index: the staleness check compares with it.
  const startedAt = new Date().toISOString();
  const listing = await listPostFiles(config.input, { includeDrafts: config.drafts });
  const skips: PostSkip[] = [...listing.skips];
  const warnings: PostWarning[] = [];
  const documents: StoredDocument[] = [];
  const posts: Record<string, string> = {};
  let inputBytes = 0;
  const fileStats: Record<string, { mtimeMs: number; bytes: number }> = {};
  const workers = workerCount(config, listing.files.length, options.minPostsPerWorker);
  let phase: BuildPhase = 'read';
  let done = 0;
  let total = listing.files.length;
  const progress = (posts = 1): void => options.onProgress?.(phase, (done += posts), total);
  const starting = workers > 1 ? BuildWorkerPool.start(config, workers, progress) : null;
  let analyzer: Analyzer;
  try {
    // This thread loads its jieba dictionary while the workers load theirs (about a second each).
    analyzer = createAnalyzerFor(config);
  } catch (error) {
    await starting?.then((pool) => pool.close(), () => undefined);
    throw error;
  }
  const pool = starting === null ? null : await starting;
  try {
    const ingestOptions = ingestOptionsFor(config);
    const results =
      pool === null ? readDocuments(listing.files, ingestOptions, () => progress()) : pool.read(chunk(listing.files, pool.size));
    for (const [i, result] of (await results).entries()) {
      const file = listing.files[i]!;
      if (result.ok) {
        documents.push(result.document);
        posts[result.document.id] = result.document.contentHash;
        fileStats[result.document.id] = { mtimeMs: file.mtimeMs, bytes: file.sizeBytes };
        warnings.push(...result.warnings);
        inputBytes += file.sizeBytes;
      } else {
        skips.push(result.skip);
        logger.warn({ path: result.skip.path, code: result.skip.code }, result.skip.message);
      }
    }
    const boilerplate = detectBoilerplate(
      documents.map((doc) => doc.text),
      { minShare: config.boilerplateMinShare, minPosts: config.boilerplateMinPosts },
    );
    if (boilerplate.length > 0) {
      const lines = new Set(boilerplate.map((b) => b.line));
      for (const doc of documents) doc.text = stripLines(doc.text, lines);
      logger.info({ lines: boilerplate.length }, 'boilerplate lines dropped');
    }
    [phase, done, total] = ['index', 0, documents.length];
    // Segments in post order: loading lays them end to end, as one build would.
    const chunks = segmentChunks(documents, workers, config.segmentPosts);
    const built = pool === null ? chunks.map((segment) => serializedSegment(segment, analyzer, { onProgress: () => progress(), wordIndex: config.wordIndex })) : await pool.index(chunks);
    // The workers' indexes and jieba dictionaries are done with: free them before the save.
    await pool?.close();
    const added: NewSegment[] = [];
    const locations: Record<string, PostLocation> = {};
    built.forEach((segment, i) => {
      const name = nextSegmentName(added.map((a) => a.name));
      added.push({ name, ...segment });
      chunks[i]!.forEach((doc, number) => {
        const stats = fileStats[doc.id]!;
        locations[doc.id] = { segment: name, doc: number, path: doc.path, mtimeMs: stats.mtimeMs, bytes: stats.bytes };
      });
    });
    options.onProgress?.('save', 0, 1);
    return await save(config, options, { analyzer, added, locations, posts, startedAt, skips, warnings, boilerplate, inputBytes, started, workers });
  } finally {
    await pool?.close();
  }
}

function serializedSegment(documents: readonly StoredDocument[], analyzer: Analyzer, options: BuildSegmentOptions): WorkerSegment {
  const parts = buildSegment(documents, analyzer, options);
  return { docCount: parts.documents.length, files: serializeSegment(parts) };
}

interface BuildOutcome {
  analyzer: Analyzer;
  added: NewSegment[];
  locations: Record<string, PostLocation>;
  posts: Record<string, string>;
  startedAt: string;
  skips: PostSkip[];
  warnings: PostWarning[];
  boilerplate: BoilerplateLine[];
  inputBytes: number;
  started: number;
  workers: number;
}

async function save(config: Config, options: BuildOptions, outcome: BuildOutcome): Promise<BuildReport> {
  const { analyzer, added, locations, posts, startedAt, skips, warnings, boilerplate, inputBytes, started } = outcome;
  const indexed = Object.keys(posts).length;
  const saved = await saveGeneration(config.index, { analyzer, kept: [], added, locations }, {
    zhsearchVersion: ZHSEARCH_VERSION,
    input: config.input,
    posts,
    build: {
      startedAt,
      indexed,
      skipped: skips.length,
      warnings: warnings.length,
      skips,
      boilerplate,
      settings: ingestSettingsHash(config),
    },
    keepGenerations: config.keepGenerations,
    ...(options.onSaveStep === undefined ? {} : { onStep: options.onSaveStep }),
  });
  options.onProgress?.('save', 1, 1);
  return {
    workers: outcome.workers,
    indexed,
    skipped: skips.length,
    skips,
    warnings,
    inputBytes,
    indexBytes: saved.bytes,
    durationMs: performance.now() - started,
    generationDir: saved.directory,
    saveWarnings: saved.warnings,
    boilerplate,
  };
}

/** Why the index of `config.index` needs a rebuild for `config.input`, or null when it is fresh. */
export async function staleIndexReason(config: Config): Promise<string | null> {
  let manifest;
  try {
    manifest = (await readCurrentManifest(config.index)).manifest;
  } catch (error) {
    if (error instanceof ZhsearchError) return error.code === 'INDEX_NOT_FOUND' ? 'no index yet' : error.message;
    throw error;
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) return 'the index format changed';
  if (manifest.analyzerFingerprint !== createAnalyzerFor(config).fingerprint) return 'the analyzer changed';
  const listing = await listPostFiles(config.input, { includeDrafts: config.drafts });
  const builtAtMs = Date.parse(manifest.build.startedAt ?? manifest.builtAt);
  if (listing.files.some((file) => file.mtimeMs > builtAtMs)) return 'posts changed since the last build';
  const known = Object.keys(manifest.posts).length + manifest.build.skipped;
  if (listing.files.length + listing.skips.length !== known) return 'posts were added or removed';
  return null;
}
