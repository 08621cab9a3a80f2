import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A sketch of distinct_sketches that must be rebuilt. Every new mark or re-mark takes a new `version`, so the
 * step that rebuilds it removes the mark only when the version it read is still the one stored.
 */
@Entity({ name: 'distinct_sketch_marks' })
// The merger's order (oldest first); without `version`, so that a re-mark stays a HOT update.
@Index('idx_distinct_sketch_marks_period_marked_at', ['period', 'markedAt'])
export class DistinctSketchMarkEntity {
  @PrimaryColumn({ type: 'uuid', name: 'project_id', primaryKeyConstraintName: 'pk_distinct_sketch_marks' })
  projectId!: string;

  @PrimaryColumn({ type: 'text', name: 'metric_name', primaryKeyConstraintName: 'pk_distinct_sketch_marks' })
  metricName!: string;

  @PrimaryColumn({ type: 'text', name: 'period', primaryKeyConstraintName: 'pk_distinct_sketch_marks' })
  period!: string;

  @PrimaryColumn({ type: 'date', name: 'period_start', primaryKeyConstraintName: 'pk_distinct_sketch_marks' })
  periodStart!: string;

  @Column({ type: 'bigint', name: 'version', default: () => "nextval('distinct_sketch_mark_version')" })
  version!: string;

  @Column({ type: 'timestamptz', name: 'marked_at', default: () => 'now()' })
  markedAt!: Date;

  /** Keys may have been removed (the rebuild command): the week and month are recomputed, not grown. */
  @Column({ type: 'boolean', name: 'rebuild', default: false })
  rebuild!: boolean;
}
