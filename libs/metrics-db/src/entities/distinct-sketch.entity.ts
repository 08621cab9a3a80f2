import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The HyperLogLog sketch of one project's `unique_users` or `sessions` over one day, ISO week (from its
 * Monday) or calendar month (from its first), in the postgresql-hll v1 storage format (docs/distinct-sketches.md).
 * Derived from daily_distinct: it can always be rebuilt from there.
 */
@Entity({ name: 'distinct_sketches' })
export class DistinctSketchEntity {
  @PrimaryColumn({ type: 'uuid', name: 'project_id', primaryKeyConstraintName: 'pk_distinct_sketches' })
  projectId!: string;

  @PrimaryColumn({ type: 'text', name: 'metric_name', primaryKeyConstraintName: 'pk_distinct_sketches' })
  metricName!: string;

  @PrimaryColumn({ type: 'text', name: 'period', primaryKeyConstraintName: 'pk_distinct_sketches' })
  period!: string;

  @PrimaryColumn({ type: 'date', name: 'period_start', primaryKeyConstraintName: 'pk_distinct_sketches' })
  periodStart!: string;

  @Column({ type: 'bytea', name: 'sketch' })
  sketch!: Buffer;

  @Column({ type: 'timestamptz', name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}
