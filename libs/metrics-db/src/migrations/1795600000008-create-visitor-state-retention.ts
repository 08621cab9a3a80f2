import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How far the removal of visitor keys and session state past DISTINCT_KEY_RETENTION_DAYS has come: every key
 * of a date before `cleared_before` is gone, so each run only looks at the dates that passed the limit since.
 * One row, no project in it.
 */
export class CreateVisitorStateRetention1795600000008 implements MigrationInterface {
  name = 'CreateVisitorStateRetention1795600000008';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "visitor_state_retention" (
        "id" boolean NOT NULL DEFAULT true,
        "cleared_before" date,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_visitor_state_retention" PRIMARY KEY ("id"),
        CONSTRAINT "chk_visitor_state_retention_one_row" CHECK ("id")
      )`);
    await queryRunner.query(`INSERT INTO "visitor_state_retention" ("id") VALUES (true)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "visitor_state_retention"`);
  }
}
