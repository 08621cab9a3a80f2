import { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-project time zones and read keys for the API. gen_random_uuid() is built into PostgreSQL 13+. */
export class CreateProjectSettingsAndApiKeys1795600000002 implements MigrationInterface {
  name = 'CreateProjectSettingsAndApiKeys1795600000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "project_settings" (
        "project_id" uuid NOT NULL,
        "timezone" text NOT NULL DEFAULT 'UTC',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_project_settings" PRIMARY KEY ("project_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "api_keys" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "project_id" uuid NOT NULL,
        "name" text NOT NULL,
        "key_hash" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "uq_api_keys_key_hash" UNIQUE ("key_hash"),
        CONSTRAINT "pk_api_keys" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "idx_api_keys_project_id" ON "api_keys" ("project_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_api_keys_project_id"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
    await queryRunner.query(`DROP TABLE "project_settings"`);
  }
}
