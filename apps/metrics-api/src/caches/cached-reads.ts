import { createHash } from 'node:crypto';
import type { MetricsStore, VerifiedApiKey } from '@metrics-store/metrics-db';
import type { CacheMetrics } from './cache.metrics';
import { TtlCache } from './ttl.cache';

/** The store reads every request makes (key verification, the project's time zone), briefly cached. */
export interface CachedReads {
  verifyApiKey(token: string): Promise<VerifiedApiKey | null>;
  projectTimezone(projectId: string): Promise<string>;
  /** After a revocation through this process: nothing stale is served here, not even for the TTL. */
  forgetKeys(): void;
  forgetProject(projectId: string): void;
}

export function createCachedReads(store: MetricsStore, ttlMs: number, metrics?: CacheMetrics): CachedReads {
  const keys: TtlCache<VerifiedApiKey | null> = new TtlCache(
    ttlMs,
    undefined,
    metrics?.track('api_keys', () => keys.size),
  );
  const zones: TtlCache<string> = new TtlCache(
    ttlMs,
    undefined,
    metrics?.track('time_zones', () => zones.size),
  );
  return {
    // Keyed by a digest, so the cache never holds a secret.
    verifyApiKey: (token) =>
      keys.get(createHash('sha256').update(token).digest('base64'), () => store.verifyApiKey(token)),
    projectTimezone: (projectId) =>
      zones.get(projectId, () => store.getProjectSettings(projectId).then((settings) => settings.timezone)),
    forgetKeys: () => keys.clear(),
    forgetProject: (projectId) => zones.delete(projectId),
  };
}
