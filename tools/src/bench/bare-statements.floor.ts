/**
 * The floor under applyBatch: the bare statements PostgreSQL needs for the rows of one benchmark batch,
 * without unnest parameters, aggregation, offsets or the client. Rows come from temporary tables filled
 * beforehand, and the upsert and insert have the shape applyBatch uses (sorted, ON CONFLICT), so the ratio
 * applyBatch / floor shows what the repository adds on top of what the table design costs by itself.
 */
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { summarize, type TimingSummary } from './bench-stats';

export interface FloorFigures {
  upsert: TimingSummary;
  insertKeys: TimingSummary;
  /** Median of the sum of both statements in one transaction. */
  both: TimingSummary;
}

// Existing rows, as in the steady state of a day: every upsert updates. 1,000 projects x 3 dates x metrics.
const FILL_METRICS = `
  CREATE TEMP TABLE floor_metrics AS
  SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i % 1000), 12, '0'))::uuid AS project_id,
         DATE '2026-11-01' + ((i / 1000) % 3) AS date,
         'floor_' || (i / 3000) AS metric_name,
         1::bigint AS metric_value
  FROM generate_series(0, $1::int - 1) AS i`;

const UPSERT_METRICS = `
  INSERT INTO daily_metrics AS m (project_id, date, metric_name, metric_value)
  SELECT project_id, date, metric_name, metric_value FROM floor_metrics ORDER BY 1, 2, 3
  ON CONFLICT (project_id, date, metric_name)
  DO UPDATE SET metric_value = m.metric_value + EXCLUDED.metric_value, updated_at = now()`;

// New keys every round: the key is shifted by the round number times the number of keys.
const FILL_KEYS = `
  CREATE TEMP TABLE floor_keys AS
  SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(i % 1000), 12, '0'))::uuid AS project_id,
         DATE '2026-11-01' + ((i / 1000) % 3) AS date,
         (1 + (i % 2))::smallint AS kind,
         i::bigint AS key
  FROM generate_series(0, $1::int - 1) AS i`;

const INSERT_KEYS = `
  INSERT INTO daily_distinct (project_id, date, kind, key)
  SELECT project_id, date, kind, key + $1::bigint FROM floor_keys ORDER BY 1, 2, 3, 4
  ON CONFLICT DO NOTHING`;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** Times `rounds` rounds of the bare statements for `metricRows` upserts and `newKeys` new distinct keys. */
export async function measureFloor(
  databaseUrl: string,
  metricRows: number,
  newKeys: number,
  rounds: number,
): Promise<FloorFigures> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SET synchronous_commit TO off');
    await client.query(FILL_METRICS, [metricRows]);
    await client.query(FILL_KEYS, [newKeys]);
    await client.query(UPSERT_METRICS); // creates the rows; every timed round then updates them
    const upserts: number[] = [];
    const inserts: number[] = [];
    const both: number[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      await client.query('BEGIN');
      const upsert = await timed(() => client.query(UPSERT_METRICS));
      const insert = await timed(() => client.query(INSERT_KEYS, [round * newKeys]));
      await client.query('COMMIT');
      upserts.push(upsert);
      inserts.push(insert);
      both.push(upsert + insert);
    }
    return { upsert: summarize(upserts), insertKeys: summarize(inserts), both: summarize(both) };
  } finally {
    await client.end();
  }
}
