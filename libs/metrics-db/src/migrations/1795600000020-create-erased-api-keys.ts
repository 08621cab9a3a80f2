import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasing a project removes its API keys' rows, and a removed row shows in no read of key changes: other API
 * processes would keep trusting the keys until their next full read of the keys (up to a minute). The erase
 * leaves the SHA-256 of each removed key here, with the time, so that their next read of changes drops it.
 * A hash of a secret that opens nothing any more says nothing about the project (no project id, no name);
 * rows older than a day are pruned by the next erase, long after every process has read them.
 */
export class CreateErasedApiKeys1795600000020 implements MigrationInterface {
  name = 'CreateErasedApiKeys1795600000020';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "erased_api_keys" (
        "key_hash" text NOT NULL,
        "erased_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT "pk_erased_api_keys" PRIMARY KEY ("key_hash")
      )`);
    await queryRunner.query(
      `CREATE INDEX "idx_erased_api_keys_erased_at" ON "erased_api_keys" ("erased_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_erased_api_keys_erased_at"`);
    await queryRunner.query(`DROP TABLE "erased_api_keys"`);
  }
}
