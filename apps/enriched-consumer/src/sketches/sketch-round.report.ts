import type { Registry } from 'prom-client';
import type { Logger } from '@metrics-store/runtime';
import { createSketchMergeMetrics } from './sketch-merge.metrics';

/**
 * What one merge round did. Plain data, so that a round run in the merger's worker thread reaches the
 * consumer's registry and logger as a message.
 */
export type SketchRoundReport =
  | {
      result: 'merged' | 'busy';
      seconds: number;
      marksMerged: number;
      sketchesWritten: number;
      marksPending: number;
      oldestMarkAgeSeconds: number;
    }
  | { result: 'failed'; error: { name: string; message: string } };

/** Turns round reports into the merger's Prometheus metrics and a warning per failed round. */
export function createSketchRoundRecorder(
  registry: Registry,
  logger: Logger,
): (report: SketchRoundReport) => void {
  const metrics = createSketchMergeMetrics(registry);
  return (report) => {
    metrics.rounds.inc({ result: report.result });
    if (report.result === 'failed') {
      logger.warn({ err: report.error }, 'sketch_merge_failed');
      return;
    }
    metrics.duration.observe(report.seconds);
    metrics.marksMerged.inc(report.marksMerged);
    metrics.sketchesWritten.inc(report.sketchesWritten);
    metrics.marksPending.set(report.marksPending);
    metrics.oldestMarkAge.set(report.oldestMarkAgeSeconds);
  };
}
