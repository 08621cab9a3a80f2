import { collectDefaultMetrics, type Registry } from 'prom-client';
import { declareMetrics } from '@metrics-store/runtime';
import type { MetricsStore, PoolStats } from '@metrics-store/metrics-db';

/** Every metric of this app starts with it, prom-client's process metrics included. */
export const API_METRICS_PREFIX = 'metrics_api_';

/** prom-client's process and Node.js metrics (CPU, memory, event loop lag, GC), under this app's prefix. */
export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry, prefix: API_METRICS_PREFIX });
}

/** The database pool of the store, read at each scrape: open, idle and most connections, waiting clients. */
export function registerPoolMetrics(registry: Registry, store: Pick<MetricsStore, 'poolStats'>): void {
  const metric = declareMetrics(registry, API_METRICS_PREFIX);
  const gauge = (name: string, help: string, read: (stats: PoolStats) => number) =>
    metric.gauge({
      name: `db_pool_${name}`,
      help,
      collect() {
        this.set(read(store.poolStats()));
      },
    });
  gauge('connections', 'Open connections of the database pool, idle or in use.', (stats) => stats.total);
  gauge('idle_connections', 'Open connections of the database pool not in use.', (stats) => stats.idle);
  gauge('max_connections', 'Size of the database pool (DB_POOL_SIZE).', (stats) => stats.max);
  gauge(
    'waiting_clients',
    'Operations waiting for a pooled connection because all are in use.',
    (stats) => stats.waiting,
  );
}
