/**
 * The manifest of one index generation: format, analyzer fingerprint, counts, per-file
 * checksums and per-post content hashes. It validates shape; it does not touch the disk.
 */
import { ZhsearchError } from '../errors.js';

/**
 * Bump when the files of a generation change shape: older indexes become incompatible.
 * 2: suggestions.json (words, word sequences and their pinyin for /api/suggest).
 */
export const INDEX_FORMAT_VERSION = 2;

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
  files: Record<string, ManifestFile>;
  /** Post id → sha256 of the post file's bytes. */
  posts: Record<string, string>;
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
  if (!isRecord(value.files) || !isRecord(value.posts) || !isRecord(value.build)) throw corrupt('missing tables');
  for (const entry of Object.values(value.files)) {
    if (!isRecord(entry) || typeof entry.bytes !== 'number' || typeof entry.sha256 !== 'string') {
      throw corrupt('bad file entry');
    }
  }
  return value as unknown as Manifest;
}
