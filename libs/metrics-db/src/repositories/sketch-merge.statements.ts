/**
 * The statements of the sketch merger (sketch-merge.operation.ts) and of the rebuild
 * (sketch-rebuild.operation.ts). Dates travel as day numbers (days since 1970-01-01), bytes as base64
 * (pg/array-rows.ts).
 */

/**
 * One writer of sketches at a time, across every process on the database: the merger and the rebuild hold it
 * as a session lock while they work, erasing a project as a transaction lock.
 */
export const SKETCH_WRITER_LOCK_KEY = 7_305_114_022;

/** The newest delta when a round begins: a round merges no row added after it began. */
export const NEWEST_DELTA = `SELECT COALESCE(max(id), 0) AS id FROM distinct_sketch_deltas`;

// The oldest deltas up to $1 (the newest when the round began), at most $2 rows and, after the first, no more
// than $3 keys in all: a chunk is bounded whatever a flush added. Each group of a row comes back with its keys
// cut out of the row's `keys`, in the row's order.
export const READ_DELTAS = `
  WITH picked AS (
    SELECT id, project_id, kinds, dates, key_counts, keys,
           sum(key_count) OVER (ORDER BY id) - key_count AS keys_before
    FROM distinct_sketch_deltas
    WHERE id <= $1::bigint
    ORDER BY id
    LIMIT $2
  )
  SELECT p.id, p.project_id::text, g.kind::int, (g.date - DATE '1970-01-01')::int,
         encode(substring(p.keys FROM (g.first * 8 + 1)::int FOR (g.n * 8)::int), 'base64')
  FROM picked p
  CROSS JOIN LATERAL (
    SELECT u.kind, u.date, u.n, sum(u.n) OVER (ORDER BY u.ord) - u.n AS first
    FROM unnest(p.kinds, p.dates, p.key_counts) WITH ORDINALITY AS u(kind, date, n, ord)
  ) g
  WHERE p.keys_before < $3
  ORDER BY p.id, g.first`;

/**
 * The stored sketches of the given (project, metric, period, start) quadruples, by primary key, each with its
 * place among them (from 1): the caller finds them by number, not by building keys.
 */
export const READ_SKETCHES = `
  SELECT i.ord::int, encode(s.sketch, 'base64')
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) WITH ORDINALITY
       AS i(project_id, metric_name, period, start, ord)
  JOIN distinct_sketches s
    ON s.project_id = i.project_id AND s.metric_name = i.metric_name AND s.period = i.period
   AND s.period_start = DATE '1970-01-01' + i.start`;

// Writes only what the caller found changed; updated_at tells the API's sketch cache that the bytes changed.
// The sketches come as one bytea ($6) cut by their lengths ($5), in order (sketch-upsert.writer.ts).
export const UPSERT_SKETCHES = `
  INSERT INTO distinct_sketches AS s (project_id, metric_name, period, period_start, sketch)
  SELECT i.project_id, i.metric_name, i.period, DATE '1970-01-01' + i.start,
         substring($6::bytea FROM (i.ends - i.length + 1)::int FOR i.length)
  FROM (
    SELECT u.project_id, u.metric_name, u.period, u.start, u.length,
           sum(u.length) OVER (ORDER BY u.ord) AS ends
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::int[]) WITH ORDINALITY
         AS u(project_id, metric_name, period, start, length, ord)
  ) i
  ORDER BY 1, 2, 3, 4
  ON CONFLICT (project_id, metric_name, period, period_start)
  DO UPDATE SET sketch = EXCLUDED.sketch, updated_at = now()
  WHERE s.sketch IS DISTINCT FROM EXCLUDED.sketch`;

/** Exactly the rows the chunk read: rows added meanwhile wait for the next chunk. */
export const DELETE_DELTAS = `DELETE FROM distinct_sketch_deltas WHERE id = ANY($1::bigint[])`;

/**
 * What waits: rows, keys, and the age of the oldest row (when the flush that added it began), by the
 * database's clock. The table holds seconds of flushes, so counting it is cheap.
 */
export const DELTA_BACKLOG = `
  SELECT count(*)::int AS deltas, COALESCE(sum(key_count), 0)::float8 AS keys,
         COALESCE(extract(epoch FROM now() - (SELECT created_at FROM distinct_sketch_deltas ORDER BY id LIMIT 1)), 0)::float8
           AS age
  FROM distinct_sketch_deltas`;
