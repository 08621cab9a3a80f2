import type { MetricsStore } from '@metrics-store/metrics-db';
import { TtlCache } from './ttl.cache';

/** The store reads most requests make besides their own (the project's time zone), briefly cached. */
export interface CachedReads {
  projectTimezone(projectId: string): Promise<string>;
  /** After a time-zone change through this process: the next read sees it at once. */
  forgetProject(projectId: string): void;
}

export function createCachedReads(store: MetricsStore, ttlMs: number): CachedReads {
  const zones = new TtlCache<string>(ttlMs);
  return {
    projectTimezone: (projectId) =>
      zones.get(projectId, () => store.getProjectSettings(projectId).then((settings) => settings.timezone)),
    forgetProject: (projectId) => zones.delete(projectId),
  };
}
