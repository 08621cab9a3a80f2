import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The newest Kafka timestamp among the records a partition's stored offset passed over, written with it:
 * a consumer that takes the partition over rebuilds its duplicate window from the records of the last
 * DEDUPE_WINDOW_MINUTES before it (docs/events.md#duplicates). Null until a flush stores it.
 */
export class StoreNewestRecordTime1795600000009 implements MigrationInterface {
  name = 'StoreNewestRecordTime1795600000009';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consumer_offsets" ADD COLUMN "newest_record_time" bigint`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consumer_offsets" DROP COLUMN "newest_record_time"`);
  }
}
