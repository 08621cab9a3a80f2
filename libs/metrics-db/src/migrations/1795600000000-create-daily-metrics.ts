import { MigrationInterface, QueryRunner } from 'typeorm';

/** The table dashboards read: columns, unique key and index exactly as every reader expects them. */
export class CreateDailyMetrics1795600000000 implements MigrationInterface {
  name = 'CreateDailyMetrics1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "daily_metrics" (
        "id" SERIAL NOT NULL,
        "project_id" uuid NOT NULL,
        "date" date NOT NULL,
        "metric_name" text NOT NULL,
        "metric_value" bigint NOT NULL DEFAULT 0,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "uq_daily_metrics_project_date_metric" UNIQUE ("project_id", "date", "metric_name"),
        CONSTRAINT "pk_daily_metrics" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "idx_daily_metrics_project_date" ON "daily_metrics" ("project_id", "date")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_daily_metrics_project_date"`);
    await queryRunner.query(`DROP TABLE "daily_metrics"`);
  }
}
