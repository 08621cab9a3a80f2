import { performance } from 'node:perf_hooks';
import { Client } from 'pg';

const FIRST_DAY = '2025-06-01';
const DAYS = 400;
const METRICS = [
  'page_view',
  'click',
  'signup',
  'scroll',
  'total_events',
  'total_pageviews',
  'unique_users',
  'sessions',
];
// Rows of daily_distinct per statement: progress lines, and no single statement of minutes.
const CHUNK = 500_000;
// A FULL sketch of postgresql-hll's format is 10,243 bytes; its bytes do not matter to an erase.
const SKETCH = `decode(repeat(md5(m || p || s::text), 640), 'hex')`;
// A visitor's stored key as the consumer writes one: 64 bits of a hash.
const KEY_OF = (id: string) => `('x' || substr(md5((${id})::text), 1, 16))::bit(64)::bigint`;

/**
 * The project to erase, loaded by SQL: `keys` distinct keys in daily_distinct over 400 days (visitors and
 * sessions, each day's rows together, as flushes write them), the counters of those days, day, week and
 * month sketches of both distinct metrics, a few sketch marks and its settings. Returns its rows per table.
 */
export async function seedErasedProject(
  databaseUrl: string,
  projectId: string,
  keys: number,
  log: (line: string) => void,
): Promise<Record<string, number>> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const perDay = Math.ceil(keys / DAYS);
    for (let first = 0; first < keys; first += CHUNK) {
      const started = performance.now();
      const last = Math.min(keys, first + CHUNK) - 1;
      await client.query(
        `INSERT INTO daily_distinct (project_id, date, kind, key)
         SELECT $1, $2::date + (g / ${perDay})::int, 1 + (g % 2)::int, ${KEY_OF('g')}
         FROM generate_series($3::bigint, $4::bigint) g
         ON CONFLICT DO NOTHING`,
        [projectId, FIRST_DAY, first, last],
      );
      log(
        `  daily_distinct ${(last + 1).toLocaleString('en-US')} keys (${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
    }
    await client.query(
      `INSERT INTO daily_metrics (project_id, date, metric_name, metric_value)
       SELECT $1, $2::date + d, m, 1000 + d FROM generate_series(0, ${DAYS - 1}) d, unnest($3::text[]) m`,
      [projectId, FIRST_DAY, METRICS],
    );
    await client.query(
      `INSERT INTO distinct_sketches (project_id, metric_name, period, period_start, sketch)
       SELECT $1, m, p, s, ${SKETCH}
       FROM (SELECT DISTINCT m, p, CASE p WHEN 'day' THEN d
                                          WHEN 'week' THEN date_trunc('week', d)::date
                                          ELSE date_trunc('month', d)::date END AS s
             FROM generate_series(0, ${DAYS - 1}) i CROSS JOIN LATERAL (SELECT $2::date + i AS d) x,
                  unnest(ARRAY['unique_users', 'sessions']) m, unnest(ARRAY['day', 'week', 'month']) p) periods`,
      [projectId, FIRST_DAY],
    );
    await client.query(
      `INSERT INTO distinct_sketch_marks (project_id, metric_name, period, period_start)
       SELECT $1, m, 'day', $2::date + ${DAYS - 1} FROM unnest(ARRAY['unique_users', 'sessions']) m`,
      [projectId, FIRST_DAY],
    );
    await client.query(`INSERT INTO project_settings (project_id, timezone) VALUES ($1, 'Europe/Berlin')`, [
      projectId,
    ]);
    // Done here, not by autovacuum in the middle of the figures: the visibility map and statistics of 5
    // million new rows.
    await client.query('VACUUM ANALYZE');
    // The erase then starts from clean buffers, not in the middle of the seed's checkpoint.
    await client.query('CHECKPOINT').catch(() => log('  (no CHECKPOINT: the role may not run it)'));
    const counts: Record<string, number> = {};
    for (const table of ['daily_metrics', 'daily_distinct', 'distinct_sketches', 'distinct_sketch_marks']) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${table} WHERE project_id = $1`,
        [projectId],
      );
      counts[table] = rows[0].n;
    }
    return counts;
  } finally {
    await client.end();
  }
}
