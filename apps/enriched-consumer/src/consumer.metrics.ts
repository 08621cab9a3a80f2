import { collectDefaultMetrics, Registry } from 'prom-client';
import { declareMetrics } from '@metrics-store/runtime';

/** Every metric of this app starts with it, prom-client's process metrics included. */
export const CONSUMER_METRICS_PREFIX = 'enriched_consumer_';

/** The consumer's Prometheus metrics, served on /metrics of CONSUMER_HTTP_PORT; units end their names. */
export function createConsumerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: CONSUMER_METRICS_PREFIX });
  const metric = declareMetrics(registry, CONSUMER_METRICS_PREFIX);
  return {
    registry,
    recordsConsumed: metric.counter({
      name: 'records_consumed_total',
      help: 'Kafka records taken through a successful flush (valid and dead-lettered).',
    }),
    eventsCounted: metric.counter({
      name: 'events_counted_total',
      help: 'Valid events newly counted in daily_metrics.',
    }),
    eventsSkipped: metric.counter({
      name: 'events_skipped_total',
      help: 'Valid events already counted by an earlier transaction (replays, rebalances).',
    }),
    eventsPastKeyRetention: metric.counter({
      name: 'events_past_key_retention_total',
      help: 'Events of dates past DISTINCT_KEY_RETENTION_DAYS: counted in the summed metrics, not in distinct or visit metrics.',
    }),
    duplicateEvents: metric.counter({
      name: 'duplicate_events_total',
      help: 'Valid events not counted: a copy of one seen earlier on their partition within DEDUPE_WINDOW_MINUTES.',
    }),
    deadLettered: metric.counter({
      name: 'records_dead_lettered_total',
      help: 'Records written to the DLQ topic, by error code.',
      labelNames: ['code'],
    }),
    flushDuration: metric.histogram({
      name: 'flush_duration_seconds',
      help: 'Duration of one applyBatch transaction, retries included.',
    }),
    eventsPerFlush: metric.histogram({
      name: 'flush_events',
      help: 'Valid events handed to one applyBatch.',
      buckets: [1, 10, 100, 1_000, 5_000, 10_000, 25_000, 50_000, 100_000],
    }),
    lag: metric.gauge({
      name: 'lag_records',
      help: 'High watermark minus the next offset to process, per partition, as of the last flush.',
      labelNames: ['topic', 'partition'],
    }),
    lastFlush: metric.gauge({
      name: 'last_flush_timestamp_seconds',
      help: 'Unix time of the last successful flush.',
    }),
    flushRetries: metric.counter({
      name: 'flush_retries_total',
      help: 'applyBatch attempts that failed with a retriable error.',
    }),
  };
}

export type ConsumerMetrics = ReturnType<typeof createConsumerMetrics>;
