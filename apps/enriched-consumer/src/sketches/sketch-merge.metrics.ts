import type { Registry } from 'prom-client';
import { declareMetrics } from '@metrics-store/runtime';
import { CONSUMER_METRICS_PREFIX } from '../consumer.metrics';

/** The sketch merger's Prometheus metrics, in the consumer's registry. */
export function createSketchMergeMetrics(registry: Registry) {
  const metric = declareMetrics(registry, CONSUMER_METRICS_PREFIX);
  return {
    rounds: metric.counter({
      name: 'sketch_merge_rounds_total',
      help: 'Sketch merge rounds, by result: merged, busy (another process writing sketches), failed.',
      labelNames: ['result'],
    }),
    duration: metric.histogram({
      name: 'sketch_merge_duration_seconds',
      help: 'Duration of one sketch merge round.',
    }),
    keysMerged: metric.counter({
      name: 'sketch_keys_merged_total',
      help: 'Distinct keys added to their day, week and month sketches by this process.',
    }),
    sketchesWritten: metric.counter({
      name: 'sketches_written_total',
      help: 'distinct_sketches rows whose bytes a merge changed.',
    }),
    keysPending: metric.gauge({
      name: 'sketch_keys_pending',
      help: 'Distinct keys waiting to be merged into their sketches (all processes), as of the last round.',
    }),
    oldestKeyAge: metric.gauge({
      name: 'sketch_oldest_key_age_seconds',
      help: 'Age of the oldest distinct key not yet in its sketches, as of the last round (0 without any).',
    }),
  };
}
