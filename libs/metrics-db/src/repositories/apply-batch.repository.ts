import type { DataSource, QueryRunner } from 'typeorm';
import { aggregateBatch } from '../domain/batch.aggregator';
import { DISTINCT_KINDS } from '../domain/distinct-kinds.constants';
import { findStalePositions, PositionsOutOfDateError } from '../domain/positions-out-of-date.error';
import { pgArrayLiteral } from '../pg/pg-array.util';
import type { ApplyResult, MetricsBatch } from '../metrics-store.types';

// A partition whose row exists but that never committed a batch: nothing below it has been counted.
const NOTHING_APPLIED = '-1';

const ENSURE_OFFSET_ROWS = `
  INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
  SELECT $1, $2, p, $4 FROM unnest($3::int[]) AS p ORDER BY p
  ON CONFLICT (group_id, topic, partition) DO NOTHING`;

// Locks in partition order, so two writers of the same partitions (a rebalance overlap) queue, never deadlock.
const LOCK_OFFSET_ROWS = `
  SELECT partition, next_offset FROM consumer_offsets
  WHERE group_id = $1 AND topic = $2 AND partition = ANY($3::int[])
  ORDER BY partition
  FOR UPDATE`;

// Two statements do the counting, and every transaction runs them in the same order on disjoint rows (the
// event counters, then the distinct metrics), each sorted by key: concurrent writers on overlapping keys take
// their row locks in one global order, so they wait for each other instead of deadlocking. The counters come
// from the client already summed per (project, date, metric), so the server only sorts and upserts them; the
// offsets ride along as a data-modifying CTE, which runs once whether or not anything was counted.
const APPLY_COUNTERS_AND_OFFSETS = `
  WITH upserted AS (
    INSERT INTO daily_metrics AS m (project_id, date, metric_name, metric_value)
    SELECT d.project_id, d.date, d.metric_name, d.metric_value
    FROM unnest($1::uuid[], $2::date[], $3::text[], $4::bigint[]) AS d(project_id, date, metric_name, metric_value)
    ORDER BY 1, 2, 3
    ON CONFLICT (project_id, date, metric_name)
    DO UPDATE SET metric_value = m.metric_value + EXCLUDED.metric_value, updated_at = now()
    RETURNING 1
  ),
  offsets AS (
    UPDATE consumer_offsets AS o
    SET next_offset = GREATEST(o.next_offset, s.next_offset), updated_at = now()
    FROM unnest($7::int[], $8::bigint[]) AS s(partition, next_offset)
    WHERE o.group_id = $5 AND o.topic = $6 AND o.partition = s.partition
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM upserted)::int AS rows_touched`;

// Inserts the sorted distinct keys and adds the number that were new to each day's unique_users / sessions.
// The keys that were new are also appended, in the same transaction, to distinct_sketch_deltas, one row per
// project, for the sketch merger (sketch-merge.repository.ts): a committed key is always in its sketches or
// in a waiting delta, and the merger's work follows the keys added, not the size of their days. ON CONFLICT
// waits for a concurrent insert of the same key, so each committed key comes back from exactly one flush.
const APPLY_DISTINCT_KEYS = `
  WITH new_keys AS (
    INSERT INTO daily_distinct (project_id, date, kind, key)
    SELECT k.project_id, k.date, k.kind, k.key
    FROM unnest($1::uuid[], $2::date[], $3::smallint[], $4::bigint[]) AS k(project_id, date, kind, key)
    ORDER BY 1, 2, 3, 4
    ON CONFLICT DO NOTHING
    RETURNING project_id, date, kind, key
  ),
  upserted AS (
    INSERT INTO daily_metrics AS m (project_id, date, metric_name, metric_value)
    SELECT n.project_id, n.date,
           CASE n.kind WHEN ${DISTINCT_KINDS.user.kind} THEN '${DISTINCT_KINDS.user.metric}'
                       ELSE '${DISTINCT_KINDS.session.metric}' END,
           count(*)
    FROM new_keys n
    GROUP BY 1, 2, 3
    ORDER BY 1, 2, 3
    ON CONFLICT (project_id, date, metric_name)
    DO UPDATE SET metric_value = m.metric_value + EXCLUDED.metric_value, updated_at = now()
    RETURNING 1
  ),
  key_groups AS (
    SELECT project_id, kind, date, count(*)::int AS n, string_agg(int8send(key), ''::bytea) AS packed
    FROM new_keys
    GROUP BY 1, 2, 3
  ),
  deltas AS (
    INSERT INTO distinct_sketch_deltas (project_id, key_count, kinds, dates, key_counts, keys)
    SELECT project_id, sum(n), array_agg(kind ORDER BY kind, date), array_agg(date ORDER BY kind, date),
           array_agg(n ORDER BY kind, date), string_agg(packed, ''::bytea ORDER BY kind, date)
    FROM key_groups
    GROUP BY project_id
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM upserted)::int AS rows_touched,
         (SELECT count(*) FROM new_keys)::int AS new_keys,
         (SELECT count(*) FROM deltas)::int AS deltas`;

