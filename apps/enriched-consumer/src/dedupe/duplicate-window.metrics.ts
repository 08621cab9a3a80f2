import type { Registry } from 'prom-client';
import { declareMetrics } from '@metrics-store/runtime';
import { CONSUMER_METRICS_PREFIX } from '../consumer.metrics';
import type { DuplicateFilter } from './duplicate.filter';

/** What the duplicate windows hold, read when Prometheus scrapes (docs/operations.md, sizing). */
export function registerDuplicateWindowGauges(registry: Registry, filter: DuplicateFilter): void {
  const metric = declareMetrics(registry, CONSUMER_METRICS_PREFIX);
  metric.gauge({
    name: 'duplicate_window_events',
    help: 'Events the duplicate windows of this process hold, every partition together.',
    collect() {
      this.set(filter.sizes().events);
    },
  });
  metric.gauge({
    name: 'duplicate_window_bytes',
    help: 'Bytes the duplicate windows of this process take, every partition together.',
    collect() {
      this.set(filter.sizes().bytes);
    },
  });
}
