import { createHash } from 'node:crypto';

/** A strong ETag of the exact bytes sent. */
export function entityTagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}
