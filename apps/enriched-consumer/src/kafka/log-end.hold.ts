import type { Consumer } from 'kafkajs';
import type { Gauge, Registry } from 'prom-client';
import { declareMetrics, type Logger } from '@metrics-store/runtime';
import { CONSUMER_METRICS_PREFIX } from '../consumer.metrics';

export interface LogEndHoldDeps {
  consumer: Pick<Consumer, 'pause' | 'resume'>;
  registry: Registry;
  groupId: string;
  topic: string;
  logger: Logger;
  /** Loads the stored offsets of these partitions again (they are held until one is back within the log). */
  recheck: (partitions: number[]) => Promise<void>;
  /** How often held partitions read their stored offsets again, waiting for `npm run offsets -- reset`. */
  intervalMs?: number;
}

// A partition still held says so again at this pace, so that the problem stays visible in the log.
const REPEAT_ERROR_MS = 60_000;

/**
 * Partitions whose stored offset lies beyond the end of their log: the topic was deleted and made again, or
 * truncated. Continuing would skip every new record as "already counted" and seeking to the start could
 * count records twice, so such a partition is paused, neither counted nor skipped, and reported (error log
 * line, `enriched_consumer_partitions_beyond_log_end`, /readyz 503) until an operator resets its stored
 * offset; the reset is noticed by rereading the stored offsets every few seconds, without a restart.
 */
export class LogEndHold {
  private readonly held = new Map<number, { reportedAt: number }>();
  private readonly gauge: Gauge;
  private timer: NodeJS.Timeout | null = null;
  private rechecking = false;

  constructor(private readonly deps: LogEndHoldDeps) {
    this.gauge = declareMetrics(deps.registry, CONSUMER_METRICS_PREFIX).gauge({
      name: 'partitions_beyond_log_end',
      help: 'Assigned partitions whose stored offset lies beyond the end of their log, held until `npm run offsets -- reset`.',
    });
  }

  get size(): number {
    return this.held.size;
  }

  isHeld(partition: number): boolean {
    return this.held.has(partition);
  }

  /** The partition's stored offset is beyond its log end: pause it and say so. */
  hold(partition: number, stored: bigint, logEnd: bigint): void {
    const { consumer, groupId, topic, logger } = this.deps;
    const known = this.held.get(partition);
    // Paused again on every check: a rebalance may have given the partition back unpaused.
    consumer.pause([{ topic, partitions: [partition] }]);
    const report = !known || Date.now() - known.reportedAt >= REPEAT_ERROR_MS;
    if (report)
      logger.error(
        {
          group_id: groupId,
          topic,
          partition,
          stored_offset: stored.toString(),
          log_end: logEnd.toString(),
          fix: `npm run offsets -- reset --group ${groupId} --topic ${topic} --partition ${partition} --to-earliest`,
        },
        'offsets_beyond_log_end',
      );
    this.held.set(partition, { reportedAt: report ? Date.now() : (known?.reportedAt ?? Date.now()) });
    this.changed();
  }

  /** The partition's stored offset is within its log again (reset): it is counted from there on. */
  release(partition: number, stored: bigint | null): void {
    if (!this.held.delete(partition)) return;
    const { consumer, groupId, topic, logger } = this.deps;
    consumer.resume([{ topic, partitions: [partition] }]);
    logger.warn(
      { group_id: groupId, topic, partition, stored_offset: stored?.toString() ?? null },
      'offsets_back_within_log',
    );
    this.changed();
  }

  /** A new assignment: partitions that are no longer this member's are not its problem any more. */
  retainOnly(partitions: number[]): void {
    const kept = new Set(partitions);
    for (const partition of [...this.held.keys()])
      if (!kept.has(partition)) {
        this.held.delete(partition);
        this.deps.consumer.resume([{ topic: this.deps.topic, partitions: [partition] }]);
      }
    this.changed();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private changed(): void {
    this.gauge.set(this.held.size);
    if (this.held.size === 0) return this.close();
    this.timer ??= setInterval(() => void this.recheck(), this.deps.intervalMs ?? 5_000);
    this.timer.unref();
  }

  private async recheck(): Promise<void> {
    if (this.rechecking || this.held.size === 0) return;
    this.rechecking = true;
    try {
      await this.deps.recheck([...this.held.keys()]);
    } catch (error) {
      this.deps.logger.warn({ err: error, topic: this.deps.topic }, 'offsets_recheck_failed');
    } finally {
      this.rechecking = false;
    }
  }
}
