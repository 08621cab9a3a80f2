import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sketches are kept fresh from the keys a flush adds, not from all the keys of the days it touched
 * (docs/distinct-sketches.md). A flush appends one row per project it counted new distinct keys for: the
 * (kind, date) groups of those keys and the keys themselves, 8 big-endian bytes each, in group order. The
 * merger adds them to their day, ISO week and month sketches and deletes exactly the rows it read.
 *
 * The marks waiting at migration time become such rows: every key of a marked day (the days of a marked
 * week or month), in pieces of at most PIECE_KEYS keys, so that no row and no merge chunk is unbounded. A
 * sketch already holding some of them is unchanged by them (a union is idempotent).
 */
const PIECE_KEYS = 50_000;

export class ReplaceSketchMarksWithDeltas1795600000006 implements MigrationInterface {
  name = 'ReplaceSketchMarksWithDeltas1795600000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "distinct_sketch_deltas" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "project_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "key_count" integer NOT NULL,
        "kinds" smallint[] NOT NULL,
        "dates" date[] NOT NULL,
        "key_counts" integer[] NOT NULL,
        "keys" bytea NOT NULL,
        CONSTRAINT "pk_distinct_sketch_deltas" PRIMARY KEY ("id")
      )`);
    // Hash values do not compress: stored out of line as they are, they cost no compression attempt.
    await queryRunner.query(`ALTER TABLE "distinct_sketch_deltas" ALTER COLUMN "keys" SET STORAGE EXTERNAL`);
    await queryRunner.query(`
      WITH marked_days AS (
        SELECT DISTINCT m.project_id, CASE m.metric_name WHEN 'unique_users' THEN 1 ELSE 2 END AS kind, d.day
        FROM "distinct_sketch_marks" m
        CROSS JOIN LATERAL generate_series(
          m.period_start,
          CASE m.period WHEN 'day' THEN m.period_start
                        WHEN 'week' THEN m.period_start + 6
                        ELSE (m.period_start + interval '1 month' - interval '1 day')::date END,
          interval '1 day') AS d(day)
      ), numbered AS (
        SELECT k.project_id, k.kind, k.date, k.key,
               (row_number() OVER (PARTITION BY k.project_id, k.kind, k.date ORDER BY k.key) - 1) / ${PIECE_KEYS}
                 AS piece
        FROM "daily_distinct" k
        JOIN marked_days m ON m.project_id = k.project_id AND m.kind = k.kind AND m.day = k.date
      )
      INSERT INTO "distinct_sketch_deltas" ("project_id", "key_count", "kinds", "dates", "key_counts", "keys")
      SELECT project_id, count(*), ARRAY[kind::smallint], ARRAY[date], ARRAY[count(*)::int],
             string_agg(int8send(key), ''::bytea ORDER BY key)
      FROM numbered
      GROUP BY project_id, kind, date, piece
      ORDER BY project_id, kind, date, piece`);
    await queryRunner.query(`DROP TABLE "distinct_sketch_marks"`);
    await queryRunner.query(`DROP SEQUENCE "distinct_sketch_mark_version"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
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
    await queryRunner.query(
      `CREATE INDEX "idx_distinct_sketch_marks_period_marked_at" ON "distinct_sketch_marks" ("period", "marked_at")`,
    );
    // The days of the keys still waiting become day marks, which the marks' merger rebuilds from their keys.
    await queryRunner.query(`
      INSERT INTO "distinct_sketch_marks" ("project_id", "metric_name", "period", "period_start")
      SELECT DISTINCT d.project_id, CASE g.kind WHEN 1 THEN 'unique_users' ELSE 'sessions' END, 'day', g.date
      FROM "distinct_sketch_deltas" d CROSS JOIN LATERAL unnest(d.kinds, d.dates) AS g(kind, date)`);
    await queryRunner.query(`DROP TABLE "distinct_sketch_deltas"`);
  }
}
