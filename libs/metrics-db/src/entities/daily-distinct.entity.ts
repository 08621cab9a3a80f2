import { Entity, PrimaryColumn } from 'typeorm';

/**
 * Members of the per-day distinct sets behind `unique_users` (kind 1) and `sessions` (kind 2). A key is a
 * 64-bit hash computed by the consumer: 8 bytes instead of a 256-character id keeps the rows and the primary
 * key index small, and at the volumes of one project-day collisions are vanishingly rare (~n²/2⁶⁵).
 */
@Entity({ name: 'daily_distinct' })
export class DailyDistinctEntity {
  @PrimaryColumn({ type: 'uuid', name: 'project_id', primaryKeyConstraintName: 'pk_daily_distinct' })
  projectId!: string;

  @PrimaryColumn({ type: 'date', name: 'date', primaryKeyConstraintName: 'pk_daily_distinct' })
  date!: string;

  @PrimaryColumn({ type: 'smallint', name: 'kind', primaryKeyConstraintName: 'pk_daily_distinct' })
  kind!: number;

  @PrimaryColumn({ type: 'bigint', name: 'key', primaryKeyConstraintName: 'pk_daily_distinct' })
  key!: string;
}
