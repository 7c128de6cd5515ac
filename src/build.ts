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
import { acquireIndexLock } from './indexing/lock.js';
import { readCurrentManifest, saveGeneration, type SaveStep } from './indexing/persist.js';
import { INDEX_FORMAT_VERSION, type PostLocation } from './indexing/manifest.js';
import type { StoredDocument } from './indexing/schema.js';
import { buildSegment, nextSegmentName } from './indexing/segment.js';
import { ingestOptionsFor, ingestSettingsHash, readDocument } from './post-documents.js';
import { ZHSEARCH_VERSION } from './version.js';

export type BuildPhase = 'read' | 'index' | 'save';

export interface BuildOptions {
  logger?: Logger;
  onProgress?: (phase: BuildPhase, done: number, total: number) => void;
  /** Fault injection / tracing of the save's file-system steps. */
  onSaveStep?: (step: SaveStep) => void;
}

export interface BuildReport {
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
  const lock = await acquireIndexLock(config.index);
  try {
    return await buildLocked(config, options);
  } finally {
    await lock.release();
  }
}

/** `buildIndex` for a caller that already holds the index lock (update falls back to it). */
export async function buildLocked(config: Config, options: BuildOptions): Promise<BuildReport> {
  const logger = options.logger ?? silentLogger;
  const started = performance.now();
  // Posts changed after this instant may be missing from the index: the staleness check compares with it.
  const startedAt = new Date().toISOString();
  const analyzer = createAnalyzerFor(config);
  const listing = await listPostFiles(config.input, { includeDrafts: config.drafts });
  const skips: PostSkip[] = [...listing.skips];
  const warnings: PostWarning[] = [];
  const documents: StoredDocument[] = [];
  const posts: Record<string, string> = {};
  let inputBytes = 0;
  const fileStats: Record<string, { mtimeMs: number; bytes: number }> = {};
  const ingestOptions = ingestOptionsFor(config);
  for (const [i, file] of listing.files.entries()) {
    const result = await readDocument(file, ingestOptions);
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
    options.onProgress?.('read', i + 1, listing.files.length);
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
  const { parts } = buildSegment(documents, analyzer, (done, total) => options.onProgress?.('index', done, total));
  options.onProgress?.('save', 0, 1);
  const segment = nextSegmentName([]);
  const locations: Record<string, PostLocation> = {};
  parts.documents.forEach((doc, number) => {
    const stats = fileStats[doc.id]!;
    locations[doc.id] = { segment, doc: number, path: doc.path, mtimeMs: stats.mtimeMs, bytes: stats.bytes };
  });
  const saved = await saveGeneration(config.index, { analyzer, kept: [], added: { name: segment, parts }, locations }, {
    zhsearchVersion: ZHSEARCH_VERSION,
    input: config.input,
    posts,
    build: {
      startedAt,
      indexed: documents.length,
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
    indexed: documents.length,
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
