/**
 * The one table of operational error codes and the error type that carries them.
 * It knows nothing of HTTP: the server's error handler maps codes to statuses.
 */

/** Stable, documented error codes. Clients may rely on these strings. */
export const ERROR_CODES = {
  // bad posts (reported as skips, never thrown out of a batch)
  INVALID_FRONT_MATTER: 'The front matter is not valid YAML or not a mapping.',
  INVALID_ENCODING: 'The file is not valid UTF-8.',
  BINARY_FILE: 'The file looks binary (it contains NUL bytes).',
  EMPTY_POST: 'The post has no body text.',
  POST_TOO_LARGE: 'The file is larger than the configured limit.',
  UNREADABLE_POST: 'The file could not be read.',
  DUPLICATE_ID: 'Another file already has this post id.',
  SYMLINK_LOOP: 'A symbolic link points back into a folder already visited.',
  INVALID_DATE: 'The date could not be parsed; the post is kept undated.',
  DRAFT: 'The post is a draft and drafts are not included.',
  // input and configuration
  INPUT_NOT_FOUND: 'The input folder does not exist or is not a folder.',
  INVALID_CONFIG: 'The configuration is invalid.',
  INVALID_PARAMS: 'The request parameters are invalid.',
  QUERY_TOO_LONG: 'The query is longer than the configured limit.',
  NOT_FOUND: 'No such resource.',
  // index on disk
  INDEX_NOT_FOUND: 'There is no index at this location.',
  INDEX_INCOMPATIBLE: 'The index was built by another format or analyzer.',
  INDEX_CORRUPT: 'The index files are truncated or corrupt.',
  INDEX_WRITE_FAILED: 'The index could not be written.',
  INDEX_LOCKED: 'Another build is writing this index.',
  BUILD_WORKER_FAILED: 'A build worker thread failed.',
  // service
  LISTEN_FAILED: 'The service could not listen on the configured address.',
  WIDGET_NOT_BUILT: 'The search box script has not been built (npm run build).',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ZhsearchErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** An expected, reportable failure with a stable `code`. Broken invariants are plain `Error`s. */
export class ZhsearchError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message?: string, options: ZhsearchErrorOptions = {}) {
    super(message ?? ERROR_CODES[code], options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ZhsearchError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isZhsearchError(value: unknown): value is ZhsearchError {
  return value instanceof ZhsearchError;
}

/** A message for any thrown value, for reports and logs. */
export function describeError(value: unknown): string {
  if (value instanceof Error) return value.message;
  return String(value);
}
