import { hash } from 'node:crypto';

// Visitors and sessions repeat across a stream: remembering recent keys saves a SHA-256 call per event.
const MAX_CACHED_KEYS = 200_000;
const cache = new Map<string, bigint>();

/**
 * The 64-bit key stored in the per-day distinct sets for a visitor or session id.
 *
 * The first 8 bytes of SHA-256 spread any id evenly (a collision needs ~4 billion ids in one project-day),
 * and reading them as a *signed* big-endian integer gives exactly PostgreSQL's BIGINT range, so the key
 * is stored as is, in 8 bytes, whatever the length of the id.
 */
export function distinctKey(id: string): bigint {
  let key = cache.get(id);
  if (key === undefined) {
    key = hash('sha256', id, 'buffer').readBigInt64BE(0);
    if (cache.size >= MAX_CACHED_KEYS) cache.clear();
    cache.set(id, key);
  }
  return key;
}
