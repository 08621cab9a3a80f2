import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every flush updates the same (project, date, metric) rows again. With free space left on each page those
 * updates are HOT (no indexed column changes): no new entries in the three indexes, and dead versions are
 * pruned in place, so that an upsert touches a few buffers instead of many.
 */
export class LeaveRoomForHotUpdates1795600000003 implements MigrationInterface {
  name = 'LeaveRoomForHotUpdates1795600000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "daily_metrics" SET (fillfactor = 70)`);
    await queryRunner.query(`ALTER TABLE "consumer_offsets" SET (fillfactor = 50)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consumer_offsets" RESET (fillfactor)`);
    await queryRunner.query(`ALTER TABLE "daily_metrics" RESET (fillfactor)`);
  }
}
