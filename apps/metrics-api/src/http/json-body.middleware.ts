import express, { type RequestHandler } from 'express';
import { ApiError } from './api-error';

/** The contract's limit for request bodies; larger ones are answered 413 payload_too_large. */
const MAX_BODY_BYTES = 16 * 1024;

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return (
    headers['transfer-encoding'] !== undefined ||
    (headers['content-length'] !== undefined && headers['content-length'] !== '0')
  );
}

/**
 * Bodies are JSON only: a body of another type is refused (rather than silently ignored) before it is read,
 * and JSON ones are parsed with the 16 KiB limit. The error middleware maps the parser's errors to codes.
 */
export function jsonBody(): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (hasBody(req.headers) && !req.is(JSON_TYPES)) {
      throw ApiError.invalid(
        [{ path: 'content-type', message: 'must be application/json' }],
        'Request bodies must be JSON (Content-Type: application/json)',
      );
    }
    next();
  };
  return [requireJson, express.json({ limit: MAX_BODY_BYTES, type: JSON_TYPES })];
}
