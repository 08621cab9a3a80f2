import type { Registry } from 'prom-client';
import { declareMetrics } from '@metrics-store/runtime';
import { API_METRICS_PREFIX } from '../api.metrics';

/** Told of every lookup of one cache. */
export interface CacheObserver {
  hit(): void;
  miss(): void;
}

export interface CacheMetrics {
  /** The observer of the cache `name` (a label value), whose current size `size` reads. */
  track(name: string, size: () => number): CacheObserver;
}

/**
 * Hits, misses and entries of the API's caches, labelled by cache: `time_zones` (cached-reads.ts) and
 * `answers` (metrics-response.cache.ts). A hit includes joining a load in flight.
 */
export function createCacheMetrics(registry: Registry): CacheMetrics {
  const metric = declareMetrics(registry, API_METRICS_PREFIX);
  const sizes = new Map<string, () => number>();
  const labelNames = ['cache'] as const;
  const hits = metric.counter({
    name: 'cache_hits_total',
    help: 'Lookups answered from a cache (or by a load already in flight), by cache.',
    labelNames,
  });
  const misses = metric.counter({
    name: 'cache_misses_total',
    help: 'Lookups that had to load from the database, by cache.',
    labelNames,
  });
  metric.gauge({
    name: 'cache_entries',
    help: 'Entries held by a cache, by cache.',
    labelNames,
    collect() {
      for (const [cache, size] of sizes) this.set({ cache }, size());
    },
  });
  return {
    track(name, size) {
      sizes.set(name, size);
      const hit = hits.labels(name);
      const miss = misses.labels(name);
      // Shown at 0 from the start, so that rates exist before the first lookup.
      hit.inc(0);
      miss.inc(0);
      return { hit: () => hit.inc(), miss: () => miss.inc() };
    },
  };
}
