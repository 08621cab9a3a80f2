import type { Batch, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { isRetriableError, type ApplyResult, type CountedEvent, type MetricsStore } from '@metrics-store/metrics-db';
import type { Logger } from '@metrics-store/runtime';
import { AbandonedError, retryWithBackoff } from './backoff.retry';
import type { ConsumerMetrics } from './consumer.metrics';
import type { DeadLetter, DeadLetterPublisher } from './dead-letter.publisher';
import type { LocalDateResolver } from './local-date.resolver';
import type { PartitionPositions } from './partition.positions';
import { classifyRecord, toCountedEvent, type ClassifierLimits, type ValidEvent } from './record.classifier';
import type { TimezoneCache } from './timezone.cache';
import { isTransientError } from './transient-error';

export interface ProcessorDeps {
  store: Pick<MetricsStore, 'applyBatch'>;
  positions: PartitionPositions;
  deadLetters: DeadLetterPublisher;
  timezones: TimezoneCache;
  dates: LocalDateResolver;
  metrics: ConsumerMetrics;
  logger: Logger;
  groupId: string;
  topic: string;
  batchMaxEvents: number;
  limits: ClassifierLimits;
  /** A failure that retrying cannot fix: log it and end the process. */
  onFatal: (error: unknown) => void;
}

interface FlushFacts {
  records: number;
  deadLetters: DeadLetter[];
  validEvents: number;
  result: ApplyResult;
  nextOffset: bigint;
  startedAt: number;
}

/** The offset kafkajs asked the broker for; present at runtime, missing from its typings. */
const fetchedOffsetOf = (batch: Batch) => BigInt((batch as Batch & { fetchedOffset: string }).fetchedOffset);

/**
 * Handles one kafkajs batch (one partition): records at or past the stored position, in chunks of at
 * most `batchMaxEvents`, each chunk classified, dead letters sent, then counted with one applyBatch that
 * also stores the partition's next offset. Kafka's offsets are resolved and committed only afterwards.
 */
export class PartitionBatchProcessor {
  constructor(private readonly deps: ProcessorDeps) {}

  readonly handle = async (payload: EachBatchPayload): Promise<void> => {
    try {
      await this.process(payload);
    } catch (error) {
      if (error instanceof AbandonedError) return;
      if (!isTransientError(error)) {
        this.deps.onFatal(error);
        return;
      }
      throw error;
    }
  };

  private async process(payload: EachBatchPayload): Promise<void> {
    const { batch, isRunning, isStale } = payload;
    const { partition } = batch;
    const position = await this.deps.positions.positionOf(partition);
    if (!isRunning() || isStale() || batch.isEmpty()) return;

    if (fetchedOffsetOf(batch) > position) {
      // Records between the stored position and this fetch were never counted (e.g. the group's Kafka
      // offsets were reset to latest): go back for them rather than skip them.
      this.deps.logger.warn(
        { topic: batch.topic, partition, offset: position.toString(), fetched_offset: String(fetchedOffsetOf(batch)) },
        'offset_gap_seek_back',
      );
      await this.deps.positions.seekBack(partition);
      return;
    }

    const messages = batch.messages;
    let start = 0;
    while (start < messages.length && BigInt(messages[start].offset) < position) start += 1;
    // Already counted (a replay): move kafkajs's fetch position past them even if nothing else follows.
    if (start > 0) payload.resolveOffset((position - 1n).toString());
    for (; start < messages.length; start += this.deps.batchMaxEvents) {
      if (!isRunning() || isStale()) return;
      const end = Math.min(start + this.deps.batchMaxEvents, messages.length);
      // The last chunk also covers filtered records (control records) that kafkajs counts in the batch.
      const lastOffset = end === messages.length ? BigInt(batch.lastOffset()) : BigInt(messages[end - 1].offset);
      await this.flushChunk(payload, messages.slice(start, end), lastOffset);
    }
  }

  private async flushChunk(payload: EachBatchPayload, chunk: KafkaMessage[], lastOffset: bigint): Promise<void> {
    const { batch, heartbeat, isRunning, isStale } = payload;
    const { partition, topic } = batch;
    const { deps } = this;
    let rebalance: unknown = null;
    const isActive = () => isRunning() && !isStale() && rebalance === null;
    const onRetry = async (error: unknown, attempt: number, delayMs: number) => {
      deps.logger.warn(
        { err: error, topic, partition, offset: chunk[0].offset, attempt, delay_ms: delayMs },
        'flush_failed_retrying',
      );
      // Keep the group membership alive through a database outage; a rebalance ends this batch.
      await heartbeat().catch((heartbeatError: unknown) => (rebalance = heartbeatError));
    };

    const { valid, deadLetters } = this.classify(chunk, partition);
    const zones = await retryWithBackoff(() => deps.timezones.zonesOf(valid.map((item) => item.event.projectId)), {
      isActive,
      isRetriable: isRetriableError,
      onRetry,
    });
    const events: CountedEvent[] = valid.map(({ event, offset }) =>
      toCountedEvent(event, offset, zones.get(event.projectId) ?? 'UTC', deps.dates),
    );

    await deps.deadLetters.publish(deadLetters, isActive);
    const nextOffset = lastOffset + 1n;
    const startedAt = performance.now();
    let result: ApplyResult;
    try {
      result = await retryWithBackoff(
        () =>
          deps.store.applyBatch({
            groupId: deps.groupId,
            topic,
            segments: [{ partition, firstOffset: chunk[0].offset, nextOffset: nextOffset.toString(), events }],
          }),
        {
          isActive,
          isRetriable: isRetriableError,
          onRetry: async (error, attempt, delayMs) => {
            deps.metrics.flushRetries.inc();
            await onRetry(error, attempt, delayMs);
          },
        },
      );
    } catch (error) {
      // kafkajs must see the rebalance to rejoin; the uncommitted chunk is simply fetched again.
      if (error instanceof AbandonedError && rebalance !== null) throw rebalance;
      throw error;
    }
    deps.positions.advance(partition, nextOffset);
    this.record(batch, { records: chunk.length, deadLetters, validEvents: events.length, result, nextOffset, startedAt });

    payload.resolveOffset(chunk[chunk.length - 1].offset);
    await payload
      .commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: nextOffset.toString() }] }] })
      .catch((error: unknown) => deps.logger.debug({ err: error, topic, partition }, 'kafka_commit_failed'));
    await heartbeat();
  }

  private classify(chunk: KafkaMessage[], partition: number) {
    const now = Date.now();
    const valid: { event: ValidEvent; offset: string }[] = [];
    const deadLetters: DeadLetter[] = [];
    for (const message of chunk) {
      const result = classifyRecord(message.value, now, this.deps.limits);
      if (result.ok) valid.push({ event: result.event, offset: message.offset });
      else deadLetters.push({ ...result.deadLetter, key: message.key, value: message.value, partition, offset: message.offset });
    }
    return { valid, deadLetters };
  }

  private record(batch: Batch, flush: FlushFacts): void {
    const { records, deadLetters, validEvents, nextOffset, startedAt } = flush;
    const { appliedEvents: applied, skippedEvents: skipped } = flush.result;
    const { metrics, logger } = this.deps;
    const seconds = (performance.now() - startedAt) / 1000;
    metrics.recordsConsumed.inc(records);
    metrics.eventsCounted.inc(applied);
    metrics.eventsSkipped.inc(skipped);
    for (const letter of deadLetters) metrics.deadLettered.inc({ code: letter.code });
    metrics.flushDuration.observe(seconds);
    metrics.eventsPerFlush.observe(validEvents);
    metrics.lag.set({ topic: batch.topic, partition: batch.partition }, Math.max(0, Number(BigInt(batch.highWatermark) - nextOffset)));
    metrics.lastFlush.set(Date.now() / 1000);
    logger.debug(
      {
        topic: batch.topic,
        partition: batch.partition,
        offset: nextOffset.toString(),
        records,
        applied_events: applied,
        skipped_events: skipped,
        dead_lettered: deadLetters.length,
        duration_ms: Math.round(seconds * 1000),
      },
      'flush_applied',
    );
  }
}
