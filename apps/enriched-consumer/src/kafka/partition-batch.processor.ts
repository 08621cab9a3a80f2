import type { Batch, EachBatchPayload, KafkaMessage } from 'kafkajs';
import type { Logger } from '@metrics-store/runtime';
import { classifyRecord, type ClassifierContext } from '../events/record.classifier';
import type { DuplicateFilter } from '../dedupe/duplicate.filter';
import { eventKeyOf } from '../dedupe/event-key';
import { AbandonedError } from '../failures/backoff.retry';
import type { FlushScheduler } from '../flush/flush.scheduler';
import { isTransientError } from '../failures/transient-error';
import { truncationOf } from './codecs/record-truncation';
import type { NewRecords } from './new-records.classifier';
import type { PartitionPositions } from './partition.positions';

/** Where the records a flow accepted lie in their partition, for the segment the flush counts. */
export interface AcceptedRange {
  firstOffset: string;
  nextOffset: string;
  /** Records the range covers, valid and dead-lettered. */
  records: number;
  /** The duplicate window's clock after them, stored with the offset. */
  newestRecordTimeMs: number | undefined;
  highWatermark: string;
  /** Nothing more waits on the partition: the flush need not wait to gather more. */
  caughtUp: boolean;
}

/** What the Kafka side does for the flow while it works on a batch. */
export interface BatchControl {
  /** False once the consumer stops or a seek made the batch stale. */
  isActive(): boolean;
  /** Keeps this member in its group during a long wait. */
  heartbeat(): Promise<void>;
  /**
   * Moves the partition's accepted position past the records and returns where they lie, or null when a seek
   * (a rebalance, a rewind) made the batch stale: its records are fetched and decided again, from the
   * duplicate window as it was before them.
   */
  accept(): AcceptedRange | null;
}

/** The consumer's flow for one batch's new records (record-counting.flow.ts). */
export type CountRecords = (records: NewRecords, batch: BatchControl) => Promise<void>;

export interface ProcessorDeps {
  positions: PartitionPositions;
  scheduler: Pick<FlushScheduler, 'discardPartition'>;
  /** The duplicate windows of the partitions (off with DEDUPE_WINDOW_MINUTES=0), read back below the position. */
  duplicates: DuplicateFilter;
  /** The limits of classifyRecord, for the records read back into a duplicate window. */
  limits: ClassifierContext['limits'];
  countRecords: CountRecords;
  logger: Logger;
  /** A failure that retrying cannot fix: log it and end the process. */
  onFatal: (error: unknown) => void;
}

/** The offset kafkajs asked the broker for; present at runtime, missing from its typings. */
const fetchedOffsetOf = (batch: Batch) => BigInt((batch as Batch & { fetchedOffset: string }).fetchedOffset);

/**
 * The Kafka mechanics around the flow, for one kafkajs batch (one partition): where the partition stands, a gap
 * before the fetch, records already counted (read back into the duplicate window), and taking the new ones as
 * accepted. kafkajs's fetch position moves on at once, so the next fetch overlaps the database write; the
 * scheduler rewinds the partition if that write is abandoned.
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
      // Below the position only. While the duplicate window still reads back records after these, the fetch
      // goes on with the next ones; otherwise they were counted or gathered already (a replay), and the fetch
      // position moves on to the position at once.
      const feeding = deps.duplicates.enabled && deps.duplicates.isReadingBack(partition);
      payload.resolveOffset(feeding ? batch.lastOffset() : (position - 1n).toString());
      return;
    }
    const isActive = () => isRunning() && !isStale();
    const accept = (): AcceptedRange | null => {
      if (!isActive() || deps.positions.acceptedOf(partition) !== position) {
        if (deps.duplicates.enabled) deps.duplicates.rewind(partition, position);
        return null;
      }
      // The range covers everything from the accepted position, also offsets that hold no record (control
      // records, compacted gaps), so that it always continues where the previous one ended; the last record
      // also covers filtered records (control records) that kafkajs counts in the batch.
      const lastOffset = batch.lastOffset();
      const nextOffset = BigInt(lastOffset) + 1n;
      deps.positions.accept(partition, nextOffset);
      if (deps.duplicates.enabled) deps.duplicates.mark(partition, nextOffset);
      payload.resolveOffset(lastOffset);
      return {
        firstOffset: position.toString(),
        nextOffset: nextOffset.toString(),
        records: messages.length - start,
        newestRecordTimeMs: deps.duplicates.newestOf(partition),
        highWatermark: batch.highWatermark,
        caughtUp: batch.offsetLag() === '0',
      };
    };
    await deps.countRecords(
      { topic: batch.topic, partition, messages, start },
      { isActive, heartbeat, accept },
    );
  }

  /** A record below the stored offset that the partition's duplicate window starts with: held, not counted. */
  private readBack(message: KafkaMessage, partition: number): void {
    const { duplicates, limits } = this.deps;
    const offset = BigInt(message.offset);
    if (!duplicates.enabled || !duplicates.needsFeed(partition, offset)) return;
    // Only whether it is valid and its ids matter here: no visitor key is worked out.
    const result =
      truncationOf(message)?.valueBytes === undefined
        ? classifyRecord(message.value, Date.now(), { limits, keys: null })
        : null;
    const key = result?.ok ? eventKeyOf(result.event.projectId, result.event.eventId) : null;
    duplicates.feed(partition, offset, key, Number(message.timestamp));
  }
}
