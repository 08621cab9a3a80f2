import type { DataSource } from 'typeorm';

/**
 * The next offsets stored with the counts (applyBatch writes them in its transaction): where the consumer
 * continues each partition of a group, whatever Kafka's own committed offsets say.
 */
export class ConsumerOffsetsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stored next offsets of the given partitions; partitions never flushed (no row, or -1) are absent. */
  async read(groupId: string, topic: string, partitions: number[]): Promise<Map<number, string>> {
    const rows = (await this.dataSource.query(
      `SELECT partition, next_offset FROM consumer_offsets
       WHERE group_id = $1 AND topic = $2 AND partition = ANY($3::int[]) AND next_offset >= 0`,
      [groupId, topic, partitions],
    )) as { partition: number; next_offset: string }[];
    return new Map(rows.map((row) => [row.partition, row.next_offset]));
  }
}
