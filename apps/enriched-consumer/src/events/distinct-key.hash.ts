import { hash } from 'node:crypto';

// Visitors and sessions repeat across a stream: remembering recent keys saves a SHA-256 call per event.
// Two generations: when the young one is full the old one is dropped, so the ids in use survive (a single
// map cleared when full would forget every id at once and rehash them all).
const GENERATION_SIZE = 150_000;
let young = new Map<string, bigint>();
let old = new Map<string, bigint>();

/**
 * The 64-bit key stored in the per-day distinct sets for a visitor or session id.
 *
 * The first 8 bytes of SHA-256 spread any id evenly (a collision needs ~4 billion ids in one project-day),
 * and reading them as a *signed* big-endian integer gives exactly PostgreSQL's BIGINT range, so the key
 * is stored as is, in 8 bytes, whatever the length of the id.
 */
export function distinctKey(id: string): bigint {
  let key = young.get(id);
  if (key !== undefined) return key;
  key = old.get(id) ?? hash('sha256', id, 'buffer').readBigInt64BE(0);
  if (young.size >= GENERATION_SIZE) {
    old = young;
    young = new Map();
  }
  young.set(id, key);
  return key;
}
