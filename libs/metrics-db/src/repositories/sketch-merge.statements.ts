import { DISTINCT_KINDS } from '../domain/distinct-kinds.constants';

/**
 * The statements of the sketch merger (sketch-merge.repository.ts). Every statement that locks marks takes
 * them in one global order, (period, project_id, metric_name, period_start), the order flushes use for day
 * marks too: flushes, the merger and the rebuild command queue behind each other instead of deadlocking.
 */

/** One merger at a time, across every process on the database (pg_try_advisory_lock). */
export const SKETCH_MERGE_LOCK_KEY = 7_305_114_022;

const KIND_OF_METRIC = `CASE p.metric_name WHEN '${DISTINCT_KINDS.user.metric}' THEN ${DISTINCT_KINDS.user.kind}
                                           ELSE ${DISTINCT_KINDS.session.kind} END`;

// Day marks and the keys of their days, in one snapshot: a key committed after it came with a re-mark
// committed after it too, so the version read here no longer matches when the mark is deleted. $3 false: the
// oldest marks (by marked_at, which re-marks keep: a hot day waits no longer than a quiet one). $3 true: the
// marks of the last two days (today in every time zone) before others, oldest first among them, so a round
// serves live traffic before old backlog; a round takes at most half its marks this way (sketch-merge.repository.ts).
// $4: only marks made before the round began. A hot day re-marked while its chunk was merged keeps its old
// marked_at and would otherwise be read again, all its keys, by every chunk of the round.
// The chunk starts with every waiting day of the (project, metric) owners of the oldest marks, the oldest owner
// first: days of one week or month merged together grow its sketch once, not once a day. Only the first
// OWNERS_PER_CHUNK owners, read through the primary key: with every owner's days a chunk of 128 spread over
// 128 projects would read 30 days of each to keep 128. The rest of the chunk is the oldest marks themselves,
// so a chunk is short only when no mark is left.
const OWNERS_PER_CHUNK = 8;
// $3 true: only the last two days; $4: only marks made before the round began (see above).
const DAY_MARK_FILTER = `(NOT $3::boolean OR period_start >= (now() AT TIME ZONE 'UTC')::date - 1) AND version <= $4::bigint`;
export const READ_DAY_MARKS = `
  WITH oldest AS (
    SELECT project_id, metric_name, period_start, version, rebuild, marked_at
    FROM distinct_sketch_marks
    WHERE period = 'day' AND ($2::uuid IS NULL OR project_id = $2::uuid)
      AND ${DAY_MARK_FILTER}
    ORDER BY marked_at, version
    LIMIT $1
  ), owners AS (
    SELECT project_id, metric_name, min(marked_at) AS first_marked_at
    FROM oldest GROUP BY project_id, metric_name ORDER BY 3, 1, 2 LIMIT ${OWNERS_PER_CHUNK}
  ), candidates AS (
    SELECT 0 AS tier, o.first_marked_at AS ranked_at, m.project_id, m.metric_name, m.period_start, m.version,
           m.rebuild
    FROM owners o
    CROSS JOIN LATERAL (
      SELECT project_id, metric_name, period_start, version, rebuild
      FROM distinct_sketch_marks
      WHERE project_id = o.project_id AND metric_name = o.metric_name AND period = 'day'
        AND ${DAY_MARK_FILTER}
      ORDER BY period_start
      LIMIT $1
    ) m
    UNION ALL
    SELECT 1, marked_at, project_id, metric_name, period_start, version, rebuild FROM oldest
  ), unique_candidates AS (
    SELECT DISTINCT ON (project_id, metric_name, period_start) *
    FROM candidates ORDER BY project_id, metric_name, period_start, tier
  ), picked AS (
    SELECT * FROM unique_candidates ORDER BY tier, ranked_at, project_id, metric_name, period_start LIMIT $1
  )
  SELECT p.project_id::text AS project_id, p.metric_name, 'day' AS period,
         p.period_start::text AS period_start, p.version::text AS version, p.rebuild,
         (SELECT string_agg(int8send(d.key), ''::bytea)
          FROM daily_distinct d
          WHERE d.project_id = p.project_id AND d.date = p.period_start AND d.kind = ${KIND_OF_METRIC}) AS keys
  FROM picked p`;

// The stored week and month sketches that the day sketches just written grow (only the merger writes
// sketches, under its lock: what this reads is what it last wrote).
export const READ_PERIOD_SKETCHES = `
  SELECT s.project_id::text AS project_id, s.metric_name, s.period, s.period_start::text AS period_start, s.sketch
  FROM distinct_sketches s
  JOIN unnest($1::uuid[], $2::text[], $3::text[], $4::date[]) AS i(project_id, metric_name, period, period_start)
    ON s.project_id = i.project_id AND s.metric_name = i.metric_name AND s.period = i.period
   AND s.period_start = i.period_start`;

