import type { Registry } from 'prom-client';
import type { MetricsStore } from '@metrics-store/metrics-db';
import type { Logger } from '@metrics-store/runtime';
import { BackgroundLoop } from '../background/background.loop';
import { createSketchMergeMetrics } from './sketch-merge.metrics';

export interface SketchMergeLoopOptions {
  store: Pick<MetricsStore, 'mergeSketches' | 'sketchBacklog'>;
  logger: Logger;
  registry: Registry;
  /**
   * Pause between rounds that left nothing behind (SKETCH_MERGE_INTERVAL_MS). A key waits for at most about
   * this plus a round before its sketches hold it; longer pauses rewrite each active project's sketches less
   * often.
   */
  intervalMs: number;
  /** Keys per round; the store's default unless given. A round takes the keys waiting when it begins. */
  maxKeys?: number;
  /**
   * While keys remain, the pause after a round is this many times the round's own duration; default 1, so a
   * merger that is behind (a drain, a migration's backlog) takes at most about half of the time and leaves the
   * rest of the machine to the counting. At moderate load rounds are short and this pause with them.
   */
  backlogPauseFactor?: number;
}

const DEFAULT_BACKLOG_PAUSE_FACTOR = 1;

/**
 * Keeps distinct_sketches up to date beside the counting: a merge round every interval, or again after a short
 * pause (as long as the round took) while keys remain. A round that fails is a warning and is simply tried
 * again next time: sketches are derived data, and the keys a failed round leaves are merged later, so no
 * failure here stops or slows a flush. Every consumer process runs one; the store lets one of them merge at a
 * time and the others skip.
 */
export class SketchMergeLoop {
  private readonly logger: Logger;
  private readonly metrics: ReturnType<typeof createSketchMergeMetrics>;
  private readonly loop = new BackgroundLoop(() => this.roundAndPause());

  constructor(private readonly options: SketchMergeLoopOptions) {
    this.logger = options.logger.child({ module: 'sketch-merge' });
    this.metrics = createSketchMergeMetrics(options.registry);
  }

  start(): void {
    this.loop.start();
  }

  /** Ends the loop after the round in flight; idempotent. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** A round, then the pause before the next: the interval, or as long as the round while keys remain. */
  private async roundAndPause(): Promise<number> {
    const started = performance.now();
    const more = await this.round();
    if (!more) return this.options.intervalMs;
    return (performance.now() - started) * (this.options.backlogPauseFactor ?? DEFAULT_BACKLOG_PAUSE_FACTOR);
  }

  /** One round; true when keys are probably left for another one at once. */
  private async round(): Promise<boolean> {
    const { store, maxKeys } = this.options;
    const timer = this.metrics.duration.startTimer();
    try {
      const result = await store.mergeSketches(maxKeys === undefined ? {} : { maxKeys });
      timer();
      this.metrics.rounds.inc({ result: result.status });
      if (result.status === 'merged') {
        this.metrics.keysMerged.inc(result.keys);
        this.metrics.sketchesWritten.inc(result.sketchesWritten);
      }
      const backlog = await store.sketchBacklog();
      this.metrics.keysPending.set(backlog.keys);
      this.metrics.oldestKeyAge.set(backlog.oldestAgeSeconds);
      return result.status === 'merged' && result.more;
    } catch (error) {
      this.metrics.rounds.inc({ result: 'failed' });
      this.logger.warn({ err: error }, 'sketch_merge_failed');
      return false;
    }
  }
}
