import type { Request, Response } from 'express';

// An entity tag of RFC 9110 section 8.8.3: optionally weak, then a quoted string.
const ENTITY_TAG = /^(?:W\/)?("[\x21\x23-\x7e\x80-\xff]*")$/;

const opaqueTag = (tag: string) => ENTITY_TAG.exec(tag.trim())?.[1];

/**
 * Whether `If-None-Match` matches `etag` by the weak comparison of RFC 9110 section 13.1.2: `*`, or any
 * listed tag with the same opaque value, weak or not.
 */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const own = opaqueTag(etag);
  return own !== undefined && header.split(',').some((tag) => opaqueTag(tag) === own);
}

/**
 * Sends a JSON answer with its ETag, or 304 when the request's `If-None-Match` matches it. The origin
 * evaluates the precondition whatever the request's own cache directives say (RFC 9110 section 13.2.1):
 * Express's `req.fresh` gives up on `Cache-Control: no-cache`, which `fetch()` sends along with an
 * `If-None-Match` a page set itself. The 304 keeps the ETag and Cache-Control headers set so far.
 */
export function sendJsonWithEtag(req: Request, res: Response, body: Buffer | string, etag: string): void {
  res.set('ETag', etag);
  if ((req.method === 'GET' || req.method === 'HEAD') && ifNoneMatchMatches(req.get('if-none-match'), etag)) {
    res.status(304).end();
    return;
  }
  res.type('json').send(body);
}
