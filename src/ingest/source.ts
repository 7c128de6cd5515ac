/**
 * The post files on disk: listing them (ids, drafts, duplicates, symlink loops) and reading their
 * bytes within the size limit. Does not decode or parse anything.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Dirent, type Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ZhsearchError, type ErrorCode } from '../errors.js';
import type { IngestOptions, PostFile, PostSkip } from './post.js';
import { mapConcurrently } from '../map-concurrently.js';

/** File extensions (lower case) that make a file a post. */
export const POST_EXTENSIONS: readonly string[] = ['.md', '.markdown', '.html', '.htm', '.txt'];

export interface PostListing {
  /** Sorted by `path` (code-unit order), one per id. */
  files: PostFile[];
  /** Drafts, duplicate ids, symlink loops and unreadable entries, sorted by `path`. */
  skips: PostSkip[];
}

const DRAFTS_FOLDER = '_drafts';
const STAT_CONCURRENCY = 32;

interface Candidate extends PostFile {
  isDraft: boolean;
}

/**
 * Lists the posts under `inputDir`, recursively, following symbolic links.
 * Throws `INPUT_NOT_FOUND` when `inputDir` is missing or not a folder; every other problem is a skip.
 *
 * @example
 * const { files, skips } = await listPostFiles('data/posts', { includeDrafts: false });
 * // files[0] → { id: '000_440605a35e19eb79', path: '000_440605a35e19eb79.txt', ... }
 */
export async function listPostFiles(
  inputDir: string,
  options: Pick<IngestOptions, 'includeDrafts'>,
): Promise<PostListing> {
  const root = path.resolve(inputDir);
  let rootStats: Stats;
  let rootReal: string;
  try {
    rootStats = await stat(root);
    rootReal = await realpath(root);
  } catch (error) {
    throw new ZhsearchError('INPUT_NOT_FOUND', `Input folder not found: ${inputDir}`, {
      details: { inputDir },
      cause: error,
    });
  }
  if (!rootStats.isDirectory()) {
    throw new ZhsearchError('INPUT_NOT_FOUND', `Input is not a folder: ${inputDir}`, { details: { inputDir } });
  }

  const candidates: Candidate[] = [];
  const skips: PostSkip[] = [];
  const top: Folder = { absolute: root, relative: '', real: rootReal, ancestors: [rootReal], isDraft: false };
  await walk(top, candidates, skips);

  candidates.sort((a, b) => compareCodeUnits(a.path, b.path));
  const files: PostFile[] = [];
  const firstPathById = new Map<string, string>();
  for (const { isDraft, ...file } of candidates) {
    if (isDraft && !options.includeDrafts) {
      skips.push({ path: file.path, code: 'DRAFT', message: `draft (in a ${DRAFTS_FOLDER} folder)` });
      continue;
    }
    const firstPath = firstPathById.get(file.id);
    if (firstPath !== undefined) {
      const message = `id "${file.id}" is already taken by ${firstPath}`;
      skips.push({ path: file.path, code: 'DUPLICATE_ID', message });
      continue;
    }
    firstPathById.set(file.id, file.path);
    files.push(file);
  }
  skips.sort((a, b) => compareCodeUnits(a.path, b.path));
  return { files, skips };
}

interface Folder {
  absolute: string;
  /** Relative to the input folder, '/' separators; '' for the input folder itself. */
  relative: string;
  /** realpath, for loop detection. */
  real: string;
  /** realpaths from the input folder down to this one. */
  ancestors: readonly string[];
  isDraft: boolean;
}

