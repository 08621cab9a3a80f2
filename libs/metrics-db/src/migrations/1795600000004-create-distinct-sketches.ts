import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The HyperLogLog sketches of every day, ISO week and month (docs/distinct-sketches.md), and the marks that say
 * which of them must be rebuilt. A flush marks the days that got new distinct keys in its own transaction; a
 * background step rebuilds the marked sketches from the per-day keys and removes a mark only if no flush
 * touched it again meanwhile (its version is unchanged). A day mark with `rebuild` false only announces added
 * keys (a flush's), so its week and month grow by its new day sketch; `rebuild` (the rebuild command's, keys
 * may be gone) recomputes them from their day sketches. The existing days are marked here, so a database
 * counted before this migration gets its sketches from the first consumer that runs after it.
 */
export class CreateDistinctSketches1795600000004 implements MigrationInterface {
  name = 'CreateDistinctSketches1795600000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "distinct_sketches" (
        "project_id" uuid NOT NULL,
        "metric_name" text NOT NULL,
        "period" text NOT NULL,
        "period_start" date NOT NULL,
        "sketch" bytea NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_distinct_sketches" PRIMARY KEY ("project_id", "metric_name", "period", "period_start"),
        CONSTRAINT "chk_distinct_sketches_metric" CHECK ("metric_name" IN ('unique_users', 'sessions')),
        CONSTRAINT "chk_distinct_sketches_period" CHECK ("period" IN ('day', 'week', 'month'))
      )`);
    await queryRunner.query(`CREATE SEQUENCE "distinct_sketch_mark_version" AS bigint`);
    await queryRunner.query(`
      CREATE TABLE "distinct_sketch_marks" (
        "project_id" uuid NOT NULL,
        "metric_name" text NOT NULL,
        "period" text NOT NULL,
        "period_start" date NOT NULL,
        "version" bigint NOT NULL DEFAULT nextval('distinct_sketch_mark_version'),
        "marked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "rebuild" boolean NOT NULL DEFAULT false,
        CONSTRAINT "pk_distinct_sketch_marks" PRIMARY KEY ("project_id", "metric_name", "period", "period_start")
      ) WITH (fillfactor = 50)`);
    await queryRunner.query(`
      INSERT INTO "distinct_sketch_marks" ("project_id", "metric_name", "period", "period_start")
      SELECT DISTINCT "project_id", CASE "kind" WHEN 1 THEN 'unique_users' ELSE 'sessions' END, 'day', "date"
      FROM "daily_distinct"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "distinct_sketch_marks"`);
    await queryRunner.query(`DROP SEQUENCE "distinct_sketch_mark_version"`);
    await queryRunner.query(`DROP TABLE "distinct_sketches"`);
  }
}
