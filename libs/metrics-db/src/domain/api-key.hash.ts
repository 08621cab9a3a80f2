import { createHash } from 'node:crypto';

// `mk_` + 32 random bytes in base64url, no padding.
const KEY_SHAPE = /^mk_[A-Za-z0-9_-]{43}$/;

/**
 * The stored form of a project key: lower-case hex SHA-256, so a leaked table does not leak keys. null for a
 * token that cannot be a key, which therefore never needs looking up.
 */
export function apiKeyHash(key: unknown): string | null {
  if (typeof key !== 'string' || !KEY_SHAPE.test(key)) return null;
  return createHash('sha256').update(key, 'utf8').digest('hex');
}
