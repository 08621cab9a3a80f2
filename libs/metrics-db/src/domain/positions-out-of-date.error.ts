import { MetricsDbError } from '../pg/metrics-db.error';

/** A partition whose stored offset is not the one the batch continues from. */
export interface StalePosition {
  partition: number;
  /** What the writer last loaded or committed; null for "never flushed". */
  expected: string | null;
  /** What the locked row holds; null for "never flushed" (no row, or -1). */
  stored: string | null;
}

/**
 * A batch that does not continue from the offsets stored in this database: a commit the writer saw
 * acknowledged was lost (a server crash with `synchronous_commit off` loses the last ones, counts and offsets
 * together), or another member of the group advanced the partition. Nothing was written; the writer must
 * reload its positions from the database and fetch again. Not retriable: the same batch would fail again.
 */
export class PositionsOutOfDateError extends MetricsDbError {
  static readonly CODE = 'positions_out_of_date';

  constructor(readonly stale: StalePosition[]) {
    super(
      PositionsOutOfDateError.CODE,
      `stored offsets differ from the ones the batch continues from: ${stale
        .map((p) => `partition ${p.partition} expected ${p.expected ?? 'none'}, stored ${p.stored ?? 'none'}`)
        .join('; ')}`,
      false,
    );
  }
}

/**
 * The partitions whose locked stored offset differs from the expected one. Stored offsets are bigints read
 * from the rows (-1 or absent: never flushed); partitions without an expectation are not checked.
 */
export function findStalePositions(
  expected: ReadonlyMap<number, string | null>,
  stored: ReadonlyMap<number, bigint>,
): StalePosition[] {
  const stale: StalePosition[] = [];
  for (const [partition, expectedOffset] of expected) {
    const row = stored.get(partition);
    const storedOffset = row === undefined || row < 0n ? null : row.toString();
    const wanted = expectedOffset === null ? null : BigInt(expectedOffset).toString();
    if (wanted !== storedOffset) stale.push({ partition, expected: wanted, stored: storedOffset });
  }
  return stale.sort((a, b) => a.partition - b.partition);
}
