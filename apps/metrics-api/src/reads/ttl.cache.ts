import type { CacheObserver } from './cache.metrics';

interface Entry<V> {
  expiresAt: number;
  value: Promise<V>;
}

/**
 * Remembers loaded answers for `ttlMs` from the start of their load: the projects' time zones and, very
 * briefly, whole metrics answers, so a dashboard's requests cost one query, while a change made through
 * another process shows once the entry expires. Concurrent loads of one key share one query; a failed load is
 * not remembered; the number of entries is bounded so that no stream of distinct keys grows the map without
 * end.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly observer?: CacheObserver,
  ) {}

  get(key: string, load: () => Promise<V>, now = Date.now()): Promise<V> {
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) {
      this.observer?.hit();
      return cached.value;
    }
    this.observer?.miss();
    if (cached) this.entries.delete(key);
    const value = load();
    if (this.ttlMs > 0) {
      this.pruneExpired(now);
      if (this.entries.size >= this.maxEntries) this.evictOldest();
      this.entries.set(key, { expiresAt: now + this.ttlMs, value });
      value.catch(() => {
        if (this.entries.get(key)?.value === value) this.entries.delete(key);
      });
    }
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deleteWhere(matches: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) if (matches(key)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Drops expired entries from the oldest end: with one TTL for all, insertion order is expiry order, so a
   * map of large values (whole responses) holds no more than what one TTL window loaded.
   */
  private pruneExpired(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) return;
      this.entries.delete(key);
    }
  }

  private evictOldest(): void {
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.entries.delete(oldest.value);
  }
}
