/**
 * Post files to stored documents, for build and update alike: the ingest options a config
 * gives, and one post read into the document the index stores (or the reason it is skipped).
 */
import { createHash } from 'node:crypto';
import type { Config } from './config/schema.js';
import { describeError, ZhsearchError } from './errors.js';
import { readPost } from './ingest/index.js';
import type { IngestOptions, Post, PostFile, PostSkip, PostWarning } from './ingest/post.js';
import type { StoredDocument } from './indexing/schema.js';

export type DocumentResult =
  | { ok: true; document: StoredDocument; warnings: PostWarning[] }
  | { ok: false; skip: PostSkip };

export function ingestOptionsFor(config: Config): IngestOptions {
  return {
    timezone: config.timezone,
    includeDrafts: config.drafts,
    maxPostBytes: config.maxPostBytes,
    boilerplateSelectors: config.boilerplateSelectors,
    editorSelector: config.editorSelector,
  };
}

/**
 * A hash of every setting that changes what a post's stored document is (dates, drafts, size limit,
 * cleaning selectors, boilerplate thresholds): an update can reuse stored documents only when it matches.
 */
export function ingestSettingsHash(config: Config): string {
  const settings = {
    ingest: ingestOptionsFor(config),
    boilerplate: { minShare: config.boilerplateMinShare, minPosts: config.boilerplateMinPosts },
  };
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 32);
}

function toStored(post: Post): StoredDocument {
  return {
    id: post.id,
    path: post.path,
    title: post.title,
    date: post.date,
    categories: post.categories,
    tags: post.tags,
    author: post.author,
    url: post.url,
    editor: post.editor,
    meta: post.meta,
    text: post.text,
    contentHash: post.contentHash,
  };
}

/** Reads one post file. Bad posts are skips; only bad configuration (every post would fail) throws. */
export async function readDocument(file: PostFile, options: IngestOptions): Promise<DocumentResult> {
  try {
    const result = await readPost(file, options);
    return result.ok ? { ok: true, document: toStored(result.post), warnings: result.warnings } : result;
  } catch (error) {
    if (error instanceof ZhsearchError && error.code === 'INVALID_CONFIG') throw error;
    // Anything else is unexpected, but it still costs only this one post.
    return { ok: false, skip: { path: file.path, code: 'UNREADABLE_POST', message: describeError(error) } };
  }
}

/**
 * Reads post files one after another, in order, calling `onRead` after each. One at a time: a post's
 * read is synchronous (readPostBytes says why), so reads under way at once would only take turns.
 */
export async function readDocuments(files: readonly PostFile[], options: IngestOptions, onRead: () => void): Promise<DocumentResult[]> {
  const results: DocumentResult[] = [];
  for (const file of files) {
    results.push(await readDocument(file, options));
    onRead();
  }
  return results;
}
