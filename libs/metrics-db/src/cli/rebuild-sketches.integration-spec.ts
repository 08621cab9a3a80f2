import { Client } from 'pg';
import { createTestDatabase, readSketchTruth, runScript, type TestDatabase } from '@metrics-store/testing';
import { runMigrations } from '../migration.runner';
import {
  openTestStore,
  PROJECT_A,
  PROJECT_B,
  segmentOf,
  type TestStore,
} from '../testing/metrics-store.fixture';

/** The script behind metrics-db:rebuild-sketches, as a process. */
const runRebuild = (args: string[], databaseUrl: string) =>
  runScript('libs/metrics-db/src/cli/rebuild-sketches.main.ts', args, { DATABASE_URL: databaseUrl });

const visitors = (projectId: string, date: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    projectId,
    date,
    visitorKey: BigInt(i) * 104_729n,
    sessionKey: BigInt(i % 7),
  }));

describe('the rebuild-sketches script (npx nx run metrics-db:rebuild-sketches)', () => {
  let t: TestStore;
  let client: Client;
  const sketchRows = async () =>
    (
      await client.query(
        `SELECT project_id::text, period, period_start::text, xmin::text, sketch FROM distinct_sketches ORDER BY 1, 2, 3`,
      )
    ).rows;

  beforeAll(async () => {
    t = await openTestStore(2);
    client = new Client({ connectionString: t.database.url });
    await client.connect();
    await t.store.applyBatch({
      groupId: 'g',
      topic: 't',
      segments: [
        segmentOf(0, 0, [
          ...visitors(PROJECT_A, '2026-10-31', 1_500),
          ...visitors(PROJECT_A, '2026-11-01', 40),
          ...visitors(PROJECT_B, '2026-11-02', 60),
        ]),
      ],
    });
    // Sketches gone or wrong, deltas lost: what the rebuild is for.
    await client.query('TRUNCATE distinct_sketch_deltas');
    await client.query(
      `INSERT INTO distinct_sketches (project_id, metric_name, period, period_start, sketch)
       VALUES ($1, 'unique_users', 'week', '2026-01-05', '\\x118b7f'), ($2, 'sessions', 'month', '2026-11-01', '\\x118b7f'),
              ($1, 'sessions', 'day', '2026-10-30', '\\x118b7f')`,
      [PROJECT_A, PROJECT_B],
    );
  });
  afterAll(async () => {
    await client.end();
    await t.dispose();
  });

  it('rebuilds one project with --project, leaving the others alone', async () => {
    const run = await runRebuild(['--project', PROJECT_A.toUpperCase()], t.database.url);
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toMatch(
      new RegExp(`^rebuild-sketches: project ${PROJECT_A}, dates from \\d{4}-\\d{2}-\\d{2} on\n`),
    );
    // Two days with both metrics, then their week (two) and month for each metric; the empty week and day go.
    expect(run.stdout).toMatch(
      /rebuild-sketches: done: 4 days and 7 weeks and months, 12 sketches written in [\d.]+ s\n$/,
    );
    const a = await readSketchTruth(t.database.url, PROJECT_A);
    expect(a.stored).toEqual(a.expected);
    const b = await readSketchTruth(t.database.url, PROJECT_B);
    expect(b.stored).toEqual(new Map([[`${PROJECT_B} sessions month 2026-11-01`, '118b7f']]));
  });

  it('rebuilds every project, and a second run gives the same bytes without rewriting them', async () => {
    const first = await runRebuild([], t.database.url);
    expect([first.status, first.stderr]).toEqual([0, '']);
    const truth = await readSketchTruth(t.database.url);
    expect(truth.stored).toEqual(truth.expected);
    const before = await sketchRows();
    const second = await runRebuild([], t.database.url);
    expect([second.status, second.stderr]).toEqual([0, '']);
    expect(await sketchRows()).toEqual(before);
  });

  it('refuses a project that is not a UUID and unknown options with exit code 2 and one line', async () => {
    expect(await runRebuild(['--project', 'acme'], t.database.url)).toEqual({
      status: 2,
      stdout: '',
      stderr: 'metrics-db: --project takes a project id (a UUID), got "acme"\n',
    });
    expect(await runRebuild(['--everything'], t.database.url)).toEqual({
      status: 2,
      stdout: '',
      stderr: "metrics-db: Unknown option '--everything'; usage: rebuild-sketches [--project <id>]\n",
    });
  });

  it('says in one line that a database is not migrated', async () => {
    const empty: TestDatabase = await createTestDatabase('metrics_db_rebuild_unmigrated');
    try {
      const run = await runRebuild([], empty.url);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /^metrics-db: rebuild-sketches failed: The database is not migrated: .*Run `npx nx run metrics-db:migrate`.*\n$/,
      );
      await runMigrations(empty.url);
      expect((await runRebuild([], empty.url)).status).toBe(0);
    } finally {
      await empty.drop();
    }
  });
});
