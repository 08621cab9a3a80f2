import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { fromDayNumber, toDayNumber } from '@metrics-store/metrics-contract';
import { Client } from 'pg';
import { DISTINCT_KINDS } from '../domain/distinct-kinds.constants';

const METRIC_OF_KIND = new Map<number, string>(Object.values(DISTINCT_KINDS).map((d) => [d.kind, d.metric]));
const UPSERT_CHUNK = 200;

// Each day's keys as one bytea of 8-byte big-endian integers: far cheaper to read than a row or text per key.
const DAY_KEYS = `
  SELECT kind, date::text, string_agg(int8send(key), ''::bytea)
  FROM daily_distinct WHERE project_id = $1 GROUP BY kind, date`;

const UPSERT = `
  INSERT INTO distinct_sketches (project_id, metric_name, period, period_start, sketch)
  SELECT $1::uuid, m, p, s, k FROM unnest($2::text[], $3::text[], $4::date[], $5::bytea[]) AS r(m, p, s, k)
  ON CONFLICT (project_id, metric_name, period, period_start)
  DO UPDATE SET sketch = EXCLUDED.sketch, updated_at = now()`;

const mondayOf = (date: string) => {
  const day = toDayNumber(date);
  return fromDayNumber(day - ((day + 3) % 7)); // day 0, 1970-01-01, was a Thursday
};

function keysOf(bytes: Buffer): bigint[] {
  const keys: bigint[] = [];
  for (let offset = 0; offset < bytes.length; offset += 8) keys.push(bytes.readBigInt64BE(offset));
  return keys;
}

/**
 * Test and benchmark data: the day, ISO week and month sketches of every project (or one) built from its
 * per-day keys in daily_distinct and upserted into distinct_sketches, as the consumer's merger keeps them.
 * Returns the number of sketches written.
 */
export async function seedSketchesFromDailyKeys(databaseUrl: string, projectId?: string): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const projects = projectId
      ? [projectId.toLowerCase()]
      : (await client.query<{ p: string }>('SELECT DISTINCT project_id AS p FROM daily_distinct')).rows.map(
          (r) => r.p,
        );
    let written = 0;
    for (const project of projects) {
      const sketches = new Map<string, DistinctSketch>();
      const into = (key: string, day: DistinctSketch) => {
        const sketch = sketches.get(key);
        if (sketch) sketch.merge(day);
        else sketches.set(key, day.clone());
      };
      const rows = await client.query<{ kind: number; date: string; string_agg: Buffer }>(DAY_KEYS, [
        project,
      ]);
      for (const { kind, date, string_agg: bytes } of rows.rows) {
        const metric = METRIC_OF_KIND.get(kind) as string;
        const day = DistinctSketch.fromKeys(keysOf(bytes));
        sketches.set(`${metric}|day|${date}`, day);
        into(`${metric}|week|${mondayOf(date)}`, day);
        into(`${metric}|month|${date.slice(0, 8)}01`, day);
      }
      const entries = [...sketches];
      for (let i = 0; i < entries.length; i += UPSERT_CHUNK) {
        const chunk = entries.slice(i, i + UPSERT_CHUNK).map(([key, sketch]) => [...key.split('|'), sketch]);
        await client.query(UPSERT, [
          project,
          chunk.map((c) => c[0]),
          chunk.map((c) => c[1]),
          chunk.map((c) => c[2]),
          chunk.map((c) => Buffer.from((c[3] as DistinctSketch).encode())),
        ]);
      }
      written += entries.length;
    }
    return written;
  } finally {
    await client.end();
  }
}
