import type { MetricsStoreOptions } from '@metrics-store/metrics-db';
import type { ReadSchedulerOptions } from './admission/read.scheduler';
import type { ApiConfig } from './api.config';

export interface ApiOptions {
  store: MetricsStoreOptions;
  admission: ReadSchedulerOptions;
  keyRefreshMs: number;
}

/** What the configuration means for the store, the read scheduler and the key directory. */
export function apiOptions(config: ApiConfig): ApiOptions {
  return {
    store: {
      databaseUrl: config.DATABASE_URL,
      poolSize: config.DB_POOL_SIZE,
      applicationName: 'metrics-api',
      // Reads queue in the scheduler, not in the pool: a wait here means the database is away or stuck.
      connectionTimeoutMillis: config.DB_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    },
    admission: {
      concurrency: config.READ_CONCURRENCY,
      concurrencyPerLane: config.READ_CONCURRENCY_PER_PROJECT,
      queuePerLane: config.READ_QUEUE_PER_PROJECT,
      maxWaitMs: config.READ_QUEUE_TIMEOUT_MS,
    },
    keyRefreshMs: config.KEY_REFRESH_MS,
  };
}
