import type { Pool, PoolClient } from 'pg';
import { VISIT_METRICS, type VisitMetric } from '@metrics-store/metrics-contract';
import { aggregateBatch, type CounterDeltas, type SessionInBatch } from '../domain/batch.aggregator';
import { findStalePositions, PositionsOutOfDateError } from '../domain/positions-out-of-date.error';
import { forEachVisitDelta, mergeSession, type SessionState } from '../domain/visit-deltas';
import { MetricsDbError } from '../pg/metrics-db.error';
import { pgArrayLiteral } from '../pg/pg-array.util';
import type { ApplyResult, MetricsBatch } from '../metrics-store.types';
import {
  APPLY_COUNTERS_AND_OFFSETS,
  APPLY_DISTINCT_KEYS,
  ENSURE_OFFSET_ROWS,
  LOCK_OFFSET_ROWS,
  READ_SESSIONS,
} from './apply-batch.statements';

// A partition whose row exists but that never committed a batch: nothing below it has been counted.
const NOTHING_APPLIED = '-1';

// The counts and the offsets commit together, so a commit lost in a server crash loses both and the consumer
// reads those records again from the older stored offset: exactly-once holds without waiting for the WAL
// flush of every batch. Sent as one simple-protocol message with BEGIN, so it costs no round trip.
const BEGIN_BATCH = 'BEGIN; SET LOCAL synchronous_commit TO off';

/**
 * Runs `work` in one transaction on a connection of its own. After a failure the connection goes back to the
 * pool only if ROLLBACK succeeded: one that failed at BEGIN or lost its server (the FATAL message can arrive
 * before the socket closes) is discarded, so the retry does not pick up a dead connection.
 */
async function inBatchTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let open = false;
  let broken = false;
  try {
    await client.query(BEGIN_BATCH);
    open = true;
    const result = await work(client);
    await client.query('COMMIT');
    open = false;
    return result;
  } catch (err) {
    const rolledBack =
      open &&
      (await client.query('ROLLBACK').then(
        () => true,
        () => false,
      ));
    broken = !rolledBack;
    throw err;
  } finally {
    // release(true) makes the pool discard the connection instead of reusing it.
    client.release(broken);
  }
}

interface StoredSessionRow {
  project_id: string;
  session_key: string;
  started_at: number;
  ended_at: number;
  start_date: string;
  end_date: string;
  events: number;
  pageviews: number;
}

/** The sessions' new states, as the columns APPLY_COUNTERS_AND_OFFSETS binds, and the number of new ones. */
interface SessionWrites {
  columns: (string | number | boolean)[][];
  inserted: number;
}

/**
 * Reads and locks the stored states of the batch's sessions, works out their new states, and adds what they
 * change in the visit metrics to `counters` (the visit metrics are reserved names: no event counter shares a
 * row with them).
 */
async function changeSessions(
  client: PoolClient,
  sessions: SessionInBatch[],
  counters: CounterDeltas,
): Promise<SessionWrites> {
  const columns: (string | number | boolean)[][] = Array.from({ length: 9 }, () => []);
  if (sessions.length === 0) return { columns, inserted: 0 };
  const [projectIds, keyTexts, startedAts, endedAts, startDates, endDates, events, pageviews, isNew] =
    columns;
  for (const session of sessions) {
    projectIds.push(session.projectId);
    keyTexts.push(session.sessionKey.toString());
  }
  const rows = (await client.query(READ_SESSIONS, [pgArrayLiteral(projectIds), pgArrayLiteral(keyTexts)]))
    .rows as StoredSessionRow[];
  const stored = new Map<string, SessionState>();
  for (const row of rows)
    stored.set(`${row.project_id} ${row.session_key}`, {
      startedAt: row.started_at,
      endedAt: row.ended_at,
      startDate: row.start_date,
      endDate: row.end_date,
      events: row.events,
      pageviews: row.pageviews,
    });
  // Per project-day, the sum of each visit metric's deltas, in VISIT_METRICS.
  const visits = new Map<string, { projectId: string; date: string; sums: number[] }>();
  let projectId = '';
  const addDelta = (date: string, metric: VisitMetric, value: number) => {
    const key = `${projectId} ${date}`;
    let day = visits.get(key);
    if (!day) visits.set(key, (day = { projectId, date, sums: [0, 0, 0, 0] }));
    day.sums[VISIT_METRICS.indexOf(metric)] += value;
  };
  let inserted = 0;
  sessions.forEach((session, i) => {
    projectId = session.projectId;
    const before = stored.size === 0 ? null : (stored.get(`${projectId} ${keyTexts[i]}`) ?? null);
    const after = mergeSession(before, session.activity);
    forEachVisitDelta(before, after, addDelta);
    if (before === null) inserted += 1;
    startedAts.push(after.startedAt);
    endedAts.push(after.endedAt);
    startDates.push(after.startDate);
    endDates.push(after.endDate);
    events.push(after.events);
    pageviews.push(after.pageviews);
    isNew.push(before === null);
  });
  for (const day of visits.values())
    day.sums.forEach((value, i) => {
      if (value === 0) return;
      counters.projectIds.push(day.projectId);
      counters.dates.push(day.date);
      counters.metricNames.push(VISIT_METRICS[i]);
      counters.values.push(value);
    });
  return { columns, inserted };
}

