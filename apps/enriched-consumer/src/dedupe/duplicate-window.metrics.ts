import { Gauge, type Registry } from 'prom-client';
import { CONSUMER_METRICS_PREFIX } from '../consumer.metrics';
import type { DuplicateFilter } from './duplicate.filter';

/** What the duplicate windows hold, read when Prometheus scrapes (docs/operations.md, sizing). */
export function registerDuplicateWindowGauges(registry: Registry, filter: DuplicateFilter): void {
  new Gauge({
    name: `${CONSUMER_METRICS_PREFIX}duplicate_window_events`,
    help: 'Events the duplicate windows of this process hold, every partition together.',
    registers: [registry],
    collect() {
      this.set(filter.sizes().events);
    },
  });
  new Gauge({
    name: `${CONSUMER_METRICS_PREFIX}duplicate_window_bytes`,
    help: 'Bytes the duplicate windows of this process take, every partition together.',
    registers: [registry],
    collect() {
      this.set(filter.sizes().bytes);
    },
  });
}
