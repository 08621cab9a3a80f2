import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The hash of an API key removed with its project, so that other API processes learn of it through their
 * read of key changes (migration 1795600000020). Nothing here names the project.
 */
@Entity({ name: 'erased_api_keys' })
@Index('idx_erased_api_keys_erased_at', ['erasedAt'])
export class ErasedApiKeyEntity {
  /** Lower-case hex SHA-256 of the removed key, as api_keys held it. */
  @PrimaryColumn({ type: 'text', name: 'key_hash', primaryKeyConstraintName: 'pk_erased_api_keys' })
  keyHash!: string;

  @Column({ type: 'timestamptz', name: 'erased_at' })
  erasedAt!: Date;
}