// The counts and the offsets commit together, so a commit lost in a server crash loses both and the consumer
// reads those records again from the older stored offset: exactly-once holds without waiting for the WAL
// flush of every batch. Sent as one simple-protocol message with BEGIN, so it costs no round trip.
const BEGIN_BATCH = 'BEGIN; SET LOCAL synchronous_commit TO off';

/**
 * Runs `work` in one transaction on a connection of its own. After a failure the connection goes back to the
 * pool only if ROLLBACK succeeded: one that failed at BEGIN or lost its server (the FATAL message can arrive
 * before the socket closes) is discarded, so the retry does not pick up a dead connection.
 */
async function inBatchTransaction<T>(
  dataSource: DataSource,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  let client: { end(): Promise<void> } | undefined;
  let open = false;
  let broken = false;
  try {
    // The pg client itself: ending it before release makes the pool discard it instead of reusing it.
    client = (await runner.connect()) as { end(): Promise<void> };
    await runner.query(BEGIN_BATCH);
    open = true;
    const result = await work(runner);
    await runner.query('COMMIT');
    open = false;
    return result;
  } catch (err) {
    const rolledBack =
      open &&
      (await runner.query('ROLLBACK').then(
        () => true,
        () => false,
      ));
    broken = !rolledBack;
    throw err;
  } finally {
    if (broken) client?.end().catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}

/**
 * Counts a batch exactly once: offset rows are created and locked, the batch is refused
 * (PositionsOutOfDateError) unless they hold its expected offsets, events below the stored offsets are dropped, counts and new offsets are written in the same transaction. At most six round trips (BEGIN, four
 * statements, COMMIT) whatever the size of the batch.
 */
export async function applyBatch(dataSource: DataSource, batch: MetricsBatch): Promise<ApplyResult> {
  const partitions = [...new Set(batch.segments.map((s) => s.partition))].sort((a, b) => a - b);
  if (partitions.length === 0)
    return { appliedEvents: 0, skippedEvents: 0, rowsTouched: 0, newDistinctKeys: 0 };
  const scope = [batch.groupId, batch.topic, partitions];

  return inBatchTransaction(dataSource, async (runner) => {
    await runner.query(ENSURE_OFFSET_ROWS, [...scope, NOTHING_APPLIED]);
    const locked = (await runner.query(LOCK_OFFSET_ROWS, scope)) as {
      partition: number;
      next_offset: string;
    }[];
    const stored = new Map(locked.map((row) => [row.partition, BigInt(row.next_offset)]));
    // Continuing from anything but the stored offsets could jump over records whose counts were lost with
    // their commit: refuse, and the ROLLBACK leaves the rows as they were.
    const stale = batch.expectedOffsets ? findStalePositions(batch.expectedOffsets, stored) : [];
    if (stale.length > 0) throw new PositionsOutOfDateError(stale);

    const { counters, distinct, nextOffsets, appliedEvents, skippedEvents } = aggregateBatch(
      batch.segments,
      stored,
    );
    const [counted] = (await runner.query(APPLY_COUNTERS_AND_OFFSETS, [
      ...[counters.projectIds, counters.dates, counters.metricNames, counters.values].map(pgArrayLiteral),
      batch.groupId,
      batch.topic,
      pgArrayLiteral(nextOffsets.partitions),
      pgArrayLiteral(nextOffsets.offsets),
    ])) as { rows_touched: number }[];
    const [distinctCounted] =
      distinct.keys.length === 0
        ? [{ rows_touched: 0, new_keys: 0 }]
        : ((await runner.query(
            APPLY_DISTINCT_KEYS,
            [distinct.projectIds, distinct.dates, distinct.kinds, distinct.keys].map(pgArrayLiteral),
          )) as { rows_touched: number; new_keys: number }[]);
    return {
      appliedEvents,
      skippedEvents,
      rowsTouched: counted.rows_touched + distinctCounted.rows_touched,
      newDistinctKeys: distinctCounted.new_keys,
    };
  });
}
