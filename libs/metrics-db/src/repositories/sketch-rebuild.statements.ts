import { DISTINCT_KINDS } from '../domain/distinct-kinds.constants';

/**
 * The statements of the rebuild (sketch-rebuild.operation.ts). Dates travel as day numbers (days since
 * 1970-01-01), bytes as base64 (pg/array-rows.ts).
 */

const KIND_OF_METRIC = `CASE metric_name WHEN '${DISTINCT_KINDS.user.metric}' THEN ${DISTINCT_KINDS.user.kind}
                                         ELSE ${DISTINCT_KINDS.session.kind} END`;
const DISTINCT_METRIC_NAMES = `('${DISTINCT_KINDS.user.metric}', '${DISTINCT_KINDS.session.metric}')`;

// The next project after $1 that has counted distinct keys or has sketches: one index probe into each table
// (a loose index scan), not a scan of either.
export const NEXT_PROJECT = `
  SELECT least((SELECT project_id FROM daily_metrics WHERE project_id > $1::uuid ORDER BY project_id LIMIT 1),
               (SELECT project_id FROM distinct_sketches WHERE project_id > $1::uuid ORDER BY project_id LIMIT 1))::text`;

// The project's days from $2 on that counted distinct keys, after ($3, $4) in (date, metric) order, a page at a
// time, each with its counter: about how many keys the day holds (more only by what flushes add meanwhile).
export const DAYS_WITH_KEYS = `
  SELECT (${KIND_OF_METRIC})::int, (date - DATE '1970-01-01')::int, metric_name, least(metric_value, 2147483647)::int
  FROM daily_metrics
  WHERE project_id = $1::uuid AND metric_name IN ${DISTINCT_METRIC_NAMES} AND metric_value > 0
    AND date >= DATE '1970-01-01' + $2::int
    AND (date, metric_name) > (DATE '1970-01-01' + $3::int, $4::text)
  ORDER BY date, metric_name
  LIMIT $5`;

/** Every key of several days of a project at once, each day's keys as one bytea of 8 big-endian bytes a key. */
export const KEYS_OF_DAYS = `
  SELECT d.kind::int, (d.date - DATE '1970-01-01')::int,
         encode(string_agg(int8send(d.key), ''::bytea), 'base64')
  FROM unnest($2::int[], $3::int[]) AS i(kind, day)
  JOIN daily_distinct d ON d.project_id = $1::uuid AND d.kind = i.kind AND d.date = DATE '1970-01-01' + i.day
  GROUP BY 1, 2`;

/** A page of one day's keys past $4 (null: from the first), in key order: a big day is read a piece at a time. */
export const KEYS_OF_DAY_PAGE = `
  SELECT count(*)::int, max(key)::text, encode(string_agg(int8send(key), ''::bytea), 'base64')
  FROM (
    SELECT key FROM daily_distinct
    WHERE project_id = $1::uuid AND date = DATE '1970-01-01' + $2::int AND kind = $3::smallint
      AND ($4::bigint IS NULL OR key > $4::bigint)
    ORDER BY key
    LIMIT $5
  ) page`;

/** Day sketches from $2 on whose day never counted a distinct key: nothing to build them from. */
export const DELETE_DAY_SKETCHES_WITHOUT_KEYS = `
  DELETE FROM distinct_sketches s
  WHERE s.project_id = $1::uuid AND s.period = 'day' AND s.period_start >= DATE '1970-01-01' + $2::int
    AND NOT EXISTS (
      SELECT 1 FROM daily_metrics m
      WHERE m.project_id = s.project_id AND m.date = s.period_start AND m.metric_name = s.metric_name
        AND m.metric_value > 0)`;

/** The weeks and months holding a day from $2 on that have a day sketch or a sketch of their own. */
export const PERIODS_TO_REBUILD = `
  SELECT DISTINCT metric_name, p.period, (p.start - DATE '1970-01-01')::int
  FROM distinct_sketches s
  CROSS JOIN LATERAL (VALUES
    ('week', CASE s.period WHEN 'day' THEN date_trunc('week', s.period_start)::date END),
    ('month', CASE s.period WHEN 'day' THEN date_trunc('month', s.period_start)::date END),
    (s.period, CASE WHEN s.period <> 'day' THEN s.period_start END)) AS p(period, start)
  WHERE s.project_id = $1::uuid AND p.start IS NOT NULL AND p.period <> 'day'
    AND s.period_start >= DATE '1970-01-01' + $2::int - 31`;

/** The stored day sketches of a week or month. */
export const DAY_SKETCHES_OF_PERIOD = `
  SELECT encode(sketch, 'base64') FROM distinct_sketches
  WHERE project_id = $1::uuid AND metric_name = $2 AND period = 'day'
    AND period_start BETWEEN DATE '1970-01-01' + $3::int AND DATE '1970-01-01' + $4::int`;

/** Removes the sketches of the given (metric, period, start) triples of a project. */
export const DELETE_SKETCHES = `
  DELETE FROM distinct_sketches s
  USING unnest($2::text[], $3::text[], $4::int[]) AS i(metric_name, period, start)
  WHERE s.project_id = $1::uuid AND s.metric_name = i.metric_name AND s.period = i.period
    AND s.period_start = DATE '1970-01-01' + i.start`;
