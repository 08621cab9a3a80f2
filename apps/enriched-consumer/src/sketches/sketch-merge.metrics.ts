import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { CONSUMER_METRICS_PREFIX } from '../consumer.metrics';

/** The sketch merger's Prometheus metrics, in the consumer's registry. */
export function createSketchMergeMetrics(registry: Registry) {
  const registers = [registry];
  return {
    rounds: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}sketch_merge_rounds_total`,
      help: 'Sketch merge rounds, by result: merged, busy (another process merging), failed.',
      labelNames: ['result'],
      registers,
    }),
    duration: new Histogram({
      name: `${CONSUMER_METRICS_PREFIX}sketch_merge_duration_seconds`,
      help: 'Duration of one sketch merge round.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    marksMerged: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}sketch_marks_merged_total`,
      help: 'Day, week and month sketch marks merged by this process.',
      registers,
    }),
    sketchesWritten: new Counter({
      name: `${CONSUMER_METRICS_PREFIX}sketches_written_total`,
      help: 'distinct_sketches rows whose bytes a merge changed.',
      registers,
    }),
    marksPending: new Gauge({
      name: `${CONSUMER_METRICS_PREFIX}sketch_marks_pending`,
      help: 'Sketch marks waiting to be merged (all processes), as of the last round.',
      registers,
    }),
    oldestMarkAge: new Gauge({
      name: `${CONSUMER_METRICS_PREFIX}sketch_oldest_mark_age_seconds`,
      help: 'Age of the oldest waiting sketch mark, as of the last round (0 without marks).',
      registers,
    }),
  };
}
