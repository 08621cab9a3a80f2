import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ApiError } from './api-error';
import { translateKnownError } from './known-error.translation';

/** Client errors raised before our handlers run: body-parser's (`err.type`) and the router's (`err.status`). */
function frameworkError(error: unknown): ApiError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode, type } = error as { status?: unknown; statusCode?: unknown; type?: unknown };
  const code = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
  if (code === undefined || code < 400 || code >= 500) return undefined;
  if (code === 413 || type === 'entity.too.large') {
    return new ApiError('payload_too_large', 'The request body is larger than 16 KiB');
  }
  if (type === 'entity.parse.failed') {
    return ApiError.invalid(
      [{ path: 'body', message: 'is not valid JSON' }],
      'The request body is not valid JSON',
    );
  }
  if (code === 404) return new ApiError('not_found', 'Not found');
  // The router's only client error: a path segment that is not valid percent-encoding.
  if (error instanceof URIError) {
    return ApiError.invalid(
      [{ path: 'path', message: 'is not valid percent-encoding' }],
      'The request path is malformed',
    );
  }
  return new ApiError('invalid_request', 'The request could not be read');
}

/** Unknown routes answer 404 in the contract's error shape. */
export const notFoundHandler: RequestHandler = (req) => {
  throw new ApiError('not_found', `No route ${req.method} ${req.path}`);
};

/**
 * The one place errors become responses: `{"error": {"code", "message", "issues"?}}`. Anything unexpected
 * is logged with the request id and answered `internal`, never with a stack trace.
 */
export const errorHandler: ErrorRequestHandler = (error, req, res, next) => {
  if (res.headersSent) return next(error);
  const known = translateKnownError(error) ?? frameworkError(error);
  if (known) {
    // Nobody to answer: the connection closed first (a read dropped because its client went away).
    if (res.destroyed) return;
    if (known.code === 'unauthorized') res.set('WWW-Authenticate', 'Bearer');
    if (known.retryAfterSeconds !== undefined) res.set('Retry-After', String(known.retryAfterSeconds));
    res.status(known.status).json({
      error: { code: known.code, message: known.message, ...(known.issues ? { issues: known.issues } : {}) },
    });
    return;
  }
  req.log.error({ err: error, request_id: req.id }, 'request_failed');
  res
    .status(500)
    .json({ error: { code: 'internal', message: `Internal error (request id ${String(req.id)})` } });
};
