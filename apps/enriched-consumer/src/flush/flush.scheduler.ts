import {
  PositionsOutOfDateError,
  type ApplyResult,
  type MetricsStore,
  type PartitionSegment,
} from '@metrics-store/metrics-db';
import { firstKeptDate } from '@metrics-store/metrics-contract';
import type { Logger } from '@metrics-store/runtime';
import type { ConsumerMetrics } from '../consumer.metrics';
import { deadLetterBytes, type DeadLetter } from '../events/dead-letter';
import { AbandonedError, retryWithBackoff } from '../failures/backoff.retry';
import type { DayTypesCap, TypedSegment } from './day-types.cap';
import { FlushProgress } from './flush-progress';
import type { DeadLetterSink, FlushPositions } from './flush.ports';
import { isTransientError } from '../failures/transient-error';

/** The records of one kafkajs batch, classified. */
export interface AcceptedSegment extends PartitionSegment, TypedSegment {
  /** Records the segment covers, valid and dead-lettered. */
  records: number;
  /** Written to the DLQ by the flush that counts the segment, before its transaction. */
  deadLetters: DeadLetter[];
  /** Valid events left out as duplicates (docs/events.md#duplicates). */
  duplicates: number;
  highWatermark: string;
}

export interface FlushSchedulerDeps {
  store: Pick<MetricsStore, 'applyBatch'>;
  positions: FlushPositions;
  deadLetters: DeadLetterSink;
  /** MAX_TYPES_PER_DAY, applied before the dead letters are written. */
  typeCap: Pick<DayTypesCap, 'admit' | 'remember'>;
  metrics: ConsumerMetrics;
  logger: Logger;
  groupId: string;
  topic: string;
  /** Records (valid and dead-lettered) one flush covers before the next one is started. */
  maxRecords: number;
  /** Bytes of dead letters one flush holds before the next one is started; MAX_GATHERED_BYTES by default. */
  maxBytes?: number;
  /** Longest an accepted record waits for its flush to start. */
  lingerMs: number;
  /** DISTINCT_KEY_RETENTION_DAYS: events of older dates count in the summed metrics only. */
  keyRetentionDays: number;
  isRunning: () => boolean;
  /** Kafka's committed offsets, kept up to date for lag monitoring only. */
  commitOffsets: (offsets: { partition: number; offset: string }[]) => Promise<void>;
  /** A failure that retrying cannot fix: log it and end the process. */
  onFatal: (error: unknown) => void;
  /** Measures how long records wait for a successful flush (readiness); its own clock unless given. */
  progress?: FlushProgress;
}

/**
 * Dead letters are held, keys and values, until their flush writes them: 30,000 records of up to 1 MB each
 * (too_large) would not fit in the heap. Two sets of this (one in flight, one gathering) and a fetch leave room
 * in the consumer's 192 MB heap; a set passes it by at most one segment, a fetch of one partition.
 */
export const MAX_GATHERED_BYTES = 16 * 1024 * 1024;

/**
 * Gathers accepted segments of every partition and counts them with one applyBatch at a time, while
 * kafkajs fetches and classifies the next records: many partitions per transaction, and a few records
 * per (project, day) row instead of one. At most one flush is in flight and one is gathering, each of
 * about `maxRecords` records and `maxBytes` bytes of dead letters, which bounds memory.
 *
 * Exactly once: applyBatch stores each partition's next offset with the counts and skips what lies below
 * it; this class makes sure that a partition's segments never leave a hole above its stored offset. When a
 * flush is abandoned (stopping, rebalance), its partitions and what was gathered after them go back to
 * their stored offsets and are fetched again.
 */
export class FlushScheduler {
  private gathering: AcceptedSegment[] = [];
  private gatheredRecords = 0;
  private gatheredBytes = 0;
  private inFlight: Promise<void> | null = null;
  /** A flush is due as soon as the one in flight ends (full, caught up, or lingered long enough). */
  private due = false;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: () => Promise<void> = async () => undefined;
  private rebalance: unknown = null;
  private readonly progress: FlushProgress;

