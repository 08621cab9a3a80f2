import { Client } from 'pg';
import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { createTestDatabase, runScript, type TestDatabase } from '@metrics-store/testing';
import { runMigrations } from '../migration.runner';
import { seedDayOfKeys } from '../testing/day-of-keys.seed';

const PROJECT = '6f1c2a7e-0000-4000-8000-0000000b16da';
const DATE = '2026-11-30';
const KEYS = 5_000_000;
// The heap cap of the consumer (apps/enriched-consumer/project.json, `serve`), where the merger runs.
const CONSUMER_HEAP_MB = 192;

/** The merge or the rebuild of every sketch, as a process of its own under the consumer's heap cap. */
async function sketchWork(work: 'merge' | 'rebuild', databaseUrl: string) {
  const run = await runScript('libs/metrics-db/src/testing/sketch-work.child.ts', [work, databaseUrl], {
    NODE_OPTIONS: `--max-old-space-size=${CONSUMER_HEAP_MB}`,
  });
  expect([run.status, run.stderr]).toEqual([0, '']);
  return JSON.parse(run.stdout) as { done: number; peakHeapMb: number };
}

describe('a day of 5,000,000 keys', () => {
  let database: TestDatabase;
  let client: Client;
  const daySketch = async () =>
    (
      await client.query<{ sketch: Buffer }>(
        `SELECT sketch FROM distinct_sketches WHERE project_id = $1 AND period = 'day' AND period_start = $2`,
        [PROJECT, DATE],
      )
    ).rows[0]?.sketch;
  /** The sketch of all the day's keys, read here a page at a time. */
  const expectedSketch = async () => {
    const sketch = DistinctSketch.empty();
    let after: string | null = null;
    for (;;) {
      const { rows }: { rows: { key: string }[] } = await client.query(
        `SELECT d.key::text AS key FROM daily_distinct d WHERE d.project_id = $1 AND d.date = $2 AND d.kind = 1
           AND ($3::bigint IS NULL OR d.key > $3::bigint) ORDER BY d.key LIMIT 500000`,
        [PROJECT, DATE, after],
      );
      for (const { key } of rows) sketch.add(BigInt(key));
      if (rows.length < 500_000) return Buffer.from(sketch.encode());
      after = rows[rows.length - 1].key;
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase('metrics_db_big_day');
    await runMigrations(database.url);
    client = new Client({ connectionString: database.url });
    await client.connect();
    await seedDayOfKeys(database.url, {
      projectId: PROJECT,
      date: DATE,
      keys: KEYS,
      metrics: ['unique_users'],
    });
  }, 300_000);
  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('is merged from flushes that added all of it, and rebuilt, with the heap under the consumer cap', async () => {
    // As if flushes had added every key since the last merge (a backlog after an outage): deltas of 50,000.
    await client.query(
      `INSERT INTO distinct_sketch_deltas (project_id, key_count, kinds, dates, key_counts, keys)
       SELECT $1, count(*), '{1}', ARRAY[$2::date], ARRAY[count(*)::int], string_agg(int8send(key), ''::bytea)
       FROM (SELECT key, (row_number() OVER (ORDER BY key) - 1) / 50000 AS piece
             FROM daily_distinct WHERE project_id = $1 AND date = $2 AND kind = 1) k
       GROUP BY piece ORDER BY piece`,
      [PROJECT, DATE],
    );
    const expected = await expectedSketch();

    const merged = await sketchWork('merge', database.url);
    expect(merged.done).toBe(KEYS);
    expect(merged.peakHeapMb).toBeLessThan(CONSUMER_HEAP_MB);
    expect(await daySketch()).toEqual(expected);

    await client.query('DELETE FROM distinct_sketches');
    const rebuilt = await sketchWork('rebuild', database.url);
    expect(rebuilt.done).toBe(1);
    expect(rebuilt.peakHeapMb).toBeLessThan(CONSUMER_HEAP_MB);
    expect(await daySketch()).toEqual(expected);
    // Its week and month hold it too.
    const { rows } = await client.query(
      `SELECT period, sketch = $2 AS same FROM distinct_sketches WHERE project_id = $1 ORDER BY period`,
      [PROJECT, expected],
    );
    expect(rows).toEqual([
      { period: 'day', same: true },
      { period: 'month', same: true },
      { period: 'week', same: true },
    ]);
  }, 300_000);
});
