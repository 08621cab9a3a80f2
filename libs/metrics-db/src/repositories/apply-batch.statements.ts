import { DISTINCT_KINDS } from '../domain/distinct-kinds.constants';

/** The statements of applyBatch (apply-batch.operation.ts), in the order a flush runs them. */

export const ENSURE_OFFSET_ROWS = `
  INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)
  SELECT $1, $2, p, $4 FROM unnest($3::int[]) AS p ORDER BY p
  ON CONFLICT (group_id, topic, partition) DO NOTHING`;

// Locks in partition order, so two writers of the same partitions (a rebalance overlap) queue, never deadlock.
export const LOCK_OFFSET_ROWS = `
  SELECT partition, next_offset FROM consumer_offsets
  WHERE group_id = $1 AND topic = $2 AND partition = ANY($3::int[])
  ORDER BY partition
  FOR UPDATE`;

// The sessions of a batch, locked in key order (READ_SESSIONS runs before the counters): the flush works out
// their new states and the visit metrics they change, which APPLY_COUNTERS_AND_OFFSETS writes.
export const READ_SESSIONS = `
  SELECT s.project_id::text AS project_id, s.session_key::text AS session_key,
         (extract(epoch FROM s.started_at) * 1000)::float8 AS started_at,
         (extract(epoch FROM s.ended_at) * 1000)::float8 AS ended_at,
         s.start_date::text AS start_date, s.end_date::text AS end_date, s.events, s.pageviews
  FROM visit_sessions s
  JOIN unnest($1::uuid[], $2::bigint[]) AS i(project_id, session_key)
    ON s.project_id = i.project_id AND s.session_key = i.session_key
  ORDER BY s.project_id, s.session_key
  FOR UPDATE OF s`;

// Two statements do the counting, and every transaction runs them in the same order on disjoint rows (the
// event counters and visit metrics with the sessions, then the distinct metrics), each sorted by key, after
// the sessions were locked in key order: concurrent writers on overlapping keys take their row locks in one
// global order, so they wait for each other instead of deadlocking. The counters come from the client
// already summed per (project, date, metric), so the server only sorts and upserts them; the offsets and the
// sessions ride along as data-modifying CTEs, which run once whether or not anything was counted. A session
// the batch found new is inserted only if nobody did meanwhile (a flush of another partition): the count of
// those inserted tells the caller.
export const APPLY_COUNTERS_AND_OFFSETS = `
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
    SET next_offset = GREATEST(o.next_offset, s.next_offset), updated_at = now(),
        newest_record_time = GREATEST(o.newest_record_time, NULLIF(s.newest_record_time, -1))
    FROM unnest($7::int[], $8::bigint[], $18::bigint[]) AS s(partition, next_offset, newest_record_time)
    WHERE o.group_id = $5 AND o.topic = $6 AND o.partition = s.partition
    RETURNING 1
  ),
  sessions AS (
    SELECT *
    FROM unnest($9::uuid[], $10::bigint[], $11::float8[], $12::float8[], $13::date[], $14::date[], $15::int[],
                $16::int[], $17::boolean[])
         AS u(project_id, session_key, started_at, ended_at, start_date, end_date, events, pageviews, is_new)
  ),
  sessions_updated AS (
    UPDATE visit_sessions AS s
    SET started_at = to_timestamp(u.started_at / 1000), ended_at = to_timestamp(u.ended_at / 1000),
        start_date = u.start_date, end_date = u.end_date, events = u.events, pageviews = u.pageviews
    FROM sessions u
    WHERE NOT u.is_new AND s.project_id = u.project_id AND s.session_key = u.session_key
    RETURNING 1
  ),
  sessions_inserted AS (
    INSERT INTO visit_sessions (project_id, session_key, started_at, ended_at, start_date, end_date, events, pageviews)
    SELECT project_id, session_key, to_timestamp(started_at / 1000), to_timestamp(ended_at / 1000), start_date,
           end_date, events, pageviews
    FROM sessions WHERE is_new
    ORDER BY 1, 2
    ON CONFLICT DO NOTHING
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM upserted)::int AS rows_touched,
         (SELECT count(*) FROM sessions_updated)::int AS sessions_updated,
         (SELECT count(*) FROM sessions_inserted)::int AS sessions_inserted`;

// Inserts the sorted distinct keys and adds the number that were new to each day's unique_users / sessions.
// The keys that were new are also appended, in the same transaction, to distinct_sketch_deltas, one row per
// project, for the sketch merger (sketch-merge.operation.ts): a committed key is always in its sketches or
// in a waiting delta, and the merger's work follows the keys added, not the size of their days. ON CONFLICT
// waits for a concurrent insert of the same key, so each committed key comes back from exactly one flush.
export const APPLY_DISTINCT_KEYS = `
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
