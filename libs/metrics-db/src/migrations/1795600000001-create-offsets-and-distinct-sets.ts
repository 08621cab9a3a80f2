import { MigrationInterface, QueryRunner } from 'typeorm';

/** What exactly-once counting needs: stored offsets and the per-day distinct sets. */
export class CreateOffsetsAndDistinctSets1795600000001 implements MigrationInterface {
  name = 'CreateOffsetsAndDistinctSets1795600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "consumer_offsets" (
        "group_id" text NOT NULL,
        "topic" text NOT NULL,
        "partition" integer NOT NULL,
        "next_offset" bigint NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_consumer_offsets" PRIMARY KEY ("group_id", "topic", "partition")
      )`);
    await queryRunner.query(`
      CREATE TABLE "daily_distinct" (
        "project_id" uuid NOT NULL,
        "date" date NOT NULL,
        "kind" smallint NOT NULL,
        "key" bigint NOT NULL,
        CONSTRAINT "pk_daily_distinct" PRIMARY KEY ("project_id", "date", "kind", "key")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "daily_distinct"`);
    await queryRunner.query(`DROP TABLE "consumer_offsets"`);
  }
}
