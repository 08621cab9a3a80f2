import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

/** One counter of one project on one project-local date (what is counted: docs/events.md). */
@Entity({ name: 'daily_metrics' })
@Unique('uq_daily_metrics_project_date_metric', ['projectId', 'date', 'metricName'])
@Index('idx_daily_metrics_project_date', ['projectId', 'date'])
export class DailyMetricEntity {
  @PrimaryGeneratedColumn('increment', {
    type: 'integer',
    name: 'id',
    primaryKeyConstraintName: 'pk_daily_metrics',
  })
  id!: number;

  @Column({ type: 'uuid', name: 'project_id' })
  projectId!: string;

  /** Kept as text: the pg driver would turn a DATE into a Date at the machine's midnight. */
  @Column({ type: 'date', name: 'date' })
  date!: string;

  @Column({ type: 'text', name: 'metric_name' })
  metricName!: string;

  /** BIGINT arrives as a decimal string. */
  @Column({ type: 'bigint', name: 'metric_value', default: 0 })
  metricValue!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
