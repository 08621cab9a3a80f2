import { createTestDatabase, type TestDatabase } from '@metrics-store/testing';
import { Client } from 'pg';
import { revertLastMigration, runMigrations } from './migration.runner';

const ALL = [
  'CreateDailyMetrics1795600000000',
  'CreateOffsetsAndDistinctSets1795600000001',
  'CreateProjectSettingsAndApiKeys1795600000002',
  'LeaveRoomForHotUpdates1795600000003',
  'CreateDistinctSketches1795600000004',
  'IndexSketchMarksByAge1795600000005',
  'ReplaceSketchMarksWithDeltas1795600000006',
  'CreateVisitSessions1795600000007',
  'CreateVisitorStateRetention1795600000008',
  'StoreNewestRecordTime1795600000009',
  'CreateErasedApiKeys1795600000020',
];

describe('migrations', () => {
  let database: TestDatabase;
  let client: Client;
  const sql = async <T>(text: string, values: unknown[] = []): Promise<T[]> =>
    (await client.query(text, values)).rows as T[];
  const tables = () =>
    sql<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations' ORDER BY 1`,
    ).then((rows) => rows.map((r) => r.table_name));

  beforeAll(async () => {
    database = await createTestDatabase('metrics_db_migrations');
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('go up, all the way down, and up again on an empty database', async () => {
    expect(await runMigrations(database.url)).toEqual(ALL);
    expect(await tables()).toEqual([
      'api_keys',
      'consumer_offsets',
      'daily_distinct',
      'daily_metrics',
      'distinct_sketch_deltas',
      'distinct_sketches',
      'erased_api_keys',
      'project_settings',
      'visit_sessions',
      'visitor_state_retention',
    ]);
    expect(await runMigrations(database.url)).toEqual([]);

    for (const name of [...ALL].reverse()) expect(await revertLastMigration(database.url)).toBe(name);
    expect(await tables()).toEqual([]);
    expect(await revertLastMigration(database.url)).toBeNull();

    expect(await runMigrations(database.url)).toEqual(ALL);
  });

  it('make daily_metrics exactly as the contract says', async () => {
    const columns = await sql<{
      column_name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
    }>(
      `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'daily_metrics' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => [c.column_name, c.data_type, c.is_nullable])).toEqual([
      ['id', 'integer', 'NO'],
      ['project_id', 'uuid', 'NO'],
      ['date', 'date', 'NO'],
      ['metric_name', 'text', 'NO'],
      ['metric_value', 'bigint', 'NO'],
      ['created_at', 'timestamp with time zone', 'NO'],
      ['updated_at', 'timestamp with time zone', 'NO'],
    ]);
    // SERIAL is an integer column fed by its own sequence.
    expect(columns[0].column_default).toBe(`nextval('daily_metrics_id_seq'::regclass)`);

    const constraints = await sql<{ contype: string; definition: string }>(
      `SELECT contype, pg_get_constraintdef(oid) AS definition FROM pg_constraint
       WHERE conrelid = 'daily_metrics'::regclass ORDER BY contype`,
    );
    expect(constraints).toEqual([
      { contype: 'p', definition: 'PRIMARY KEY (id)' },
      { contype: 'u', definition: 'UNIQUE (project_id, date, metric_name)' },
    ]);

    const [index] = await sql<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'daily_metrics' AND indexname = 'idx_daily_metrics_project_date'`,
    );
    expect(index.indexdef).toBe(
      'CREATE INDEX idx_daily_metrics_project_date ON public.daily_metrics USING btree (project_id, date)',
    );
  });

  it('key the supporting tables as designed', async () => {
    const keys = await sql<{ table: string; definition: string }>(
      `SELECT conrelid::regclass::text AS table, pg_get_constraintdef(oid) AS definition FROM pg_constraint
       WHERE conrelid IN ('consumer_offsets'::regclass, 'daily_distinct'::regclass, 'project_settings'::regclass, 'api_keys'::regclass)
         AND contype IN ('p', 'u')
       ORDER BY 1, 2`,
    );
    expect(keys).toEqual([
      { table: 'api_keys', definition: 'PRIMARY KEY (id)' },
      { table: 'api_keys', definition: 'UNIQUE (key_hash)' },
      { table: 'consumer_offsets', definition: 'PRIMARY KEY (group_id, topic, partition)' },
      { table: 'daily_distinct', definition: 'PRIMARY KEY (project_id, date, kind, key)' },
      { table: 'project_settings', definition: 'PRIMARY KEY (project_id)' },
    ]);
    const [{ column_default: zoneDefault }] = await sql<{ column_default: string }>(
      `SELECT column_default FROM information_schema.columns WHERE table_name = 'project_settings' AND column_name = 'timezone'`,
    );
    expect(zoneDefault).toBe(`'UTC'::text`);
    const [{ reloptions }] = await sql<{ reloptions: string[] }>(
      `SELECT reloptions FROM pg_class WHERE relname = 'daily_metrics'`,
    );
    expect(reloptions).toEqual(['fillfactor=70']);
  });

  it('make distinct_sketches exactly as the contract says', async () => {
    const columns = await sql<{ column_name: string; data_type: string; is_nullable: string }>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'distinct_sketches' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => [c.column_name, c.data_type, c.is_nullable])).toEqual([
      ['project_id', 'uuid', 'NO'],
      ['metric_name', 'text', 'NO'],
      ['period', 'text', 'NO'],
      ['period_start', 'date', 'NO'],
      ['sketch', 'bytea', 'NO'],
      ['updated_at', 'timestamp with time zone', 'NO'],
    ]);
    const [primaryKey] = await sql<{ definition: string }>(
      `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
       WHERE conrelid = 'distinct_sketches'::regclass AND contype = 'p'`,
    );
    expect(primaryKey.definition).toBe('PRIMARY KEY (project_id, metric_name, period, period_start)');
  });

  const deltas = (project: string) =>
    sql<{
      key_count: number;
      kinds: number[];
      dates: string;
      key_counts: number[];
      first: string;
      last: string;
    }>(
      `SELECT key_count, kinds, dates::text, key_counts,
              (substring(keys FROM 1 FOR 8))::text AS first, (substring(keys FROM length(keys) - 7))::text AS last
       FROM distinct_sketch_deltas WHERE project_id = $1 ORDER BY id`,
      [project],
    );

  it('give every day counted before the sketches existed its keys to merge, so that its sketches are built', async () => {
    const sketchMigrations = ALL.slice(ALL.indexOf('CreateDistinctSketches1795600000004'));
    for (const name of [...sketchMigrations].reverse())
      expect(await revertLastMigration(database.url)).toBe(name);
    const project = '6f1c2a7e-0000-4000-8000-0000000000aa';
    await sql(
      `INSERT INTO daily_distinct (project_id, date, kind, key)
       VALUES ($1, '2026-03-01', 1, 11), ($1, '2026-03-01', 1, 12), ($1, '2026-03-01', 2, 13), ($1, '2026-03-02', 1, 14)`,
      [project],
    );
    expect(await runMigrations(database.url)).toEqual(sketchMigrations);
    expect(await deltas(project)).toEqual([
      {
        key_count: 2,
        kinds: [1],
        dates: '{2026-03-01}',
        key_counts: [2],
        first: '\\x000000000000000b',
        last: '\\x000000000000000c',
      },
      {
        key_count: 1,
        kinds: [1],
        dates: '{2026-03-02}',
        key_counts: [1],
        first: '\\x000000000000000e',
        last: '\\x000000000000000e',
      },
      {
        key_count: 1,
        kinds: [2],
        dates: '{2026-03-01}',
        key_counts: [1],
        first: '\\x000000000000000d',
        last: '\\x000000000000000d',
      },
    ]);
    await sql(`DELETE FROM daily_distinct WHERE project_id = $1`, [project]);
    await sql(`DELETE FROM distinct_sketch_deltas WHERE project_id = $1`, [project]);
  });

  const afterDeltas = ALL.slice(ALL.indexOf('ReplaceSketchMarksWithDeltas1795600000006'));
  const revertDeltas = async () => {
    for (const name of [...afterDeltas].reverse()) expect(await revertLastMigration(database.url)).toBe(name);
  };

  it('turn waiting marks into the keys of their days, in bounded pieces, and back into day marks', async () => {
    await revertDeltas();
    const project = '6f1c2a7e-0000-4000-8000-0000000000ab';
    // A big marked day (120,000 keys), a marked week (Monday 2026-03-09) with keys on two of its days, and a
    // day with keys but no mark, whose sketch is up to date.
    await sql(
      `INSERT INTO daily_distinct (project_id, date, kind, key)
       SELECT $1, '2026-03-02', 1, n FROM generate_series(1, 120000) AS n
       UNION ALL VALUES ($1::uuid, '2026-03-10'::date, 2::smallint, -5::bigint), ($1, '2026-03-15', 2, 7),
                        ($1, '2026-03-20', 2, 9)`,
      [project],
    );
    await sql(
      `INSERT INTO distinct_sketch_marks (project_id, metric_name, period, period_start)
       VALUES ($1, 'unique_users', 'day', '2026-03-02'), ($1, 'sessions', 'week', '2026-03-09')`,
      [project],
    );
    expect(await runMigrations(database.url)).toEqual(afterDeltas);
    expect(await deltas(project)).toEqual([
      {
        key_count: 50_000,
        kinds: [1],
        dates: '{2026-03-02}',
        key_counts: [50_000],
        first: '\\x0000000000000001',
        last: '\\x000000000000c350',
      },
      {
        key_count: 50_000,
        kinds: [1],
        dates: '{2026-03-02}',
        key_counts: [50_000],
        first: '\\x000000000000c351',
        last: '\\x00000000000186a0',
      },
      {
        key_count: 20_000,
        kinds: [1],
        dates: '{2026-03-02}',
        key_counts: [20_000],
        first: '\\x00000000000186a1',
        last: '\\x000000000001d4c0',
      },
      {
        key_count: 1,
        kinds: [2],
        dates: '{2026-03-10}',
        key_counts: [1],
        first: '\\xfffffffffffffffb',
        last: '\\xfffffffffffffffb',
      },
      {
        key_count: 1,
        kinds: [2],
        dates: '{2026-03-15}',
        key_counts: [1],
        first: '\\x0000000000000007',
        last: '\\x0000000000000007',
      },
    ]);

    // Down: the days of the keys still waiting become day marks again.
    await revertDeltas();
    expect(
      await sql(
        `SELECT metric_name, period, period_start::text FROM distinct_sketch_marks WHERE project_id = $1 ORDER BY 1, 3`,
        [project],
      ),
    ).toEqual([
      { metric_name: 'sessions', period: 'day', period_start: '2026-03-10' },
      { metric_name: 'sessions', period: 'day', period_start: '2026-03-15' },
      { metric_name: 'unique_users', period: 'day', period_start: '2026-03-02' },
    ]);
    await sql(`DELETE FROM daily_distinct WHERE project_id = $1`, [project]);
    await sql(`DELETE FROM distinct_sketch_marks WHERE project_id = $1`, [project]);
    expect(await runMigrations(database.url)).toEqual(afterDeltas);
  });
});
