import type { Pool } from 'pg';
import { RESERVED_METRICS } from '@metrics-store/metrics-contract';
import { normalizeProjectId } from '../domain/input.validators';
import type { DayTypes, DayTypesQuery } from '../metrics-store.types';

// For each project-day asked about: which of the given types it holds, and how many event types in all (its
// rows other than the reserved names), both through the (project_id, date) index.
const DAY_TYPES = `
  WITH asked AS (
    SELECT DISTINCT project_id, date, metric_name
    FROM unnest($1::uuid[], $2::date[], $3::text[]) AS a(project_id, date, metric_name)
  )
  SELECT a.project_id::text AS project_id, a.date::text AS date,
         array_agg(a.metric_name) FILTER (WHERE m.metric_name IS NOT NULL) AS stored,
         (SELECT count(*)::int FROM daily_metrics t
          WHERE t.project_id = a.project_id AND t.date = a.date AND t.metric_name <> ALL($4::text[])) AS types
  FROM asked a
  LEFT JOIN daily_metrics m ON m.project_id = a.project_id AND m.date = a.date AND m.metric_name = a.metric_name
  GROUP BY a.project_id, a.date`;

/** What the cap on event types per project and local date (MAX_TYPES_PER_DAY) needs to know of the stored days. */
export async function readDayTypes(pool: Pool, query: DayTypesQuery[]): Promise<DayTypes[]> {
  const rows = (
    await pool.query(DAY_TYPES, [
      query.map((q) => normalizeProjectId(q.projectId)),
      query.map((q) => q.date),
      query.map((q) => q.type),
      RESERVED_METRICS,
    ])
  ).rows as { project_id: string; date: string; stored: string[] | null; types: number }[];
  return rows.map((row) => ({
    projectId: row.project_id,
    date: row.date,
    storedTypes: row.stored ?? [],
    typeCount: row.types,
  }));
}
