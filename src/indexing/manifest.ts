/**
 * The manifest of one index generation: format, analyzer fingerprint, counts, per-file
 * checksums and per-post content hashes. It validates shape; it does not touch the disk.
 */
import { ZhsearchError } from '../errors.js';

/**
 * Bump when the files of a generation change shape: older indexes become incompatible.
 * 2: suggestions.json (words, word sequences and their pinyin for /api/suggest).
 * 3: segments (`seg-NNNNNN/` folders of the five data files) with delete lists, post locations and
 *    file stats for `zhsearch update`, and the word lists the analyzer was built with.
 * 4: segment files are gzip-compressed (`documents.json.gz`, …), and words.json holds hex-encoded
 *    terms (mini-search.ts: a radix tree Chinese keys do not swamp).
 * 5: n-gram postings are varints (ngram-store.ts format 2), and segment files are Brotli-compressed
 *    (`documents.json.br`, …): together 0.6× the size.
 * 6: postings files (`ngrams-*.bin`, `words.bin`) are read in place, uncompressed (ngram-store.ts
 *    format 3: blocks of keys, bitmaps for common keys, two-bit counts); stored documents keep their
 *    texts as UTF-16 (`documents.bin.gz`); the word index is postings by default.
 */
export const INDEX_FORMAT_VERSION = 6;

export interface ManifestFile {
  bytes: number;
  sha256: string;
}

export interface BuildSummary {
  /** ISO 8601 UTC instant the build started listing posts; later edits make the index stale. */
  startedAt?: string;
  indexed: number;
  skipped: number;
  warnings: number;
  skips: Array<{ path: string; code: string; message: string }>;
  /** Lines detected as site boilerplate (in too many posts) and not indexed, with their post counts. */
  boilerplate?: Array<{ line: string; posts: number }>;
  /** Hash of the ingest settings the stored documents were made with (see post-documents.ts). */
  settings?: string;
}

/** One segment of a generation: its folder, how many documents it holds, and which of them are deleted. */
export interface SegmentEntry {
  name: string;
  docCount: number;
  /** Local numbers (ascending) of documents replaced or removed since the segment was written. */
  deleted: number[];
}

/** Where a post's document lives, and the file stats that let an update skip re-reading it. */
export interface PostLocation {
  segment: string;
  /** The document's number within its segment. */
  doc: number;
  /** Post file path relative to the input folder. */
  path: string;
  mtimeMs: number;
  bytes: number;
}

/** The word lists the analyzer had, to find what a dictionary change can affect. */
export interface AnalysisLists {
  /** The analyzer fingerprint without the user dictionary and stopwords. */
  baseFingerprint: string;
  userDictionary: string[];
  stopwords: string[];
}

export interface Manifest {
  formatVersion: number;
  generation: number;
  analyzerFingerprint: string;
  zhsearchVersion: string;
  docCount: number;
  /** ISO 8601 UTC. */
  builtAt: string;
  /** Input folder the build read, as given. */
  input: string | null;
  /** Path relative to the generation folder (`seg-000001/documents.json`) → size and sha256. */
  files: Record<string, ManifestFile>;
  /** In order: the live documents are those of each segment, minus its deleted ones, end to end. */
  segments: SegmentEntry[];
  /** Post id → sha256 of the post file's bytes. */
  posts: Record<string, string>;
  /** Post id → its document's location and its file's stats. */
  locations: Record<string, PostLocation>;
  analysis: AnalysisLists;
  build: BuildSummary;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses manifest JSON; anything that is not a manifest is INDEX_CORRUPT. Another format is
 * INDEX_INCOMPATIBLE (naming `rebuildHint`) before its shape is checked: a newer zhsearch may
 * lay out its manifest differently, and that index is not corrupt.
 */
export function parseManifest(json: string, location: string, rebuildHint = 'zhsearch build'): Manifest {
  const corrupt = (why: string): ZhsearchError =>
    new ZhsearchError('INDEX_CORRUPT', `The index manifest in ${location} is corrupt (${why}). Rebuild the index.`);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw corrupt('not JSON');
  }
  if (!isRecord(value)) throw corrupt('not an object');
  if (typeof value.formatVersion === 'number' && value.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new ZhsearchError(
      'INDEX_INCOMPATIBLE',
      `The index in ${location} has format ${value.formatVersion}, this zhsearch reads format ${INDEX_FORMAT_VERSION}. Rebuild it: ${rebuildHint}`,
    );
  }
  const numberFields = ['formatVersion', 'generation', 'docCount'] as const;
  for (const key of numberFields) if (typeof value[key] !== 'number') throw corrupt(`missing ${key}`);
  for (const key of ['analyzerFingerprint', 'builtAt', 'zhsearchVersion'] as const) {
    if (typeof value[key] !== 'string') throw corrupt(`missing ${key}`);
  }
  if (!isRecord(value.files) || !isRecord(value.posts) || !isRecord(value.build) || !isRecord(value.locations)) {
    throw corrupt('missing tables');
  }
  if (!isRecord(value.analysis) || typeof value.analysis.baseFingerprint !== 'string') throw corrupt('missing analysis');
  if (!Array.isArray(value.segments)) throw corrupt('missing segments');
  let live = 0;
  for (const segment of value.segments as unknown[]) {
    if (!isRecord(segment) || typeof segment.name !== 'string' || typeof segment.docCount !== 'number' || !Array.isArray(segment.deleted)) {
      throw corrupt('bad segment entry');
    }
    const count = segment.docCount;
    if (!segment.deleted.every((doc, i, all) => Number.isInteger(doc) && doc >= 0 && doc < count && (i === 0 || doc > all[i - 1]))) {
      throw corrupt(`bad delete list in ${segment.name}`);
    }
    live += count - segment.deleted.length;
  }
  if (live !== value.docCount) throw corrupt('segment counts do not add up');
  for (const entry of Object.values(value.files)) {
    if (!isRecord(entry) || typeof entry.bytes !== 'number' || typeof entry.sha256 !== 'string') {
      throw corrupt('bad file entry');
    }
  }
  return value as unknown as Manifest;
}
