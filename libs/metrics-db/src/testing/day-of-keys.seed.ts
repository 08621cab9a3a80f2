import { Client } from 'pg';
import type { DistinctMetric } from '@metrics-store/metrics-contract';
import { DISTINCT_KINDS } from '../domain/distinct-kinds.constants';

export interface DayOfKeys {
  projectId: string;
  /** YYYY-MM-DD. */
  date: string;
  /** Keys of each kind (visitors and sessions). */
  keys: number;
  /** Different salts give different keys; the same salt the same ones. */
  salt?: number;
  /** The metrics whose keys are written; both unless given. */
  metrics?: DistinctMetric[];
}

/**
 * Test and benchmark data: a day holding millions of distinct keys of each kind, written by PostgreSQL itself
 * (hashint8extended of a series, sorted, so the primary key is filled in order) with their daily_metrics
 * counters, in seconds rather than through flushes. No sketch and no delta is written: the rebuild or the
 * merger's tests decide what the sketches hold.
 */
export async function seedDayOfKeys(databaseUrl: string, day: DayOfKeys): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const kinds = Object.values(DISTINCT_KINDS).filter((k) => day.metrics?.includes(k.metric) ?? true);
    await client.query(
      `INSERT INTO daily_distinct (project_id, date, kind, key)
       SELECT $1, $2, k.kind, hashint8extended(g, k.kind * 1000003 + $4::int)
       FROM generate_series(1, $3::int) AS g, unnest($5::smallint[]) AS k(kind)
       ORDER BY 3, 4
       ON CONFLICT DO NOTHING`,
      [day.projectId, day.date, day.keys, day.salt ?? 0, kinds.map((k) => k.kind)],
    );
    await client.query(
      `INSERT INTO daily_metrics AS m (project_id, date, metric_name, metric_value)
       SELECT $1, $2, k.metric, count(*)
       FROM daily_distinct d
       JOIN unnest($3::smallint[], $4::text[]) AS k(kind, metric) ON k.kind = d.kind
       WHERE d.project_id = $1 AND d.date = $2
       GROUP BY k.metric
       ON CONFLICT (project_id, date, metric_name) DO UPDATE SET metric_value = EXCLUDED.metric_value`,
      [day.projectId, day.date, kinds.map((k) => k.kind), kinds.map((k) => k.metric)],
    );
  } finally {
    await client.end();
  }
}
