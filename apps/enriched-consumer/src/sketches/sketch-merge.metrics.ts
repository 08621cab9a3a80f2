import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { CONSUMER_METRICS_PREFIX } from '../consumer.metrics';

/** The sketch merger's Prometheus metrics, in the consumer's registry. */
export function createSketchMergeMetrics(registry: Registry) {
  const registers = [registry];
  return {
    rounds: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}sketch_merge_rounds_total`,
      help: 'Sketch merge rounds, by result: merged, busy (another process writing sketches), failed.',
      labelNames: ['result'],
      registers,
    }),
    duration: new Histogram({
      name: `${CONSUMER_METRICS_PREFIX}sketch_merge_duration_seconds`,
      help: 'Duration of one sketch merge round.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    keysMerged: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}sketch_keys_merged_total`,
      help: 'Distinct keys added to their day, week and month sketches by this process.',
      registers,
    }),
    sketchesWritten: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}sketches_written_total`,
      help: 'distinct_sketches rows whose bytes a merge changed.',
      registers,
    }),
    keysPending: new Gauge({
      name: `${CONSUMER_METRICS_PREFIX}sketch_keys_pending`,
      help: 'Distinct keys waiting to be merged into their sketches (all processes), as of the last round.',
      registers,
    }),
    oldestKeyAge: new Gauge({
      name: `${CONSUMER_METRICS_PREFIX}sketch_oldest_key_age_seconds`,
      help: 'Age of the oldest distinct key not yet in its sketches, as of the last round (0 without any).',
      registers,
    }),
  };
}
