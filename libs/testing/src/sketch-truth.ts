import { Client } from 'pg';
import { DistinctSketch } from '@metrics-store/distinct-sketch';

/** `project metric period period_start` -> sketch bytes as hex. */
export type SketchRows = Map<string, string>;

export interface SketchTruth {
  /** What distinct_sketches must hold: every day, ISO week and month sketch built from daily_distinct. */
  expected: SketchRows;
  /** What distinct_sketches holds. */
  stored: SketchRows;
  /** Keys of flushes still waiting to be merged (distinct_sketch_deltas rows). */
  pendingDeltas: number;
}

// The periods are computed by PostgreSQL, apart from the merger's own date arithmetic.
const KEYS_BY_PERIOD = `
  SELECT d.project_id::text AS project_id,
         CASE d.kind WHEN 1 THEN 'unique_users' ELSE 'sessions' END AS metric_name,
         p.period,
         (CASE p.period WHEN 'day' THEN d.date::timestamp ELSE date_trunc(p.period, d.date::timestamp) END)::date::text
           AS period_start,
         array_agg(d.key::text) AS keys
  FROM daily_distinct d CROSS JOIN (VALUES ('day'), ('week'), ('month')) AS p(period)
  WHERE $1::uuid IS NULL OR d.project_id = $1::uuid
  GROUP BY 1, 2, 3, 4`;

const STORED = `
  SELECT project_id::text AS project_id, metric_name, period, period_start::text AS period_start, sketch
  FROM distinct_sketches WHERE $1::uuid IS NULL OR project_id = $1::uuid`;

const rowKey = (row: { project_id: string; metric_name: string; period: string; period_start: string }) =>
  `${row.project_id} ${row.metric_name} ${row.period} ${row.period_start}`;

/** Reads what the sketches of a database (or of one of its projects) are and what they must be. */
export async function readSketchTruth(
  databaseUrl: string,
  projectId: string | null = null,
): Promise<SketchTruth> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const expected: SketchRows = new Map();
    for (const row of (await client.query(KEYS_BY_PERIOD, [projectId])).rows) {
      const keys = (row.keys as string[]).map((key) => BigInt(key));
      expected.set(rowKey(row), Buffer.from(DistinctSketch.fromKeys(keys).encode()).toString('hex'));
    }
    const stored: SketchRows = new Map();
    for (const row of (await client.query(STORED, [projectId])).rows) {
      stored.set(rowKey(row), (row.sketch as Buffer).toString('hex'));
    }
    const deltas = await client.query(
      `SELECT count(*)::int AS n FROM distinct_sketch_deltas WHERE $1::uuid IS NULL OR project_id = $1::uuid`,
      [projectId],
    );
    return { expected, stored, pendingDeltas: deltas.rows[0].n as number };
  } finally {
    await client.end();
  }
}
