import { Client } from 'pg';
import { VISIT_METRICS } from '@metrics-store/metrics-contract';

/** One daily_metrics row as a test wants it stored. */
export interface DailyMetricRow {
  projectId: string;
  /** YYYY-MM-DD, project-local. */
  date: string;
  metric: string;
  value: number;
}

/**
 * daily_metrics rows written as given (a row already there takes the given value): exact inputs for the
 * specs of reads, such as the visit metrics, without the events and sessions that would make them.
 */
export async function writeDailyMetrics(databaseUrl: string, rows: readonly DailyMetricRow[]): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'daily-metrics-fixture' });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO daily_metrics (project_id, date, metric_name, metric_value)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::text[], $4::bigint[])
       ON CONFLICT (project_id, date, metric_name)
       DO UPDATE SET metric_value = EXCLUDED.metric_value, updated_at = now()`,
      [
        rows.map((row) => row.projectId),
        rows.map((row) => row.date),
        rows.map((row) => row.metric),
        rows.map((row) => String(row.value)),
      ],
    );
  } finally {
    await client.end();
  }
}

/** One project-day's visit metrics as rows: visits, bounces, visit_duration_ms, visit_pageviews (VISIT_METRICS). */
export function visitMetricRows(
  projectId: string,
  date: string,
  values: readonly [number, number, number, number],
): DailyMetricRow[] {
  return VISIT_METRICS.map((metric, i) => ({ projectId, date, metric, value: values[i] }));
}
