import type { Counter, Registry } from 'prom-client';
import { firstKeptDate, fromDayNumber, toDayNumber } from '@metrics-store/metrics-contract';
import type { MetricsStore, RetentionStep } from '@metrics-store/metrics-db';
import { declareMetrics, type Logger } from '@metrics-store/runtime';
import { BackgroundLoop } from '../background/background.loop';
import { CONSUMER_METRICS_PREFIX } from '../consumer.metrics';

export interface VisitorStateRetentionOptions {
  store: Pick<MetricsStore, 'removeExpiredVisitorState'>;
  logger: Logger;
  registry: Registry;
  /** DISTINCT_KEY_RETENTION_DAYS. */
  retentionDays: number;
  /** Pause between two runs; a run ends when nothing is left to remove. Default 10 minutes. */
  intervalMs?: number;
  /** Pause between two steps of a run, which leaves the database to the flushes; default 200 ms. */
  stepPauseMs?: number;
  /** How long after start the first run waits for the counting to settle; default 30 s. */
  firstRunAfterMs?: number;
  /** Today's UTC date; the clock's unless given. */
  today?: () => string;
}

const DEFAULT_INTERVAL_MS = 10 * 60_000;
const DEFAULT_STEP_PAUSE_MS = 200;
const DEFAULT_FIRST_RUN_AFTER_MS = 30_000;
// A flush may date its events by a clock a little behind this one (another process, around midnight): the
// day before the first kept date is kept too, so nothing a flush may still write a key for is being removed.
const MARGIN_DAYS = 1;

/**
 * Removes, in the background, the visitor keys and session state of dates older than
 * DISTINCT_KEY_RETENTION_DAYS (docs/events.md#what-is-kept-about-visitors): a run every `intervalMs`, in small
 * steps with pauses between them, one process at a time across all consumers (the store's lock; the others'
 * steps are `busy` and they try again next run). Counters and sketches stay. A failing step is a warning and
 * the run is tried again later: what is left is removed then.
 */
export class VisitorStateRetentionLoop {
  private readonly logger: Logger;
  private readonly removed: Counter;
  private readonly loop = new BackgroundLoop(() => this.stepAndPause());
  private run: { before: string; after: RetentionStep['after']; keys: number; sessions: number } | null =
    null;
  private started = false;

  constructor(private readonly options: VisitorStateRetentionOptions) {
    this.logger = options.logger.child({ module: 'retention' });
    this.removed = declareMetrics(options.registry, CONSUMER_METRICS_PREFIX).counter({
      name: 'visitor_state_removed_total',
      help: 'Visitor and session keys (what="keys") and session states (what="sessions") removed past DISTINCT_KEY_RETENTION_DAYS.',
      labelNames: ['what'],
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** The first date kept: today minus the retention, minus the margin. */
  private before(): string {
    const today = this.options.today?.() ?? new Date().toISOString().slice(0, 10);
    return fromDayNumber(toDayNumber(firstKeptDate(today, this.options.retentionDays)) - MARGIN_DAYS);
  }

  private async stepAndPause(): Promise<number> {
    const interval = this.options.intervalMs ?? DEFAULT_INTERVAL_MS;
    if (!this.started) {
      this.started = true;
      return this.options.firstRunAfterMs ?? DEFAULT_FIRST_RUN_AFTER_MS;
    }
    this.run ??= { before: this.before(), after: undefined, keys: 0, sessions: 0 };
    const run = this.run;
    try {
      const result = await this.options.store.removeExpiredVisitorState({
        before: run.before,
        after: run.after,
      });
      if (result.status === 'busy') {
        this.run = null;
        return interval;
      }
      run.keys += result.keysRemoved;
      run.sessions += result.sessionsRemoved;
      this.removed.inc({ what: 'keys' }, result.keysRemoved);
      this.removed.inc({ what: 'sessions' }, result.sessionsRemoved);
      if (result.status === 'more') {
        run.after = result.after;
        return this.options.stepPauseMs ?? DEFAULT_STEP_PAUSE_MS;
      }
      if (run.keys + run.sessions > 0)
        this.logger.info(
          { before: run.before, keys: run.keys, sessions: run.sessions },
          'visitor_state_removed',
        );
      this.run = null;
      return interval;
    } catch (error) {
      this.logger.warn({ err: error, before: run.before }, 'visitor_state_removal_failed');
      this.run = null;
      return interval;
    }
  }
}
