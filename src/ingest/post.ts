/**
 * The Post type (a cleaned source file) and the skip/warning records of a batch.
 * Reading and cleaning live in read-post.ts; this file owns only the shapes.
 */
import type { ErrorCode } from '../errors.js';

/** One source file, cleaned. `text` is plain text, lines joined with '\n'. */
export interface Post {
  /** Path relative to the input folder, without extension, '/' separators: `2022/report`. */
  id: string;
  /** Path relative to the input folder, with extension, '/' separators. */
  path: string;
  title: string;
  /** ISO 8601 UTC (`2022-01-25T05:09:09.000Z`), or null when absent or unparseable. */
  date: string | null;
  /** Category paths, segments joined with '/': `金融/新浪财经/新浪财经－国內`. */
  categories: string[];
  tags: string[];
  author: string | null;
  /** `permalink` or `url` from the front matter. */
  url: string | null;
  /** Name from the `.article-editor` line, when the site boilerplate had one. */
  editor: string | null;
  /** Other front matter fields, JSON-safe. */
  meta: Record<string, unknown>;
  /** Cleaned body text. */
  text: string;
  /** sha256 (hex) of the file's bytes. */
  contentHash: string;
}

/** A post file found under the input folder, before it is read. */
export interface PostFile {
  /** Path relative to the input folder, without extension, '/' separators. */
  id: string;
  /** Path relative to the input folder, with extension, '/' separators. */
  path: string;
  /** Where to read it (symbolic links not resolved). */
  absolutePath: string;
  /** Size in bytes when listed. */
  sizeBytes: number;
  /** Modification time (ms since the epoch) when listed. */
  mtimeMs: number;
}

/** A post that was not indexed, and why. */
export interface PostSkip {
  path: string;
  code: ErrorCode;
  message: string;
}

/** A post that was indexed with a caveat (e.g. an unparseable date). */
export interface PostWarning {
  path: string;
  code: ErrorCode;
  message: string;
}

export type ReadPostResult =
  | { ok: true; post: Post; warnings: PostWarning[] }
  | { ok: false; skip: PostSkip };

export interface IngestOptions {
  /** IANA zone for dates without an offset (Hexo's `2022-01-25 13:09:09`). */
  timezone: string;
  /** Include `_drafts/` and `published: false` posts. */
  includeDrafts: boolean;
  /** Files larger than this are skipped with POST_TOO_LARGE. */
  maxPostBytes: number;
  /** CSS selectors of site boilerplate removed from bodies. */
  boilerplateSelectors: string[];
  /** CSS selector of the editor credit line; its name goes to `editor`, the line is removed. */
  editorSelector: string;
}

export const DEFAULT_INGEST_OPTIONS: IngestOptions = {
  timezone: 'Asia/Shanghai',
  includeDrafts: false,
  maxPostBytes: 5 * 1024 * 1024,
  boilerplateSelectors: ['.appendQr_wrap'],
  editorSelector: '.article-editor',
};
