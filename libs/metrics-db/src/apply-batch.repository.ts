import type { DataSource, QueryRunner } from 'typeorm';
import { aggregateBatch } from './batch.aggregator';
import { DISTINCT_KINDS } from './kpi-metrics.constants';
import type { ApplyResult, MetricsBatch } from './metrics-store.types';

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

// One statement for all the counting. The ORDER BYs fix the order in which rows are locked, the same in every
// transaction, so concurrent writers on overlapping keys wait for each other instead of deadlocking; the
// final sort also makes every distinct key be inserted before the first daily_metrics row is touched.
const APPLY_COUNTS = `
  WITH new_keys AS (
    INSERT INTO daily_distinct (project_id, date, kind, key)
    SELECT k.project_id, k.date, k.kind, k.key
    FROM unnest($1::uuid[], $2::date[], $3::smallint[], $4::bigint[]) AS k(project_id, date, kind, key)
    ORDER BY 1, 2, 3, 4
    ON CONFLICT DO NOTHING
    RETURNING project_id, date, kind
  ),
  deltas AS (
    SELECT d.project_id, d.date, d.metric_name, d.metric_value
    FROM unnest($5::uuid[], $6::date[], $7::text[], $8::bigint[]) AS d(project_id, date, metric_name, metric_value)
    UNION ALL
    SELECT n.project_id, n.date,
           CASE n.kind WHEN ${DISTINCT_KINDS.user.kind} THEN '${DISTINCT_KINDS.user.metric}'
                       ELSE '${DISTINCT_KINDS.session.metric}' END,
           count(*)
    FROM new_keys n GROUP BY n.project_id, n.date, n.kind
  ),
  upserted AS (
    INSERT INTO daily_metrics AS m (project_id, date, metric_name, metric_value)
    SELECT project_id, date, metric_name, sum(metric_value)::bigint
    FROM deltas
    GROUP BY project_id, date, metric_name
    HAVING sum(metric_value) <> 0
    ORDER BY project_id, date, metric_name
    ON CONFLICT (project_id, date, metric_name)
    DO UPDATE SET metric_value = m.metric_value + EXCLUDED.metric_value, updated_at = now()
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM upserted)::int AS rows_touched, (SELECT count(*) FROM new_keys)::int AS new_keys`;

const STORE_NEXT_OFFSETS = `
  UPDATE consumer_offsets AS o
  SET next_offset = GREATEST(o.next_offset, s.next_offset), updated_at = now()
  FROM unnest($3::int[], $4::bigint[]) AS s(partition, next_offset)
  WHERE o.group_id = $1 AND o.topic = $2 AND o.partition = s.partition`;

/** Runs `work` in one transaction on its own connection; rolls back on any error. */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (runner: QueryRunner) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    const result = await work(runner);
    await runner.commitTransaction();
    return result;
  } catch (err) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw err;
  } finally {
    await runner.release().catch(() => undefined);
  }
}

/**
 * Counts a batch exactly once: offsets rows are created and locked, events below the stored offsets are
 * dropped, counts and new offsets are written in the same transaction. Seven round trips (BEGIN, five
 * statements, COMMIT) whatever the size of the batch.
 */
export async function applyBatch(dataSource: DataSource, batch: MetricsBatch): Promise<ApplyResult> {
  const partitions = [...new Set(batch.segments.map((s) => s.partition))].sort((a, b) => a - b);
  if (partitions.length === 0)
    return { appliedEvents: 0, skippedEvents: 0, rowsTouched: 0, newDistinctKeys: 0 };
  const scope = [batch.groupId, batch.topic, partitions];

  return inTransaction(dataSource, async (runner) => {
    // The counts and the offsets commit together, so a commit lost in a server crash loses both, and the
    // consumer simply reads those records again from the older stored offset: exactly-once holds without
    // waiting for the WAL flush of every batch.
    await runner.query('SET LOCAL synchronous_commit TO off');
    await runner.query(ENSURE_OFFSET_ROWS, [...scope, NOTHING_APPLIED]);
    const locked = (await runner.query(LOCK_OFFSET_ROWS, scope)) as {
      partition: number;
      next_offset: string;
    }[];
    const stored = new Map(locked.map((row) => [row.partition, BigInt(row.next_offset)]));

    const aggregate = aggregateBatch(batch.segments, stored);
    let rowsTouched = 0;
    let newDistinctKeys = 0;
    if (aggregate.counters.values.length > 0 || aggregate.distinct.keys.length > 0) {
      const { counters, distinct } = aggregate;
      const [counts] = (await runner.query(APPLY_COUNTS, [
        distinct.projectIds,
        distinct.dates,
        distinct.kinds,
        distinct.keys,
        counters.projectIds,
        counters.dates,
        counters.metricNames,
        counters.values,
      ])) as { rows_touched: number; new_keys: number }[];
      rowsTouched = counts.rows_touched;
      newDistinctKeys = counts.new_keys;
    }
    await runner.query(STORE_NEXT_OFFSETS, [
      batch.groupId,
      batch.topic,
      aggregate.nextOffsets.partitions,
      aggregate.nextOffsets.offsets,
    ]);
    return {
      appliedEvents: aggregate.appliedEvents,
      skippedEvents: aggregate.skippedEvents,
      rowsTouched,
      newDistinctKeys,
    };
  });
}
