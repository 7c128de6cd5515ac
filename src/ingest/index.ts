/**
 * Public API of ingest: list, read and parse posts into cleaned Post records.
 * Re-exports only; no logic lives here.
 */
export { DEFAULT_INGEST_OPTIONS } from './post.js';
export type { IngestOptions, Post, PostFile, PostSkip, PostWarning, ReadPostResult } from './post.js';
export { listPostFiles, POST_EXTENSIONS } from './source.js';
export type { PostListing } from './source.js';
export { parsePost, readPost, readPosts } from './read-post.js';
export type { ReadPostsOptions, ReadPostsResult } from './read-post.js';
export { htmlToText } from './html-to-text.js';
export type { HtmlText, HtmlToTextOptions } from './html-to-text.js';
export { detectBoilerplate, stripLines, DEFAULT_BOILERPLATE_OPTIONS } from './boilerplate.js';
export type { BoilerplateLine, BoilerplateOptions } from './boilerplate.js';
