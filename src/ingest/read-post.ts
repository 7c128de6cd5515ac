/**
 * One post file → Post (or a skip with a reason): decoding, front matter, body text, date, hash.
 * Never throws for a bad post; throws INVALID_CONFIG only for bad options (zone, selectors, limit).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ZhsearchError } from '../errors.js';
import { silentLogger, type Logger } from '../logger.js';
import { parseDateValue, isValidTimezone } from './dates.js';
import { readFrontMatterFields } from './front-matter-fields.js';
import { splitFrontMatter } from './front-matter.js';
import { assertValidSelectors, estimateNestingDepth, htmlToText, MAX_NESTING_DEPTH } from './html-to-text.js';
import { bodyToHtml } from './markdown.js';
import type { IngestOptions, Post, PostFile, PostSkip, PostWarning, ReadPostResult } from './post.js';
import { compareCodeUnits, listPostFiles, readPostBytes } from './source.js';

/** readPosts' options: the ingest options plus progress and logging. */
export interface ReadPostsOptions extends IngestOptions {
  /** Called after each file is read (or skipped); `total` counts the listed files. */
  onProgress?: (done: number, total: number) => void;
  /** Skips and warnings are logged at debug level. Default: silent. */
  logger?: Logger;
}

export interface ReadPostsResult {
  /** Sorted by `path`. */
  posts: Post[];
  /** Listing and reading skips, sorted by `path`. */
  skips: PostSkip[];
  warnings: PostWarning[];
}

const BINARY_SNIFF_BYTES = 8192;
const BOM = '\uFEFF';

/**
 * Parses a post from its bytes; the pure part of readPost (no disk access).
 *
 * @example
 * const bytes = Buffer.from('---\ntitle: 标题\n---\n正文');
 * const result = parsePost(bytes, { id: 'a', path: 'a.md' }, DEFAULT_INGEST_OPTIONS);
 * if (result.ok) result.post.text; // '正文'
 */
export function parsePost(bytes: Buffer, file: { id: string; path: string }, options: IngestOptions): ReadPostResult {
  assertIngestOptions(options);
  const skip = (code: PostSkip['code'], message: string): ReadPostResult => ({
    ok: false,
    skip: { path: file.path, code, message },
  });
  if (bytes.length > options.maxPostBytes) {
    return skip('POST_TOO_LARGE', `${bytes.length} bytes is over the limit of ${options.maxPostBytes}`);
  }
  const nul = bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
  if (nul !== -1) return skip('BINARY_FILE', `NUL byte at offset ${nul}: the file looks binary`);

  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // A fatal TextDecoder reports invalid UTF-8 only as a TypeError; that is this skip.
    return skip('INVALID_ENCODING', 'the file is not valid UTF-8');
  }
  const text = decoded.startsWith(BOM) ? decoded.slice(1) : decoded;

  const split = splitFrontMatter(text);
  if (!split.ok) return skip('INVALID_FRONT_MATTER', split.message);
  const read = readFrontMatterFields(split.data);
  if (!read.ok) return skip('INVALID_FRONT_MATTER', read.message);
  const { fields } = read;
  if (fields.isUnpublished && !options.includeDrafts) return skip('DRAFT', 'draft (published: false)');

  const html = bodyToHtml(split.body, path.posix.extname(file.path));
  const depth = estimateNestingDepth(html);
  if (depth > MAX_NESTING_DEPTH) {
    return skip('POST_TOO_LARGE', `markup nests about ${depth} levels deep, over the limit of ${MAX_NESTING_DEPTH}`);
  }
  const body = htmlToText(html, {
    boilerplateSelectors: options.boilerplateSelectors,
    editorSelector: options.editorSelector,
  });
  if (body.text === '') return skip('EMPTY_POST', 'no body text after cleaning');

  const warnings: PostWarning[] = [];
  const date = parseDateValue(split.data.date, options.timezone);
  if (!date.ok) {
    warnings.push({ path: file.path, code: 'INVALID_DATE', message: `${date.reason}; the post is kept undated` });
  }

  const post: Post = {
    id: file.id,
    path: file.path,
    title: fields.title ?? body.heading ?? body.documentTitle ?? path.posix.basename(file.id),
    date: date.ok ? date.iso : null,
    categories: fields.categories,
    tags: fields.tags,
    author: fields.author,
    url: fields.url,
    editor: body.editor,
    meta: fields.meta,
    text: body.text,
    contentHash: createHash('sha256').update(bytes).digest('hex'),
  };
  return { ok: true, post, warnings };
}

