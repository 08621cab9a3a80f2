import { DEFAULT_TIME_ZONE } from '@metrics-store/metrics-contract';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Per-project settings; a project without a row uses the defaults (UTC). */
@Entity({ name: 'project_settings' })
export class ProjectSettingEntity {
  @PrimaryColumn({ type: 'uuid', name: 'project_id', primaryKeyConstraintName: 'pk_project_settings' })
  projectId!: string;

  @Column({ type: 'text', name: 'timezone', default: DEFAULT_TIME_ZONE })
  timezone!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
