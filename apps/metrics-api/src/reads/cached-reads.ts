import type { MetricsStore } from '@metrics-store/metrics-db';
import type { CacheMetrics } from './cache.metrics';
import { TtlCache } from './ttl.cache';

/** The store reads most requests make besides their own (the project's time zone), briefly cached. */
export interface CachedReads {
  projectTimezone(projectId: string): Promise<string>;
  /** After a time-zone change through this process: the next read sees it at once. */
  forgetProject(projectId: string): void;
}

export function createCachedReads(store: MetricsStore, ttlMs: number, metrics?: CacheMetrics): CachedReads {
  const zones: TtlCache<string> = new TtlCache(
    ttlMs,
    undefined,
    metrics?.track('time_zones', () => zones.size),
  );
  return {
    projectTimezone: (projectId) =>
      zones.get(projectId, () => store.getProjectSettings(projectId).then((settings) => settings.timezone)),
    forgetProject: (projectId) => zones.delete(projectId),
  };
}
