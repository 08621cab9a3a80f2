import type { Admin, Consumer } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { MetricsStore, StoredPosition } from '@metrics-store/metrics-db';
import type { Logger } from '@metrics-store/runtime';
import { retryWithBackoff } from '../failures/backoff.retry';
import { isTransientError } from '../failures/transient-error';
import type { DuplicateFilter } from '../dedupe/duplicate.filter';
import { LogEndHold } from './log-end.hold';

export interface PositionSources {
  store: Pick<MetricsStore, 'readPositions'>;
  admin: Pick<Admin, 'fetchTopicOffsets' | 'fetchTopicOffsetsByTimestamp'>;
  /** The duplicate windows: started over, read back, confirmed and rewound with the positions. */
  duplicates: DuplicateFilter;
  consumer: Pick<Consumer, 'seek' | 'pause' | 'resume'>;
  /** Where the gauge of partitions beyond their log end is registered. */
  registry: Registry;
  groupId: string;
  topic: string;
  logger: Logger;
  isRunning: () => boolean;
}

/**
 * Where each assigned partition stands. `confirmed` is the next offset stored in PostgreSQL with the counts
 * (the source of truth), or the earliest retained offset for a partition never flushed; Kafka's committed
 * offsets are ignored on purpose, they only feed lag monitoring. `accepted` runs ahead of it: the next
 * offset after the records already handed to the flush scheduler, which is where the next fetch continues.
 *
 * kafkajs emits GROUP_JOIN without awaiting listeners, so the first fetch of a generation may race the
 * lookup: the batch handler awaits `positionOf`, and the seek issued here marks such a batch stale.
 */
export class PartitionPositions {
  private readonly confirmed = new Map<number, bigint>();
  private readonly accepted = new Map<number, bigint>();
  /** The next offset PostgreSQL holds as far as this process knows, null for never flushed: what a flush expects. */
  private readonly stored = new Map<number, string | null>();
  private loading: Promise<void> = Promise.resolve();
  private generation = 0;
  /** Partitions whose stored offset lies beyond their log end: no position, paused until a reset. */
  readonly beyondLogEnd: LogEndHold;

  constructor(private readonly sources: PositionSources) {
    this.beyondLogEnd = new LogEndHold({
      ...sources,
      recheck: (partitions) => this.load(partitions, this.generation),
    });
  }

  /** On every assignment: load the stored offsets of the new partitions and seek to them. */
  onAssignment(partitions: number[]): void {
    const generation = ++this.generation;
    this.confirmed.clear();
    this.accepted.clear();
    this.stored.clear();
    this.beyondLogEnd.retainOnly(partitions);
    this.sources.duplicates.retainOnly(partitions);
    this.loading = this.load(partitions, generation);
    // Failures surface in positionOf, where the batch handler decides what they mean.
    this.loading.catch(() => undefined);
  }

  /**
   * The next offset to process on `partition` (its accepted position), loading it if the assignment did not
   * cover it; null while the partition is held beyond its log end (its records are neither counted nor skipped).
   */
  async positionOf(partition: number): Promise<bigint | null> {
    await this.loading;
    const known = this.accepted.get(partition);
    if (known !== undefined) return known;
    if (this.beyondLogEnd.isHeld(partition)) return null;
    await this.load([partition], this.generation);
    if (this.beyondLogEnd.isHeld(partition)) return null;
    const loaded = this.accepted.get(partition);
    if (loaded === undefined) throw new Error(`no position for partition ${partition}`);
    return loaded;
  }

  /** The accepted position as it is now, without waiting for a load (undefined while unknown). */
  acceptedOf(partition: number): bigint | undefined {
    return this.accepted.get(partition);
  }

  /** The position stored in PostgreSQL as far as this process knows (undefined while unknown). */
  confirmedOf(partition: number): bigint | undefined {
    return this.confirmed.get(partition);
  }

  /**
   * The stored offset a flush of `partition` continues from (null: never flushed), undefined while unknown.
   * applyBatch refuses the flush unless PostgreSQL still holds it.
   */
  storedOf(partition: number): string | null | undefined {
    return this.stored.get(partition);
  }

  /** The records up to `next` were handed to the flush scheduler. */
  accept(partition: number, next: bigint): void {
    if (next > (this.accepted.get(partition) ?? -1n)) this.accepted.set(partition, next);
  }

  /** After a successful flush: `next` is now stored in PostgreSQL. */
  confirm(partition: number, next: bigint): void {
    if (next > (this.confirmed.get(partition) ?? -1n)) this.confirmed.set(partition, next);
    this.sources.duplicates.confirm(partition, next);
    this.stored.set(partition, this.confirmed.get(partition)?.toString() ?? null);
    this.accept(partition, next);
  }

