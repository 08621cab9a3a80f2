/** How long records may wait for a successful flush before the consumer stops calling itself ready (docs/operations.md). */
export const FLUSH_STALL_LIMIT_MS = 30_000;

/**
 * Whether flushing makes progress: the consumer is not ready while it has records to count and no flush
 * has succeeded for 30 s (a flush retrying forever, e.g. a dead-letter topic that refuses every send). The
 * wait is measured from the last success, or from when records arrived with nothing pending, so that a
 * consumer idle for an hour is not unready the moment records come in.
 */
export class FlushProgress {
  private since: number;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly limitMs = FLUSH_STALL_LIMIT_MS,
  ) {
    this.since = now();
  }

  /** A flush succeeded, or records arrived while nothing was pending: the wait starts again. */
  restart(): void {
    this.since = this.now();
  }

  /** True when `pending` records have waited at least the limit without a successful flush. */
  isStalled(pending: boolean): boolean {
    return pending && this.now() - this.since >= this.limitMs;
  }
}