/**
 * Reads and parses one listed post file. The size is checked with fstat before reading.
 * Never throws for a bad post: I/O errors become UNREADABLE_POST skips.
 *
 * @example
 * const { files } = await listPostFiles('data/posts', DEFAULT_INGEST_OPTIONS);
 * for (const file of files) {
 *   const result = await readPost(file, DEFAULT_INGEST_OPTIONS);
 *   if (!result.ok) console.warn(result.skip.code, result.skip.path);
 * }
 */
export async function readPost(file: PostFile, options: IngestOptions): Promise<ReadPostResult> {
  assertIngestOptions(options);
  const read = readPostBytes(file, options.maxPostBytes);
  if (!read.ok) return { ok: false, skip: read.skip };
  return parsePost(read.bytes, file, options);
}

/**
 * Lists and reads every post under `inputDir`. Throws only INPUT_NOT_FOUND and INVALID_CONFIG;
 * each bad post is a skip.
 *
 * @example
 * const { posts, skips } = await readPosts('data/posts', { ...DEFAULT_INGEST_OPTIONS, onProgress: (d, t) => {} });
 */
export async function readPosts(inputDir: string, options: ReadPostsOptions): Promise<ReadPostsResult> {
  assertIngestOptions(options);
  const logger = options.logger ?? silentLogger;
  const listing = await listPostFiles(inputDir, options);
  const total = listing.files.length;
  // One file after another: a post's read is synchronous (readPostBytes says why).
  const results: ReadPostResult[] = [];
  for (const file of listing.files) {
    results.push(await readPost(file, options));
    options.onProgress?.(results.length, total);
  }
  const posts: Post[] = [];
  const skips: PostSkip[] = [...listing.skips];
  const warnings: PostWarning[] = [];
  for (const result of results) {
    if (result.ok) {
      posts.push(result.post);
      warnings.push(...result.warnings);
    } else {
      skips.push(result.skip);
    }
  }
  skips.sort((a, b) => compareCodeUnits(a.path, b.path));
  for (const skip of skips) logger.debug({ ...skip }, 'post skipped');
  for (const warning of warnings) logger.debug({ ...warning }, 'post warning');
  return { posts, skips, warnings };
}

const checkedOptions = new WeakSet<object>();

/** Bad options are a configuration error, thrown once, not a skip repeated for every post. */
function assertIngestOptions(options: IngestOptions): void {
  if (checkedOptions.has(options)) return;
  if (!isValidTimezone(options.timezone)) {
    throw new ZhsearchError('INVALID_CONFIG', `Unknown time zone: ${options.timezone}`, {
      details: { timezone: options.timezone },
    });
  }
  if (!(options.maxPostBytes > 0)) {
    throw new ZhsearchError('INVALID_CONFIG', `maxPostBytes must be positive, got ${options.maxPostBytes}`);
  }
  const selectors = [...options.boilerplateSelectors, ...(options.editorSelector ? [options.editorSelector] : [])];
  try {
    assertValidSelectors(selectors);
  } catch (error) {
    throw new ZhsearchError('INVALID_CONFIG', `Invalid CSS selector in ${JSON.stringify(selectors)}`, { cause: error });
  }
  checkedOptions.add(options);
}
