import type { Batch, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { CountedEvent } from '@metrics-store/metrics-db';
import type { Logger } from '@metrics-store/runtime';
import { deadLetterOf, type DeadLetter } from '../events/dead-letter';
import { dateEvents } from '../events/dated-events.mapper';
import type { LocalDateResolver } from '../events/local-date.resolver';
import {
  classifyCutValue,
  classifyRecord,
  type ClassifierContext,
  type ValidatedEvent,
} from '../events/record.classifier';
import type { TimezoneCache } from '../events/timezone.cache';
import type { DuplicateFilter } from '../dedupe/duplicate.filter';
import { eventKeyOf } from '../dedupe/event-key';
import { AbandonedError, retryWithBackoff } from '../failures/backoff.retry';
import type { DayTypesCap } from '../flush/day-types.cap';
import type { FlushScheduler } from '../flush/flush.scheduler';
import { TypeCandidates } from '../flush/type-candidates';
import { isTransientError } from '../failures/transient-error';
import { truncationOf } from './codecs/record-truncation';
import type { PartitionPositions } from './partition.positions';

export interface ProcessorDeps {
  positions: PartitionPositions;
  timezones: TimezoneCache;
  dates: LocalDateResolver;
  scheduler: FlushScheduler;
  logger: Logger;
  /** Limits and the visitor key hasher of classifyRecord. */
  classifier: ClassifierContext;
  /** The duplicate windows of the partitions (off with DEDUPE_WINDOW_MINUTES=0). */
  duplicates: DuplicateFilter;
  /** MAX_TYPES_PER_DAY: which events' types may be new for their day (decided at the flush). */
  typeCap: Pick<DayTypesCap, 'isCandidate'>;
  /** A failure that retrying cannot fix: log it and end the process. */
  onFatal: (error: unknown) => void;
}

/** The offset kafkajs asked the broker for; present at runtime, missing from its typings. */
const fetchedOffsetOf = (batch: Batch) => BigInt((batch as Batch & { fetchedOffset: string }).fetchedOffset);

/**
 * Handles one kafkajs batch (one partition): the records at or past the partition's accepted position are
 * classified and handed, valid events and dead letters, to the flush scheduler, which writes the dead
 * letters and counts the events (with the partition's next offset) in a later flush. kafkajs's fetch position
 * moves on at once, so the next fetch overlaps the database write; the scheduler rewinds the partition if
 * that write is abandoned.
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
    const { batch, isRunning, isStale, heartbeat } = payload;
    const { partition } = batch;
    const { deps } = this;
    const position = await deps.positions.positionOf(partition);
    // null: held beyond its log end (paused); what was fetched before the pause is neither counted nor skipped.
    if (position === null || !isRunning() || isStale() || batch.isEmpty()) return;

    if (fetchedOffsetOf(batch) > position) {
      // Records between the accepted position and this fetch were never counted (e.g. the group's Kafka
      // offsets were reset to latest): go back for them rather than skip them.
      deps.logger.warn(
        {
          topic: batch.topic,
          partition,
          offset: position.toString(),
          fetched_offset: String(fetchedOffsetOf(batch)),
        },
        'offset_gap_seek_back',
      );
      deps.scheduler.discardPartition(partition);
      await deps.positions.seekBack(partition);
      return;
    }

    const messages = batch.messages;
    let start = 0;
    // Below the accepted position: counted already, but read back into the duplicate window where it starts.
    for (; start < messages.length && BigInt(messages[start].offset) < position; start += 1)
      this.readBack(messages[start], partition);
    if (start === messages.length) {
      // Already counted or gathered (a replay): move kafkajs's fetch position past them.
      payload.resolveOffset((position - 1n).toString());
      return;
    }
    const isActive = () => isRunning() && !isStale();
    // Each step takes what the previous one returns: records, validated events, then events on their local date.
    const { validated, deadLetters, duplicates } = this.classify(messages, start, partition);
    const zones = await retryWithBackoff(
      () => deps.timezones.zonesOf(validated.map((event) => event.projectId)),
      {
        isActive,
        isRetriable: isTransientError,
        onRetry: async (error, attempt, delayMs) => {
          deps.logger.warn(
            { err: error, topic: batch.topic, partition, attempt, delay_ms: delayMs },
            'timezones_load_failed',
          );
          await heartbeat();
        },
      },
    );
    const events = dateEvents(validated, zones, deps.dates);

    // A seek (rebalance, rewind) while this batch was being read makes it stale: its records are fetched again,
    // and decided again from the duplicate window as it was before them.
    if (!isActive() || deps.positions.acceptedOf(partition) !== position) {
      if (deps.duplicates.enabled) deps.duplicates.rewind(partition, position);
      return;
    }
    // The segment covers everything from the accepted position, also offsets that hold no record (control
    // records, compacted gaps), so that it always continues where the previous one ended.
    const firstOffset = position.toString();
    // The last record also covers filtered records (control records) that kafkajs counts in the batch.
    const lastOffset = batch.lastOffset();
    const nextOffset = BigInt(lastOffset) + 1n;
    deps.positions.accept(partition, nextOffset);
    if (deps.duplicates.enabled) deps.duplicates.mark(partition, nextOffset);
    payload.resolveOffset(lastOffset);
    await deps.scheduler.add(
      {
        partition,
        firstOffset,
        nextOffset: nextOffset.toString(),
        events,
        records: messages.length - start,
        deadLetters,
        typeCandidates: this.typeCandidates(events, messages, start, partition),
        duplicates,
        newestRecordTimeMs: deps.duplicates.newestOf(partition),
        highWatermark: batch.highWatermark,
      },
      batch.offsetLag() === '0',
      heartbeat,
    );
  }

  /**
   * Classifies the records from `start` on, in order: valid events, dead letters, and the valid events that
   * are duplicates of one earlier in the partition's window (not counted, docs/events.md#duplicates).
   */
  private classify(messages: KafkaMessage[], start: number, partition: number) {
    const now = Date.now();
    const { classifier, duplicates: filter, logger } = this.deps;
    const { limits } = classifier;
    const validated: ValidatedEvent[] = [];
    const deadLetters: DeadLetter[] = [];
    let duplicates = 0;
    for (let i = start; i < messages.length; i += 1) {
      const message = messages[i];
      // Records of a batch that inflated past its limit may arrive cut short (kafka/codecs).
      const cut = truncationOf(message);
      const result =
        cut?.valueBytes === undefined
          ? classifyRecord(message.value, now, classifier, message.offset)
          : classifyCutValue(cut.valueBytes, limits);
      const key =
        filter.enabled && result.ok ? eventKeyOf(result.event.projectId, result.event.eventId) : null;
      if (filter.enabled && filter.isDuplicate(partition, key, Number(message.timestamp)) && result.ok) {
        duplicates += 1;
        logger.debug(
          {
            partition,
            offset: message.offset,
            project_id: result.event.projectId,
            event_id: result.event.eventId,
          },
          'duplicate_event',
        );
      } else if (result.ok) validated.push(result.event);
      else deadLetters.push(deadLetterOf(result.deadLetter, message, partition, limits.maxEventBytes, cut));
    }
    return { validated, deadLetters, duplicates };
  }

  /** The records of the events whose type may be new for their project-day: the flush decides (MAX_TYPES_PER_DAY). */
  private typeCandidates(
    events: CountedEvent[],
    messages: KafkaMessage[],
    start: number,
    partition: number,
  ): TypeCandidates | undefined {
    const now = Date.now();
    const records: KafkaMessage[] = [];
    let at = start;
    for (const event of events) {
      if (!this.deps.typeCap.isCandidate(event, now)) continue;
      while (messages[at].offset !== event.offset) at += 1;
      records.push(messages[at]);
    }
    if (records.length === 0) return undefined;
    return new TypeCandidates(records, partition, this.deps.classifier.limits.maxEventBytes);
  }

  /** A record below the stored offset that the partition's duplicate window starts with: held, not counted. */
  private readBack(message: KafkaMessage, partition: number): void {
    const { duplicates, classifier } = this.deps;
    const offset = BigInt(message.offset);
    if (!duplicates.enabled || !duplicates.needsFeed(partition, offset)) return;
    // Only whether it is valid and its ids matter here: no visitor key is worked out.
    const result =
      truncationOf(message)?.valueBytes === undefined
        ? classifyRecord(message.value, Date.now(), { limits: classifier.limits, keys: null })
        : null;
    const key = result?.ok ? eventKeyOf(result.event.projectId, result.event.eventId) : null;
    duplicates.feed(partition, offset, key, Number(message.timestamp));
  }
}