  constructor(private readonly deps: FlushSchedulerDeps) {
    this.progress = deps.progress ?? new FlushProgress();
  }

  /** Records wait to be counted and no flush has succeeded for 30 s (docs/operations.md: not ready). */
  isStalled(): boolean {
    return this.progress.isStalled(this.gathering.length > 0 || this.inFlight !== null);
  }

  /**
   * Takes a segment (in offset order after the partition's earlier ones). `caughtUp` says the partition
   * has nothing more to fetch right now: waiting for more would only delay these records. Resolves once
   * there is room for more, which holds the caller's fetch loop while a full set waits for the database.
   */
  async add(segment: AcceptedSegment, caughtUp: boolean, heartbeat: () => Promise<void>): Promise<void> {
    if (this.gathering.length === 0 && this.inFlight === null) this.progress.restart();
    this.gathering.push(segment);
    this.gatheredRecords += segment.records;
    this.gatheredBytes += segmentBytes(segment);
    this.heartbeat = heartbeat;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.requestFlush();
    }, this.deps.lingerMs);
    if (caughtUp || this.isFull()) this.requestFlush();
    while (this.inFlight !== null && this.isFull()) await this.inFlight;
  }

  private isFull(): boolean {
    return (
      this.gatheredRecords >= this.deps.maxRecords ||
      this.gatheredBytes >= (this.deps.maxBytes ?? MAX_GATHERED_BYTES)
    );
  }

  /** Forgets what was gathered (a new assignment seeks every partition to its stored offset anyway). */
  discardGathered(): void {
    this.gathering = [];
    this.gatheredRecords = 0;
    this.gatheredBytes = 0;
  }

  /** Forgets what was gathered of one partition, which is fetched again from its stored offset. */
  discardPartition(partition: number): void {
    this.gathering = this.gathering.filter((segment) => segment.partition !== partition);
    this.gatheredRecords = this.gathering.reduce((sum, segment) => sum + segment.records, 0);
    this.gatheredBytes = this.gathering.reduce((sum, segment) => sum + segmentBytes(segment), 0);
  }

  /** Resolves once no flush is in flight (the current flush finishes or is abandoned). */
  async idle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.inFlight !== null) await this.inFlight;
  }

  /**
   * For stop, once no more records are accepted: the flush in flight ends, then what was gathered is counted
   * with one attempt, while the partitions are still ours (their dead letters are already written, and Kafka's
   * lag offsets can still be committed). If that attempt fails, the records are simply fetched again later.
   */
  async finish(): Promise<void> {
    await this.idle();
    const segments = this.gathering;
    this.discardGathered();
    if (segments.length > 0) await this.flush(segments, true);
  }

  private requestFlush(): void {
    this.due = true;
    if (this.inFlight !== null || this.gathering.length === 0 || !this.deps.isRunning()) return;
    const segments = this.gathering;
    this.discardGathered();
    this.due = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight = this.flush(segments).finally(() => {
      this.inFlight = null;
      if (this.gathering.length === 0) return;
      if (this.due || this.isFull()) this.requestFlush();
      else
        this.timer ??= setTimeout(() => {
          this.timer = null;
          this.requestFlush();
        }, this.deps.lingerMs);
    });
  }

  private async flush(gathered: AcceptedSegment[], lastChance = false): Promise<void> {
    const { deps } = this;
    const segments = this.withoutHoles(gathered);
    if (segments.length === 0) return;
    this.rebalance = null;
    const startedAt = performance.now();
    // A last-chance flush (stopping) gets one attempt at each step; others retry while running and not rebalanced.
    const activity = (): (() => boolean) => {
      if (!lastChance) return () => deps.isRunning() && this.rebalance === null;
      let attempted = false;
      return () => !attempted && (attempted = true);
    };
    let result: ApplyResult;
    try {
      // Events over MAX_TYPES_PER_DAY become dead letters, decided from what the database holds now (only
      // where some event's type may be new for its day: the common flush asks nothing).
      if (segments.some((segment) => segment.typeCandidates?.size))
        await retryWithBackoff(() => deps.typeCap.admit(segments), {
          isActive: activity(),
          isRetriable: isTransientError,
        });
      // Dead letters are acknowledged before the transaction that passes over their records can commit.
      // Written here rather than when the records were read, a crash repeats only those of one flush.
      await deps.deadLetters.publish(
        segments.flatMap((segment) => segment.deadLetters),
        activity(),
      );
      result = await retryWithBackoff(
        () =>
          deps.store.applyBatch({
            groupId: deps.groupId,
            topic: deps.topic,
            segments,
            expectedOffsets: this.expectedOffsets(segments),
            keysKeptFrom: firstKeptDate(new Date().toISOString().slice(0, 10), deps.keyRetentionDays),
          }),
        {
          isActive: activity(),
          isRetriable: isTransientError,
          onRetry: async (error, attempt, delayMs) => {
            deps.metrics.flushRetries.inc();
            deps.logger.warn(
              {
                err: error,
                topic: deps.topic,
                partitions: partitionsOf(segments),
                attempt,
                delay_ms: delayMs,
              },
              'flush_failed_retrying',
            );
            // Keep the group membership alive through a database outage; a rebalance ends this flush.
            await this.heartbeat().catch((heartbeatError: unknown) => (this.rebalance = heartbeatError));
          },
        },
      );
    } catch (error) {
      if (error instanceof PositionsOutOfDateError) return this.reloadPositions(segments, error);
      this.abandon(segments);
      if (error instanceof AbandonedError) return;
      if (!isTransientError(error)) deps.onFatal(error);
      else deps.logger.warn({ err: error, topic: deps.topic }, 'flush_abandoned');
      return;
    }
    this.progress.restart();
    deps.typeCap.remember(segments);
    const next = new Map<number, AcceptedSegment>();
    for (const segment of segments) next.set(segment.partition, segment);
    for (const [partition, segment] of next) deps.positions.confirm(partition, BigInt(segment.nextOffset));
    this.record(segments, next, result, startedAt);
    await deps
      .commitOffsets(
        [...next.values()].map(({ partition, nextOffset }) => ({ partition, offset: nextOffset })),
      )
      .catch((error: unknown) => deps.logger.debug({ err: error, topic: deps.topic }, 'kafka_commit_failed'));
  }

  /**
   * Keeps the segments that continue from what PostgreSQL holds. A segment starting past its partition's
   * stored offset (its predecessor's flush was abandoned) would let the stored offset jump over records
   * that were never counted: such a partition is dropped here and fetched again.
   */
  private withoutHoles(segments: AcceptedSegment[]): AcceptedSegment[] {
    const reach = new Map<number, bigint | undefined>();
    const broken = new Set<number>();
    for (const segment of segments) {
      const { partition } = segment;
      const covered = reach.has(partition)
        ? reach.get(partition)
        : this.deps.positions.confirmedOf(partition);
      if (covered === undefined || BigInt(segment.firstOffset) > covered) broken.add(partition);
      else reach.set(partition, BigInt(segment.nextOffset) > covered ? BigInt(segment.nextOffset) : covered);
    }
    if (broken.size === 0) return segments;
    this.deps.logger.warn(
      { topic: this.deps.topic, partitions: [...broken] },
      'flush_segments_not_contiguous',
    );
    this.abandon(segments.filter((segment) => broken.has(segment.partition)));
    return segments.filter((segment) => !broken.has(segment.partition));
  }

  /** What the flush continues from, per partition: the stored offsets this process loaded or committed. */
  private expectedOffsets(segments: AcceptedSegment[]): Map<number, string | null> {
    const expected = new Map<number, string | null>();
    // withoutHoles kept only partitions whose position is known, so storedOf is defined for each.
    for (const { partition } of segments)
      expected.set(partition, this.deps.positions.storedOf(partition) ?? null);
    return expected;
  }

  /**
   * PostgreSQL holds other offsets than this process thought (a commit lost in a crash, or another member
   * advanced a partition): nothing was written. Every partition of the flush is loaded again from the
   * database and fetched from there, so a lost range is counted again and a range counted elsewhere is not.
   */
  private async reloadPositions(segments: AcceptedSegment[], error: PositionsOutOfDateError): Promise<void> {
    const partitions = [...new Set(partitionsOf(segments))];
    this.deps.logger.warn(
      { topic: this.deps.topic, group_id: this.deps.groupId, partitions, stale: error.stale },
      'positions_out_of_date',
    );
    for (const partition of partitions) this.discardPartition(partition);
    if (!this.deps.isRunning()) return;
    await this.deps.positions.reload(partitions).catch((reloadError: unknown) => {
      // Stopping, or a partition no longer ours (kafkajs refuses the seek): the next assignment loads them all.
      if (!(reloadError instanceof AbandonedError))
        this.deps.logger.warn(
          { err: reloadError, topic: this.deps.topic, partitions },
          'positions_reload_failed',
        );
    });
  }

  /** Sends the partitions of segments that will not be counted back to their stored offsets. */
  private abandon(segments: AcceptedSegment[]): void {
    if (!this.deps.isRunning()) return;
    for (const partition of new Set(partitionsOf(segments))) {
      this.discardPartition(partition);
      try {
        this.deps.positions.rewind(partition);
      } catch (error) {
        // Only while kafkajs is leaving the group; the next assignment seeks every partition anyway.
        this.deps.logger.warn({ err: error, topic: this.deps.topic, partition }, 'partition_rewind_failed');
      }
    }
  }

  private record(
    segments: AcceptedSegment[],
    last: Map<number, AcceptedSegment>,
    result: ApplyResult,
    startedAt: number,
  ): void {
    const { metrics, logger, topic } = this.deps;
    const seconds = (performance.now() - startedAt) / 1000;
    let records = 0;
    let events = 0;
    let deadLettered = 0;
    for (const segment of segments) {
      records += segment.records;
      events += segment.events.length;
      deadLettered += segment.deadLetters.length;
      for (const letter of segment.deadLetters) metrics.deadLettered.inc({ code: letter.code });
    }
    metrics.recordsConsumed.inc(records);
    metrics.eventsCounted.inc(result.appliedEvents);
    metrics.eventsSkipped.inc(result.skippedEvents);
    metrics.eventsPastKeyRetention.inc(result.pastKeyRetention);
    metrics.duplicateEvents.inc(segments.reduce((sum, segment) => sum + segment.duplicates, 0));
    metrics.flushDuration.observe(seconds);
    metrics.eventsPerFlush.observe(events);
    for (const { partition, highWatermark, nextOffset } of last.values()) {
      metrics.lag.set({ topic, partition }, Math.max(0, Number(highWatermark) - Number(nextOffset)));
    }
    metrics.lastFlush.set(Date.now() / 1000);
    logger.debug(
      {
        topic,
        partitions: [...last.keys()],
        records,
        applied_events: result.appliedEvents,
        skipped_events: result.skippedEvents,
        dead_lettered: deadLettered,
        duration_ms: Math.round(seconds * 1000),
      },
      'flush_applied',
    );
  }
}

const segmentBytes = (segment: AcceptedSegment) =>
  segment.deadLetters.reduce((sum, letter) => sum + deadLetterBytes(letter), 0) +
  (segment.typeCandidates?.heldBytes ?? 0);

const partitionsOf = (segments: AcceptedSegment[]) => segments.map((segment) => segment.partition);