/**
 * Counts a batch exactly once: offset rows are created and locked, the batch is refused
 * (PositionsOutOfDateError) unless they hold its expected offsets, events below the stored offsets are
 * dropped, and the counts, the sessions and the new offsets are written in the same transaction. Seven round
 * trips at most (BEGIN, five statements, COMMIT) whatever the size of the batch.
 */
export async function applyBatch(pool: Pool, batch: MetricsBatch): Promise<ApplyResult> {
  const partitions = [...new Set(batch.segments.map((s) => s.partition))].sort((a, b) => a - b);
  if (partitions.length === 0)
    return { appliedEvents: 0, skippedEvents: 0, rowsTouched: 0, newDistinctKeys: 0, pastKeyRetention: 0 };
  const scope = [batch.groupId, batch.topic, partitions];

  return inBatchTransaction(pool, async (client) => {
    await client.query(ENSURE_OFFSET_ROWS, [...scope, NOTHING_APPLIED]);
    const locked = (await client.query(LOCK_OFFSET_ROWS, scope)).rows as {
      partition: number;
      next_offset: string;
    }[];
    const stored = new Map(locked.map((row) => [row.partition, BigInt(row.next_offset)]));
    // Continuing from anything but the stored offsets could jump over records whose counts were lost with
    // their commit: refuse, and the ROLLBACK leaves the rows as they were.
    const stale = batch.expectedOffsets ? findStalePositions(batch.expectedOffsets, stored) : [];
    if (stale.length > 0) throw new PositionsOutOfDateError(stale);

    const { counters, distinct, sessions, nextOffsets, appliedEvents, skippedEvents, pastKeyRetention } =
      aggregateBatch(batch.segments, stored, batch.keysKeptFrom);
    const sessionWrites = await changeSessions(client, sessions, counters);
    const [counted] = (
      await client.query(APPLY_COUNTERS_AND_OFFSETS, [
        ...[counters.projectIds, counters.dates, counters.metricNames, counters.values].map(pgArrayLiteral),
        batch.groupId,
        batch.topic,
        pgArrayLiteral(nextOffsets.partitions),
        pgArrayLiteral(nextOffsets.offsets),
        ...sessionWrites.columns.map(pgArrayLiteral),
        pgArrayLiteral(nextOffsets.newestRecordTimes),
      ])
    ).rows as { rows_touched: number; sessions_inserted: number }[];
    // Another partition's flush started one of these sessions since they were read: counted on that basis,
    // its visit would count twice. Nothing is kept; the flush is tried again and finds the session stored.
    if (counted.sessions_inserted < sessionWrites.inserted) {
      throw new MetricsDbError(
        'session_written_concurrently',
        'a session this flush found new was started by another flush meanwhile',
        true,
      );
    }
    const [distinctCounted] =
      distinct.keys.length === 0
        ? [{ rows_touched: 0, new_keys: 0 }]
        : ((
            await client.query(
              APPLY_DISTINCT_KEYS,
              [distinct.projectIds, distinct.dates, distinct.kinds, distinct.keys].map(pgArrayLiteral),
            )
          ).rows as { rows_touched: number; new_keys: number }[]);
    return {
      appliedEvents,
      skippedEvents,
      rowsTouched: counted.rows_touched + distinctCounted.rows_touched,
      newDistinctKeys: distinctCounted.new_keys,
      pastKeyRetention,
    };
  });
}
