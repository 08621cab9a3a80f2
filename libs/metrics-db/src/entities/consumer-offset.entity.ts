import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The next Kafka offset to count per (group, topic, partition), written in the same transaction as the counts. */
@Entity({ name: 'consumer_offsets' })
export class ConsumerOffsetEntity {
  @PrimaryColumn({ type: 'text', name: 'group_id', primaryKeyConstraintName: 'pk_consumer_offsets' })
  groupId!: string;

  @PrimaryColumn({ type: 'text', name: 'topic', primaryKeyConstraintName: 'pk_consumer_offsets' })
  topic!: string;

  @PrimaryColumn({ type: 'integer', name: 'partition', primaryKeyConstraintName: 'pk_consumer_offsets' })
  partition!: number;

  /** -1 until a batch of the partition commits (a row is created and locked before anything is applied). */
  @Column({ type: 'bigint', name: 'next_offset' })
  nextOffset!: string;

  /** The newest Kafka timestamp (epoch ms) of the records below next_offset; null until a flush stores one. */
  @Column({ type: 'bigint', name: 'newest_record_time', nullable: true })
  newestRecordTime!: string | null;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
