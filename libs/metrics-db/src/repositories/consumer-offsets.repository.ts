import type { Pool } from 'pg';
import type { StoredOffset, StoredOffsetsFilter, StoredPosition } from '../metrics-store.types';

/**
 * The next offsets stored with the counts (applyBatch writes them in its transaction): where the consumer
 * continues each partition of a group, whatever Kafka's own committed offsets say.
 */
export class ConsumerOffsetsRepository {
  constructor(private readonly pool: Pool) {}

  /** Stored next offsets of the given partitions; partitions never flushed (no row, or -1) are absent. */
  async read(groupId: string, topic: string, partitions: number[]): Promise<Map<number, string>> {
    const positions = await this.readPositions(groupId, topic, partitions);
    return new Map([...positions].map(([partition, position]) => [partition, position.nextOffset]));
  }

  /** `read` with the newest record time stored beside each offset. */
  async readPositions(
    groupId: string,
    topic: string,
    partitions: number[],
  ): Promise<Map<number, StoredPosition>> {
    const rows = (
      await this.pool.query(
        `SELECT partition, next_offset, newest_record_time FROM consumer_offsets
       WHERE group_id = $1 AND topic = $2 AND partition = ANY($3::int[]) AND next_offset >= 0`,
        [groupId, topic, partitions],
      )
    ).rows as { partition: number; next_offset: string; newest_record_time: string | null }[];
    return new Map(
      rows.map((row) => [
        row.partition,
        {
          nextOffset: row.next_offset,
          newestRecordTimeMs: row.newest_record_time === null ? null : Number(row.newest_record_time),
        },
      ]),
    );
  }

  /** Every stored row (of one group and topic when the filter says so), ordered by group, topic, partition. */
  async list(filter: StoredOffsetsFilter = {}): Promise<StoredOffset[]> {
    const rows = (
      await this.pool.query(
        `SELECT group_id, topic, partition, next_offset, updated_at FROM consumer_offsets
       WHERE ($1::text IS NULL OR group_id = $1) AND ($2::text IS NULL OR topic = $2)
       ORDER BY group_id, topic, partition`,
        [filter.groupId ?? null, filter.topic ?? null],
      )
    ).rows as { group_id: string; topic: string; partition: number; next_offset: string; updated_at: Date }[];
    return rows.map((row) => ({
      groupId: row.group_id,
      topic: row.topic,
      partition: row.partition,
      nextOffset: BigInt(row.next_offset) < 0n ? null : row.next_offset,
      updatedAt: row.updated_at,
    }));
  }

  /**
   * Sets the stored next offsets of some partitions in one transaction. A consumer's flush in progress
   * waits for the row locks, then finds offsets it did not expect and reloads them: it continues from
   * the new ones without a restart.
   */
  async reset(groupId: string, topic: string, offsets: { partition: number; nextOffset: string }[]) {
    if (offsets.length === 0) return;
    const sorted = [...offsets].sort((a, b) => a.partition - b.partition);
    await this.pool.query(
      `INSERT INTO consumer_offsets AS o (group_id, topic, partition, next_offset)
       SELECT $1, $2, s.partition, s.next_offset
       FROM unnest($3::int[], $4::bigint[]) AS s(partition, next_offset) ORDER BY s.partition
       ON CONFLICT (group_id, topic, partition)
       DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()`,
      [groupId, topic, sorted.map((o) => o.partition), sorted.map((o) => o.nextOffset)],
    );
  }
}
