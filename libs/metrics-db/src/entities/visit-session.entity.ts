import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * What the visit metrics need of one session (docs/events.md): its earliest and latest event so far and its
 * counts. Written in the flush's transaction with the counters it changes.
 */
@Entity({ name: 'visit_sessions' })
@Index('idx_visit_sessions_end_date', ['endDate'])
export class VisitSessionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'project_id', primaryKeyConstraintName: 'pk_visit_sessions' })
  projectId!: string;

  /** The keyed hash of the session id, as `sessions` stores it in daily_distinct. */
  @PrimaryColumn({ type: 'bigint', name: 'session_key', primaryKeyConstraintName: 'pk_visit_sessions' })
  sessionKey!: string;

  @Column({ type: 'timestamptz', name: 'started_at' })
  startedAt!: Date;

  @Column({ type: 'timestamptz', name: 'ended_at' })
  endedAt!: Date;

  /** The local date of the earliest event: where the visit counts. */
  @Column({ type: 'date', name: 'start_date' })
  startDate!: string;

  /** The local date of the latest event: the state is kept DISTINCT_KEY_RETENTION_DAYS after it. */
  @Column({ type: 'date', name: 'end_date' })
  endDate!: string;

  @Column({ type: 'integer', name: 'events' })
  events!: number;

  @Column({ type: 'integer', name: 'pageviews' })
  pageviews!: number;
}
