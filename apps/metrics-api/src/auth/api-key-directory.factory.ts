import { Counter, Gauge, type Registry } from 'prom-client';
import type { MetricsStore } from '@metrics-store/metrics-db';
import type { Logger } from '@metrics-store/runtime';
import { ApiKeyDirectory } from './api-key.directory';

/** An ApiKeyDirectory with its state exported as Prometheus metrics; the caller starts and stops it. */
export function createApiKeyDirectory(
  store: Pick<MetricsStore, 'readApiKeyChanges'>,
  options: { refreshMs: number; logger?: Logger },
  registry: Registry,
): ApiKeyDirectory {
  const failures = new Counter({
    name: 'metrics_api_key_refresh_failures_total',
    help: 'Reads of the API keys created or revoked elsewhere that failed',
    registers: [registry],
  });
  const directory = new ApiKeyDirectory(store, {
    ...options,
    onRefresh: (ok) => {
      if (!ok) failures.inc();
    },
  });
  new Gauge({
    name: 'metrics_api_keys_live',
    help: 'Live API keys the API knows of',
    registers: [registry],
    collect() {
      this.set(directory.size);
    },
  });
  new Gauge({
    name: 'metrics_api_key_directory_age_seconds',
    help: 'Time since the last successful read of the API keys began (past 4 s, keys are not vouched for)',
    registers: [registry],
    collect() {
      this.set(Number.isFinite(directory.ageSeconds) ? directory.ageSeconds : -1);
    },
  });
  return directory;
}