async function walk(folder: Folder, candidates: Candidate[], skips: PostSkip[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder.absolute, { withFileTypes: true });
  } catch (error) {
    if (folder.relative === '') throw new ZhsearchError('INPUT_NOT_FOUND', 'Input folder cannot be read', { cause: error });
    skips.push(skipOf(folder.relative, 'UNREADABLE_POST', `folder could not be read (${errorCode(error)})`));
    return;
  }
  const subfolders: Folder[] = [];
  await mapConcurrently(entries, STAT_CONCURRENCY, async (entry) => {
    const relative = folder.relative === '' ? entry.name : `${folder.relative}/${entry.name}`;
    const absolute = path.join(folder.absolute, entry.name);
    const extension = path.extname(entry.name).toLowerCase();
    const isPostName = POST_EXTENSIONS.includes(extension);
    let stats: Stats;
    let real = '';
    try {
      stats = await stat(absolute);
      if (stats.isDirectory()) {
        real = entry.isSymbolicLink() ? await realpath(absolute) : path.join(folder.real, entry.name);
      }
    } catch (error) {
      const code = errorCode(error);
      if (code === undefined) throw error;
      if (code === 'ELOOP') {
        skips.push(skipOf(relative, 'SYMLINK_LOOP', 'symbolic link chain never reaches a file (ELOOP)'));
      } else if (isPostName || entry.isDirectory()) {
        const what = entry.isSymbolicLink() ? 'symbolic link target' : 'file';
        skips.push(skipOf(relative, 'UNREADABLE_POST', `${what} could not be read (${code})`));
      }
      return;
    }
    if (stats.isDirectory()) {
      if (folder.ancestors.includes(real)) {
        skips.push(skipOf(relative, 'SYMLINK_LOOP', `symbolic link points back to an enclosing folder (${real})`));
        return;
      }
      const isDraft = folder.isDraft || entry.name === DRAFTS_FOLDER;
      subfolders.push({ absolute, relative, real, ancestors: [...folder.ancestors, real], isDraft });
      return;
    }
    if (!isPostName) return;
    if (!stats.isFile()) {
      skips.push(skipOf(relative, 'UNREADABLE_POST', 'not a regular file'));
      return;
    }
    const id = relative.slice(0, relative.length - extension.length);
    const { size: sizeBytes, mtimeMs } = stats;
    candidates.push({ id, path: relative, absolutePath: absolute, sizeBytes, mtimeMs, isDraft: folder.isDraft });
  });
  // Folders one at a time: concurrency stays bounded at STAT_CONCURRENCY however deep the tree.
  subfolders.sort((a, b) => compareCodeUnits(a.relative, b.relative));
  for (const subfolder of subfolders) await walk(subfolder, candidates, skips);
}

/**
 * A post's bytes, or a skip when it is too large or cannot be read. The size is checked before reading.
 * Synchronous: a post is a few kilobytes, and its five promise-based file operations (each a round trip
 * to libuv's thread pool) cost more than reading it. Two build workers read 10k posts in 2.9–3.7 s this
 * way, against 4.5–4.6 s with eight async reads under way each, whether the files were cached or not
 * (benchmarks/README.md, "Scale"). A build's thread has nothing else to do meanwhile.
 */
export function readPostBytes(
  file: Pick<PostFile, 'path' | 'absolutePath'>,
  maxPostBytes: number,
): { ok: true; bytes: Buffer } | { ok: false; skip: PostSkip } {
  const unreadable = (error: unknown): { ok: false; skip: PostSkip } => ({
    ok: false,
    skip: { path: file.path, code: 'UNREADABLE_POST', message: `file could not be read (${errorCode(error)})` },
  });
  const tooLarge = (size: string): { ok: false; skip: PostSkip } => ({
    ok: false,
    skip: { path: file.path, code: 'POST_TOO_LARGE', message: `${size} bytes is over the limit of ${maxPostBytes}` },
  });
  let fd: number;
  try {
    // Non-blocking, so a FIFO that replaced the file cannot hang the build; fstat below refuses it.
    fd = openSync(file.absolutePath, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (errorCode(error) === undefined) throw error;
    return unreadable(error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { ok: false, skip: skipOf(file.path, 'UNREADABLE_POST', 'not a regular file') };
    if (stats.size > maxPostBytes) return tooLarge(String(stats.size));
    // Read one byte past the limit: a file that grew since the stat must not be read whole.
    let buffer = Buffer.alloc(Math.min(stats.size, maxPostBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxPostBytes) break;
        const bigger = Buffer.alloc(Math.min(buffer.length * 2, maxPostBytes + 1));
        buffer.copy(bigger);
        buffer = bigger;
      }
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxPostBytes) return tooLarge(`more than ${maxPostBytes}`);
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    if (errorCode(error) === undefined) throw error;
    return unreadable(error);
  } finally {
    closeSync(fd);
  }
}

function skipOf(postPath: string, code: ErrorCode, message: string): PostSkip {
  return { path: postPath, code, message };
}

function errorCode(error: unknown): string | undefined {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') return error.code;
  return undefined;
}

/** Plain UTF-16 code-unit order: deterministic and locale-independent. */
export function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}
