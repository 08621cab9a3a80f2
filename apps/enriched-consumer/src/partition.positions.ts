import type { Admin, Consumer } from 'kafkajs';
import type { MetricsStore } from '@metrics-store/metrics-db';
import type { Logger } from '@metrics-store/runtime';
import { retryWithBackoff } from './backoff.retry';
import { isTransientError } from './transient-error';

export interface PositionSources {
  store: Pick<MetricsStore, 'readOffsets'>;
  admin: Pick<Admin, 'fetchTopicOffsets'>;
  consumer: Pick<Consumer, 'seek'>;
  groupId: string;
  topic: string;
  logger: Logger;
  isRunning: () => boolean;
}

/**
 * Where each assigned partition must continue: the next offset stored in PostgreSQL with the counts (the
 * source of truth), or the earliest retained offset for a partition never flushed. Kafka's committed
 * offsets are ignored on purpose; they only feed lag monitoring.
 *
 * kafkajs emits GROUP_JOIN without awaiting listeners, so the first fetch of a generation may race the
 * lookup: the batch handler awaits `positionOf`, and the seek issued here marks such a batch stale.
 */
export class PartitionPositions {
  private readonly positions = new Map<number, bigint>();
  private loading: Promise<void> = Promise.resolve();
  private generation = 0;

  constructor(private readonly sources: PositionSources) {}

  /** On every assignment: load the stored offsets of the new partitions and seek to them. */
  onAssignment(partitions: number[]): void {
    const generation = ++this.generation;
    this.positions.clear();
    this.loading = this.load(partitions, generation);
    // Failures surface in positionOf, where the batch handler decides what they mean.
    this.loading.catch(() => undefined);
  }

  /** The next offset to process on `partition`, loading it if the assignment did not cover it. */
  async positionOf(partition: number): Promise<bigint> {
    await this.loading;
    const known = this.positions.get(partition);
    if (known !== undefined) return known;
    await this.load([partition], this.generation);
    const loaded = this.positions.get(partition);
    if (loaded === undefined) throw new Error(`no position for partition ${partition}`);
    return loaded;
  }

  /** After a successful flush: `next` is now stored in PostgreSQL. */
  advance(partition: number, next: bigint): void {
    if (next > (this.positions.get(partition) ?? -1n)) this.positions.set(partition, next);
  }

  /** Refetches a partition from its stored position (after a gap, e.g. Kafka offsets reset to latest). */
  async seekBack(partition: number): Promise<void> {
    await this.load([partition], this.generation);
  }

  private async load(partitions: number[], generation: number): Promise<void> {
    const { store, admin, consumer, groupId, topic, logger } = this.sources;
    const [stored, watermarks] = await retryWithBackoff(
      () => Promise.all([store.readOffsets(groupId, topic, partitions), admin.fetchTopicOffsets(topic)]),
      {
        isActive: this.sources.isRunning,
        isRetriable: isTransientError,
        onRetry: (error, attempt, delayMs) =>
          logger.warn({ err: error, topic, attempt, delay_ms: delayMs }, 'offsets_load_failed'),
      },
    );
    if (generation !== this.generation) return;
    for (const partition of partitions) {
      const low = BigInt(watermarks.find((mark) => mark.partition === partition)?.low ?? '0');
      const storedOffset = stored.get(partition);
      let position = storedOffset === undefined ? low : BigInt(storedOffset);
      if (position < low) {
        // Retention deleted records that were never counted; nothing can bring them back, so say so loudly.
        logger.error({ topic, partition, offset: position.toString(), low_watermark: low.toString() }, 'offsets_below_retention');
        position = low;
      }
      this.positions.set(partition, position);
      consumer.seek({ topic, partition, offset: position.toString() });
      logger.info({ topic, partition, offset: position.toString(), stored: storedOffset !== undefined }, 'partition_position_loaded');
    }
  }
}
