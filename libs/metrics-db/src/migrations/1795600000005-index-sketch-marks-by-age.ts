import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sketch merger takes the oldest marks first, a chunk of 128 at a time. Without an index in that order
 * every chunk read scanned and sorted the whole marks table: with 60,000 marks waiting, 20 ms a chunk and
 * most of a merge round (bench-sketch-merge). The index holds `marked_at` but not `version`: a re-mark only
 * changes the version, so it stays a HOT update on the table's free space (fillfactor 50) and adds no index
 * entry; the few marks that share one `marked_at` (one flush) are put in version order after the index.
 */
export class IndexSketchMarksByAge1795600000005 implements MigrationInterface {
  name = 'IndexSketchMarksByAge1795600000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_distinct_sketch_marks_period_marked_at" ON "distinct_sketch_marks" ("period", "marked_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_distinct_sketch_marks_period_marked_at"`);
  }
}
