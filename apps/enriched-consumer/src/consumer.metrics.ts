import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every metric of this app starts with it, prom-client's process metrics included. */
export const CONSUMER_METRICS_PREFIX = 'enriched_consumer_';

/** The consumer's Prometheus metrics, served on /metrics of CONSUMER_HTTP_PORT; units end their names. */
export function createConsumerMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: CONSUMER_METRICS_PREFIX });
  const registers = [registry];
  return {
    registry,
    recordsConsumed: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}records_consumed_total`,
      help: 'Kafka records taken through a successful flush (valid and dead-lettered).',
      registers,
    }),
    eventsCounted: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}events_counted_total`,
      help: 'Valid events newly counted in daily_metrics.',
      registers,
    }),
    eventsSkipped: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}events_skipped_total`,
      help: 'Valid events already counted by an earlier transaction (replays, rebalances).',
      registers,
    }),
    eventsPastKeyRetention: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}events_past_key_retention_total`,
      help: 'Events of dates past DISTINCT_KEY_RETENTION_DAYS: counted in the summed metrics, not in distinct or visit metrics.',
      registers,
    }),
    duplicateEvents: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}duplicate_events_total`,
      help: 'Valid events not counted: a copy of one seen earlier on their partition within DEDUPE_WINDOW_MINUTES.',
      registers,
    }),
    deadLettered: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}records_dead_lettered_total`,
      help: 'Records written to the DLQ topic, by error code.',
      labelNames: ['code'],
      registers,
    }),
    flushDuration: new Histogram({
      name: `${CONSUMER_METRICS_PREFIX}flush_duration_seconds`,
      help: 'Duration of one applyBatch transaction, retries included.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    eventsPerFlush: new Histogram({
      name: `${CONSUMER_METRICS_PREFIX}flush_events`,
      help: 'Valid events handed to one applyBatch.',
      buckets: [1, 10, 100, 1_000, 5_000, 10_000, 25_000, 50_000, 100_000],
      registers,
    }),
    lag: new Gauge({
      name: `${CONSUMER_METRICS_PREFIX}lag_records`,
      help: 'High watermark minus the next offset to process, per partition, as of the last flush.',
      labelNames: ['topic', 'partition'],
      registers,
    }),
    lastFlush: new Gauge({
      name: `${CONSUMER_METRICS_PREFIX}last_flush_timestamp_seconds`,
      help: 'Unix time of the last successful flush.',
      registers,
    }),
    flushRetries: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}flush_retries_total`,
      help: 'applyBatch attempts that failed with a retriable error.',
      registers,
    }),
  };
}

export type ConsumerMetrics = ReturnType<typeof createConsumerMetrics>;
