import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The one row that says how far the removal of visitor state past DISTINCT_KEY_RETENTION_DAYS has come. */
@Entity({ name: 'visitor_state_retention' })
export class VisitorStateRetentionEntity {
  @PrimaryColumn({
    type: 'boolean',
    name: 'id',
    default: true,
    primaryKeyConstraintName: 'pk_visitor_state_retention',
  })
  id!: boolean;

  /** Every visitor and session key of a date before it is removed; null before the first run. */
  @Column({ type: 'date', name: 'cleared_before', nullable: true })
  clearedBefore!: string | null;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
