import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The state of every session that the visit metrics need (docs/events.md): its earliest and latest event,
 * how many events and page views it has, and the local dates of its start (where its visit counts) and of
 * its end (how long it is kept). Keyed by the same keyed hash of the session id as `sessions`. Flushes update
 * a session in place, its end date changing only across midnight, so that most updates stay HOT on the free
 * room of each page and leave the end-date index alone; retention reads that index.
 */
export class CreateVisitSessions1795600000007 implements MigrationInterface {
  name = 'CreateVisitSessions1795600000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "visit_sessions" (
        "project_id" uuid NOT NULL,
        "session_key" bigint NOT NULL,
        "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "ended_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "start_date" date NOT NULL,
        "end_date" date NOT NULL,
        "events" integer NOT NULL,
        "pageviews" integer NOT NULL,
        CONSTRAINT "pk_visit_sessions" PRIMARY KEY ("project_id", "session_key")
      ) WITH (fillfactor = 80)`);
    await queryRunner.query(`CREATE INDEX "idx_visit_sessions_end_date" ON "visit_sessions" ("end_date")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "visit_sessions"`);
  }
}
