import type { MetricsStore } from '@metrics-store/metrics-db';
import type { SketchRoundReport } from './sketch-round.report';

export interface SketchMergeLoopOptions {
  store: Pick<MetricsStore, 'mergeSketches' | 'sketchMarkStats'>;
  /** What each round did: the metrics and the warnings are the caller's (sketch-round.report.ts). */
  onRound: (report: SketchRoundReport) => void;
  /** Pause between rounds that left no work behind; default 1 s (sketches fresh within 5 s). */
  intervalMs?: number;
  /**
   * Marks per round; default 512. A mark made during a round waits for the next one, after the pause as long
   * as the round: short rounds keep that wait short, the pause keeps the merger's share of the time.
   */
  maxMarks?: number;
  /**
   * While marks remain, the pause after a round is this many times the round's own duration; default 1, so a
   * merger that is behind (a drain, a rebuild) takes at most about half of the time and leaves the rest
   * of the machine to the counting. At moderate load rounds are short and this pause with them.
   */
  backlogPauseFactor?: number;
}

const DEFAULT_INTERVAL_MS = 1_000;
const DEFAULT_BACKLOG_PAUSE_FACTOR = 1;
const DEFAULT_MAX_MARKS = 512;

/**
 * Keeps distinct_sketches up to date: a merge round every second, or again after a short pause (as long as
 * the round took) while marks remain. A round that fails is reported and simply tried again next time:
 * sketches are derived data, and the marks a failed round leaves are merged later. Every consumer process
 * runs one (in a worker thread of its own, sketch-merge.thread.ts); the store lets one of them merge at a
 * time and the others skip.
 */
export class SketchMergeLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: SketchMergeLoopOptions) {}

  start(): void {
    if (this.loop) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Ends the loop after the round in flight; idempotent. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const started = performance.now();
      const more = await this.round();
      if (!this.running) break;
      const backlogPause =
        (performance.now() - started) * (this.options.backlogPauseFactor ?? DEFAULT_BACKLOG_PAUSE_FACTOR);
      await this.pause(more ? backlogPause : (this.options.intervalMs ?? DEFAULT_INTERVAL_MS));
    }
  }

  /** One round; true when marks are probably left for another one at once. */
  private async round(): Promise<boolean> {
    const { store, maxMarks = DEFAULT_MAX_MARKS } = this.options;
    const started = performance.now();
    try {
      const result = await store.mergeSketches({ maxMarks });
      const seconds = (performance.now() - started) / 1000;
      const stats = await store.sketchMarkStats();
      this.options.onRound({
        result: result.status,
        seconds,
        marksMerged: result.status === 'merged' ? result.dayMarks + result.periodMarks : 0,
        sketchesWritten: result.status === 'merged' ? result.sketchesWritten : 0,
        marksPending: stats.pending,
        oldestMarkAgeSeconds: stats.oldestAgeSeconds,
      });
      return result.status === 'merged' && result.more;
    } catch (error) {
      const { name, message } = error instanceof Error ? error : new Error(String(error));
      this.options.onRound({ result: 'failed', error: { name, message } });
      return false;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
