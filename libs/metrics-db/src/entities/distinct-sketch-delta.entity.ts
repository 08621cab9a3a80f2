import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Distinct keys a flush added that the sketch merger has not yet added to their day, ISO week and month
 * sketches (docs/distinct-sketches.md). One row per project and flush; the merger deletes the rows it merged.
 */
@Entity({ name: 'distinct_sketch_deltas' })
export class DistinctSketchDeltaEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    name: 'id',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_distinct_sketch_deltas',
  })
  id!: string;

  @Column({ type: 'uuid', name: 'project_id' })
  projectId!: string;

  /** When the flush that added the keys began: the age of the oldest key not yet in its sketches. */
  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  /** Keys in `keys`, so that a merge chunk is bounded without reading them. */
  @Column({ type: 'integer', name: 'key_count' })
  keyCount!: number;

  /** The groups of the keys, in order: the daily_distinct kind, the date, and how many keys of `keys`. */
  @Column({ type: 'smallint', name: 'kinds', array: true })
  kinds!: number[];

  @Column({ type: 'date', name: 'dates', array: true })
  dates!: string[];

  @Column({ type: 'integer', name: 'key_counts', array: true })
  keyCounts!: number[];

  /** Every key as 8 big-endian bytes (`int8send`), group after group. */
  @Column({ type: 'bytea', name: 'keys' })
  keys!: Buffer;
}