// The oldest week and month marks, and every stored day sketch inside them (one row per day sketch; a period
// with none comes back as one row with a NULL sketch), in one snapshot, for the same reason as above.
export const READ_PERIOD_MARKS = `
  WITH picked AS (
    SELECT project_id, metric_name, period, period_start, version
    FROM distinct_sketch_marks
    WHERE period IN ('week', 'month') AND ($2::uuid IS NULL OR project_id = $2::uuid)
    ORDER BY marked_at, version
    LIMIT $1
  )
  SELECT p.project_id::text AS project_id, p.metric_name, p.period, p.period_start::text AS period_start,
         p.version::text AS version, false AS rebuild, s.sketch
  FROM picked p
  LEFT JOIN distinct_sketches s
    ON s.project_id = p.project_id AND s.metric_name = p.metric_name AND s.period = 'day'
   AND s.period_start >= p.period_start
   AND s.period_start < CASE p.period WHEN 'week' THEN p.period_start + 7
                                      ELSE (p.period_start + interval '1 month')::date END`;

// Writes only the sketches whose bytes changed: an unchanged 10 kB row is not rewritten into the WAL. The
// rows returned are those written, whose week and month must follow.
export const UPSERT_SKETCHES = `
  INSERT INTO distinct_sketches AS s (project_id, metric_name, period, period_start, sketch)
  SELECT i.project_id, i.metric_name, i.period, i.period_start, i.sketch
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::bytea[])
       AS i(project_id, metric_name, period, period_start, sketch)
  ORDER BY 3, 1, 2, 4
  ON CONFLICT (project_id, metric_name, period, period_start)
  DO UPDATE SET sketch = EXCLUDED.sketch, updated_at = now()
  WHERE s.sketch IS DISTINCT FROM EXCLUDED.sketch
  RETURNING project_id::text AS project_id, metric_name, period_start::text AS period_start`;

// A period whose keys are all gone (removed data) has no sketch rather than an empty one.
export const DELETE_SKETCHES = `
  DELETE FROM distinct_sketches s
  USING unnest($1::uuid[], $2::text[], $3::text[], $4::date[]) AS i(project_id, metric_name, period, period_start)
  WHERE s.project_id = i.project_id AND s.metric_name = i.metric_name AND s.period = i.period
    AND s.period_start = i.period_start
  RETURNING s.project_id::text AS project_id, s.metric_name, s.period_start::text AS period_start`;

// Removes the marks that were merged, only where the version is still the one read: a flush (or a day's
// merge) that re-marked it meanwhile has a newer version, or holds the row lock of a re-mark in flight, which
// is skipped rather than waited for (its version is about to change), so its mark stays. Locked in the global
// order before deleting.
export const DELETE_MERGED_MARKS = `
  WITH merged AS (
    SELECT m.ctid AS row_id
    FROM distinct_sketch_marks m
    JOIN unnest($1::uuid[], $2::text[], $3::text[], $4::date[], $5::bigint[])
         AS i(project_id, metric_name, period, period_start, version)
      ON m.project_id = i.project_id AND m.metric_name = i.metric_name AND m.period = i.period
     AND m.period_start = i.period_start
    WHERE m.version = i.version
    ORDER BY m.period, m.project_id, m.metric_name, m.period_start
    FOR UPDATE OF m SKIP LOCKED
  )
  DELETE FROM distinct_sketch_marks m USING merged WHERE m.ctid = merged.row_id`;

/**
 * At the start of a round: the highest mark version handed out so far (0 before the first), and whether the
 * planner's statistics of the marks table lag far behind its rows. A table that filled up in the minute
 * before autovacuum analyzes it (a new database, a rebuild marking everything) looks nearly empty to the
 * planner, which then reads and sorts every mark for each chunk of 128 instead of walking the age index.
 */
export const ROUND_START = `
  SELECT (SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM distinct_sketch_mark_version)::text AS version,
         COALESCE((SELECT s.n_live_tup > 1000 AND s.n_live_tup > 2 * greatest(c.reltuples, 0)
                   FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
                   WHERE s.relid = 'distinct_sketch_marks'::regclass), false) AS stale_statistics`;

/** Lets another ANALYZE (autovacuum's) run instead of waiting for it. */
export const ANALYZE_MARKS = 'ANALYZE (SKIP_LOCKED) distinct_sketch_marks';

/** Marks (or re-marks, with a new version) sketches to rebuild; the rows must be distinct. */
export const UPSERT_MARKS = `
  INSERT INTO distinct_sketch_marks (project_id, metric_name, period, period_start)
  SELECT i.project_id, i.metric_name, i.period, i.period_start
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[]) AS i(project_id, metric_name, period, period_start)
  ORDER BY 3, 1, 2, 4
  ON CONFLICT (project_id, metric_name, period, period_start)
  DO UPDATE SET version = nextval('distinct_sketch_mark_version')`;
