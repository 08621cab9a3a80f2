import { DEFAULT_TIME_ZONE } from '@metrics-store/metrics-contract';
import type { MetricsStore } from '@metrics-store/metrics-db';
import type { UnknownTimeZones } from './unknown-time-zones';

interface Entry {
  timeZone: string;
  expiresAt: number;
}

/** Whether this process's Intl knows the zone (ICU data differs between Node versions and builds). */
const resolvable = new Map<string, boolean>();
function isResolvable(timeZone: string): boolean {
  let known = resolvable.get(timeZone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      known = true;
    } catch {
      known = false;
    }
    if (resolvable.size > 10_000) resolvable.clear();
    resolvable.set(timeZone, known);
  }
  return known;
}

/**
 * Project time zones with a short TTL: one query per batch for the projects not seen lately, and a zone
 * change made through the admin API reaches the consumer within `ttlMs` (the contract applies it to
 * events processed after the change). A stored zone this process cannot resolve is never a reason to stop:
 * the project counts on UTC dates meanwhile, and `unknownZones` says so.
 */
export class TimezoneCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly store: Pick<MetricsStore, 'getProjectTimezones'>,
    private readonly unknownZones: Pick<UnknownTimeZones, 'unknown' | 'resolved'>,
    private readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The zones of all given projects (UTC for those never configured). */
  async zonesOf(projectIds: Iterable<string>): Promise<Map<string, string>> {
    const now = this.now();
    const zones = new Map<string, string>();
    const missing: string[] = [];
    for (const projectId of projectIds) {
      if (zones.has(projectId)) continue;
      const entry = this.entries.get(projectId);
      if (entry && entry.expiresAt > now) zones.set(projectId, entry.timeZone);
      else missing.push(projectId);
    }
    if (missing.length > 0) {
      const fetched = await this.store.getProjectTimezones(missing);
      const expiresAt = now + this.ttlMs;
      for (const projectId of missing) {
        let timeZone = fetched.get(projectId) ?? DEFAULT_TIME_ZONE;
        if (isResolvable(timeZone)) {
          this.unknownZones.resolved(projectId);
        } else {
          this.unknownZones.unknown(projectId, timeZone);
          timeZone = DEFAULT_TIME_ZONE;
        }
        this.entries.set(projectId, { timeZone, expiresAt });
        zones.set(projectId, timeZone);
      }
      if (this.entries.size > 100_000) this.evictExpired(now);
    }
    return zones;
  }

  private evictExpired(now: number): void {
    for (const [projectId, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(projectId);
  }
}
