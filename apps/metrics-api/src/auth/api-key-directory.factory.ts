import type { Registry } from 'prom-client';
import type { MetricsStore } from '@metrics-store/metrics-db';
import { declareMetrics, type Logger } from '@metrics-store/runtime';
import { API_METRICS_PREFIX } from '../api.metrics';
import { ApiKeyDirectory } from './api-key.directory';

/** An ApiKeyDirectory with its state exported as Prometheus metrics; the caller starts and stops it. */
export function createApiKeyDirectory(
  store: Pick<MetricsStore, 'readApiKeyChanges'>,
  options: { refreshMs: number; logger?: Logger },
  registry: Registry,
): ApiKeyDirectory {
  const metric = declareMetrics(registry, API_METRICS_PREFIX);
  const failures = metric.counter({
    name: 'key_refresh_failures_total',
    help: 'Reads of the API keys created or revoked elsewhere that failed',
  });
  const directory = new ApiKeyDirectory(store, {
    ...options,
    onRefresh: (ok) => {
      if (!ok) failures.inc();
    },
  });
  metric.gauge({
    name: 'keys_live',
    help: 'Live API keys the API knows of',
    collect() {
      this.set(directory.size);
    },
  });
  metric.gauge({
    name: 'key_directory_age_seconds',
    help: 'Time since the last successful read of the API keys began (past 4 s, keys are not vouched for)',
    collect() {
      this.set(Number.isFinite(directory.ageSeconds) ? directory.ageSeconds : -1);
    },
  });
  return directory;
}
