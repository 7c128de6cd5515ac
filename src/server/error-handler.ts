/**
 * The only ErrorCode → HTTP status table, and the express error middleware that renders
 * `{error: {code, message}}`. Never a stack trace or a file path in a response.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiError } from '../api/contract.js';
import { ERROR_CODES, isZhsearchError, type ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';

const STATUS: Partial<Record<ErrorCode, number>> = {
  INVALID_PARAMS: 400,
  QUERY_TOO_LONG: 400,
  NOT_FOUND: 404,
  INDEX_NOT_FOUND: 503,
  INDEX_INCOMPATIBLE: 503,
  INDEX_CORRUPT: 503,
  WIDGET_NOT_BUILT: 503,
};

/** Messages safe to show: index errors carry local paths, so clients get these instead. */
const PUBLIC_MESSAGES: Partial<Record<ErrorCode, string>> = {
  INDEX_NOT_FOUND: 'The search index has not been built yet.',
  INDEX_INCOMPATIBLE: 'The search index must be rebuilt for this version.',
  INDEX_CORRUPT: 'The search index is damaged and must be rebuilt.',
};

export function errorBody(code: string, message: string): ApiError {
  return { error: { code, message } };
}

/** 404 for any route not matched. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json(errorBody('NOT_FOUND', 'No such resource.'));
};

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (isZhsearchError(error)) {
      const status = STATUS[error.code] ?? 500;
      if (status >= 500) logger.error({ code: error.code, err: error.message, url: req.originalUrl }, 'request failed');
      // A 5xx message was written for the operator (paths, commands): clients get the table's wording.
      const message = PUBLIC_MESSAGES[error.code] ?? (status >= 500 ? ERROR_CODES[error.code] : error.message);
      res.status(status).json(errorBody(error.code, message));
      return;
    }
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // express/body-parser client errors (bad percent-encoding, …)
      res.status(400).json(errorBody('INVALID_PARAMS', 'The request is malformed.'));
      return;
    }
    logger.error({ err: error instanceof Error ? error.stack : String(error), url: req.originalUrl }, 'unexpected error');
    res.status(500).json(errorBody('INTERNAL', 'Internal server error.'));
  };
}
