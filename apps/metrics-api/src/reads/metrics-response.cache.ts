import type { Granularity } from '@metrics-store/metrics-contract';
import type { MetricsStore } from '@metrics-store/metrics-db';
import { JoinedAbort } from '../admission/joined-abort';
import type { ReadScheduler } from '../admission/read.scheduler';
import { entityTagOf } from '../http/entity-tag';
import type { CacheMetrics } from './cache.metrics';
import type { CachedReads } from './cached-reads';
import { TtlCache } from './ttl.cache';

/** A validated metrics read: project id lower-case, metric names deduplicated in the order asked for. */
export interface MetricsRead {
  projectId: string;
  from: string;
  to: string;
  metrics: string[];
  granularity: Granularity;
}

/** The answer as sent: shared by every request that gets it, so it is never mutated. */
export interface SerializedAnswer {
  body: Buffer;
  etag: string;
}

export interface MetricsResponses {
  /**
   * `signal`: the request's client has gone (see clientGoneSignal); a read that every request waiting for it
   * has left is dropped before it starts.
   */
  get(read: MetricsRead, at?: { now?: number; signal?: AbortSignal }): Promise<SerializedAnswer>;
  /** After a time-zone change through this process: the next read shows the new zone at once. */
  forgetProject(projectId: string): void;
}

// Whole bodies (a 400-day read of 20 metrics is ~0.3 MB), and expired ones are dropped as new ones come in:
// fewer entries than the key cache.
const MAX_ANSWERS = 1_000;

const keyOf = (read: MetricsRead) =>
  `${read.projectId}|${read.from}|${read.to}|${read.granularity}|${read.metrics.join(',')}`;

/**
 * Metrics answers, serialized with their ETag, shared for `ttlMs` after their read began. A dashboard
 * refresh fans out into the same reads from many viewers at once: identical reads in that window join the
 * one in flight or take its answer, so they cost one query, one JSON serialization and one hash. The age
 * of an answer counts from the start of its read, so no request gets data older than `ttlMs` from its
 * arrival, even when the read itself is slow; with `ttlMs` 0 every request reads on its own. Callers check
 * auth before asking: an answer depends only on the project and the query, never on the key.
 *
 * Requests join an identical read before it is scheduled: one turn of the project's queue serves them all.
 */
export function createMetricsResponses(
  store: MetricsStore,
  reads: CachedReads,
  ttlMs: number,
  scheduler: ReadScheduler,
  metrics?: CacheMetrics,
): MetricsResponses {
  const answers: TtlCache<SerializedAnswer> = new TtlCache(
    ttlMs,
    MAX_ANSWERS,
    metrics?.track('answers', () => answers.size),
  );
  // The requests waiting for each read in flight, so that it is dropped once all of them have gone.
  const waiting = new Map<string, JoinedAbort>();

  const load = async (read: MetricsRead, signal: AbortSignal): Promise<SerializedAnswer> => {
    const [series, timezone] = await scheduler.run(
      read.projectId,
      () => Promise.all([store.readSeries(read), reads.projectTimezone(read.projectId)]),
      signal,
    );
    // In the order asked for; a well-formed name without data is all zeros, as the store returns it.
    const metrics = Object.fromEntries(read.metrics.map((name) => [name, series[name]]));
    const body = Buffer.from(
      JSON.stringify({
        project_id: read.projectId,
        timezone,
        from: read.from,
        to: read.to,
        granularity: read.granularity,
        metrics,
      }),
    );
    return { body, etag: entityTagOf(body) };
  };

  return {
    get: (read, { now = Date.now(), signal } = {}) => {
      const key = keyOf(read);
      let joined = waiting.get(key);
      const answer = answers.get(
        key,
        () => {
          const own = new JoinedAbort();
          joined = own;
          waiting.set(key, own);
          const loading = load(read, own.signal);
          const settled = () => {
            if (waiting.get(key) === own) waiting.delete(key);
          };
          loading.then(settled, settled);
          return loading;
        },
        now,
      );
      joined?.join(signal);
      return answer;
    },
    forgetProject: (projectId) => answers.deleteWhere((key) => key.startsWith(`${projectId}|`)),
  };
}
