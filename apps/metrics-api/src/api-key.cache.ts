import { createHash } from 'node:crypto';
import type { VerifiedApiKey } from '@metrics-store/metrics-db';

interface Entry {
  expiresAt: number;
  result: Promise<VerifiedApiKey | null>;
}

/**
 * Remembers the answers of `verifyApiKey` (found and not found) for `ttlMs`, so a dashboard's requests cost
 * no key lookup, while a key revoked elsewhere is refused once its entry expires (the contract allows 5 s).
 * Concurrent lookups of one key share one query. Entries are keyed by a hash, never by the secret itself,
 * and their number is bounded so that random tokens cannot grow the map without end.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly verify: (key: string) => Promise<VerifiedApiKey | null>,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  lookup(key: string, now = Date.now()): Promise<VerifiedApiKey | null> {
    const id = createHash('sha256').update(key).digest('base64');
    const cached = this.entries.get(id);
    if (cached && cached.expiresAt > now) return cached.result;
    if (cached) this.entries.delete(id);
    const result = this.verify(key);
    if (this.ttlMs > 0) {
      if (this.entries.size >= this.maxEntries) this.evictOldest();
      this.entries.set(id, { expiresAt: now + this.ttlMs, result });
      // A failed lookup (database down) must not be remembered as an answer.
      result.catch(() => {
        if (this.entries.get(id)?.result === result) this.entries.delete(id);
      });
    }
    return result;
  }

  /** Drops every cached entry: after a revocation through this process, nothing stale is served. */
  clear(): void {
    this.entries.clear();
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}