  /**
   * Records were accepted but will never be flushed (their flush was abandoned): continue from the stored
   * position again. The seek also marks an in-progress batch of the partition stale.
   */
  rewind(partition: number): void {
    const confirmed = this.confirmed.get(partition);
    if (confirmed === undefined) return;
    this.accepted.set(partition, confirmed);
    this.sources.duplicates.rewind(partition, confirmed);
    const { consumer, topic } = this.sources;
    consumer.seek({ topic, partition, offset: confirmed.toString() });
  }

  /** Refetches a partition from its stored position (after a gap, e.g. Kafka offsets reset to latest). */
  async seekBack(partition: number): Promise<void> {
    await this.load([partition], this.generation);
  }

  /**
   * PostgreSQL does not hold what this process thought it stored (a commit lost in a crash, another member's
   * flush): forget the positions of `partitions`, so that no batch is accepted for them meanwhile, and load
   * them and seek there again.
   */
  async reload(partitions: number[]): Promise<void> {
    for (const partition of partitions) {
      this.confirmed.delete(partition);
      this.accepted.delete(partition);
      this.stored.delete(partition);
    }
    const generation = this.generation;
    const reloading = this.loading.then(() => this.load(partitions, generation));
    this.loading = reloading.catch(() => undefined);
    await reloading;
  }

  private async load(partitions: number[], generation: number): Promise<void> {
    const { store, admin, consumer, duplicates, groupId, topic, logger } = this.sources;
    const [stored, watermarks] = await this.retrying('offsets_load_failed', () =>
      Promise.all([store.readPositions(groupId, topic, partitions), admin.fetchTopicOffsets(topic)]),
    );
    const windowStarts = await this.retrying('offsets_load_failed', () => this.duplicateWindowStarts(stored));
    if (generation !== this.generation) return;
    for (const partition of partitions) {
      const mark = watermarks.find((candidate) => candidate.partition === partition);
      const low = BigInt(mark?.low ?? '0');
      const storedOffset = stored.get(partition)?.nextOffset;
      if (mark && storedOffset !== undefined && BigInt(storedOffset) > BigInt(mark.high)) {
        this.confirmed.delete(partition);
        this.accepted.delete(partition);
        this.stored.delete(partition);
        this.beyondLogEnd.hold(partition, BigInt(storedOffset), BigInt(mark.high));
        continue;
      }
      let position = storedOffset === undefined ? low : BigInt(storedOffset);
      if (position < low) {
        // Retention deleted records that were never counted; nothing can bring them back, so say so loudly.
        logger.error(
          { topic, partition, offset: position.toString(), low_watermark: low.toString() },
          'offsets_below_retention',
        );
        position = low;
      }
      this.confirmed.set(partition, position);
      this.accepted.set(partition, position);
      this.stored.set(partition, storedOffset ?? null);
      // The duplicate window is read back from the records of the last window before the stored offset.
      let from = windowStarts.get(partition) ?? position;
      if (from > position) from = position;
      if (from < low) from = low;
      if (duplicates.enabled)
        duplicates.reset(partition, position, stored.get(partition)?.newestRecordTimeMs ?? null, from);
      consumer.seek({ topic, partition, offset: from.toString() });
      // A partition held beyond its log end resumes once its stored offset was reset, after the seek.
      this.beyondLogEnd.release(partition, storedOffset === undefined ? null : BigInt(storedOffset));
      logger.info(
        {
          topic,
          partition,
          offset: position.toString(),
          stored: storedOffset !== undefined,
          ...(from < position ? { duplicate_window_from: from.toString() } : {}),
        },
        'partition_position_loaded',
      );
    }
  }

  /**
   * Per partition with a stored newest record time, the first offset whose timestamp is at or after the start
   * of its duplicate window (Kafka's offsets for times: every record before it is older).
   */
  private async duplicateWindowStarts(stored: Map<number, StoredPosition>): Promise<Map<number, bigint>> {
    const starts = new Map<number, bigint>();
    const { duplicates, admin, topic } = this.sources;
    if (!duplicates.enabled) return starts;
    const byTime = new Map<number, number[]>();
    for (const [partition, { newestRecordTimeMs }] of stored) {
      if (newestRecordTimeMs === null) continue;
      const time = duplicates.windowStartTime(newestRecordTimeMs);
      byTime.set(time, [...(byTime.get(time) ?? []), partition]);
    }
    for (const [time, partitions] of byTime) {
      for (const { partition, offset } of await admin.fetchTopicOffsetsByTimestamp(topic, time))
        if (partitions.includes(partition)) starts.set(partition, BigInt(offset));
    }
    return starts;
  }

  private retrying<T>(what: string, work: () => Promise<T>): Promise<T> {
    const { topic, logger } = this.sources;
    return retryWithBackoff(work, {
      isActive: this.sources.isRunning,
      isRetriable: isTransientError,
      onRetry: (error, attempt, delayMs) =>
        logger.warn({ err: error, topic, attempt, delay_ms: delayMs }, what),
    });
  }
}
