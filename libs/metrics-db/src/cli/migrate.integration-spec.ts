import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@metrics-store/testing';
import { MIGRATION_LOCK_KEY } from '../migration.runner';

const REPO_ROOT = join(__dirname, '../../../..');
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

/** The script behind metrics-db:migrate and :migrate-revert, as a process; resolves when it ends. */
function runMigrate(direction: string, databaseUrl: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'libs/metrics-db/src/cli/migrate.main.ts', direction],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json'),
      },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (status) => resolve({ status, stdout, stderr })),
  );
  return { child, done };
}

describe('the migrate script (npx nx run metrics-db:migrate / :migrate-revert)', () => {
  let database: TestDatabase;
  let client: Client;
  const applied = async () => {
    const [{ present }] = (await client.query(`SELECT to_regclass('migrations') IS NOT NULL AS present`))
      .rows;
    if (!present) return [];
    return (await client.query('SELECT name FROM migrations ORDER BY id')).rows.map(
      (row) => row.name as string,
    );
  };

  beforeAll(async () => {
    database = await createTestDatabase('metrics_db_migrate_cli');
    client = new Client({ connectionString: database.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  it('waits for the migration lock, then applies every migration, and is idempotent', async () => {
    // Another process migrating: the script must wait for it instead of migrating beside it.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const run = runMigrate('up', database.url);
    const waiting = async () =>
      (
        await client.query(
          `SELECT count(*)::int AS n FROM pg_locks
           WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
          [database.name],
        )
      ).rows[0].n as number;
    const deadline = Date.now() + 20_000;
    while ((await waiting()) === 0) {
      if (Date.now() > deadline) throw new Error('the script never asked for the migration lock');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await applied()).toEqual([]);
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);

    const first = await run.done;
    expect([first.status, first.stderr]).toEqual([0, '']);
    expect(first.stdout).toBe(`Migrations: applied ${ALL.join(', ')}\n`);
    expect(await applied()).toEqual(ALL);

    const again = await runMigrate('up', database.url).done;
    expect([again.status, again.stdout]).toEqual([0, 'Migrations: up to date\n']);
    expect(await applied()).toEqual(ALL);
  });

  it('reverts the last migration with down', async () => {
    const reverted = await runMigrate('down', database.url).done;
    expect([reverted.status, reverted.stdout]).toEqual([0, `Migrations: reverted ${ALL.at(-1)}\n`]);
    expect(await applied()).toEqual(ALL.slice(0, -1));
    expect((await runMigrate('up', database.url).done).stdout).toBe(`Migrations: applied ${ALL.at(-1)}\n`);
  });

  it('refuses an unknown direction, and a database it cannot use, with one line each', async () => {
    const wrong = await runMigrate('sideways', database.url).done;
    expect([wrong.status, wrong.stderr]).toEqual([
      2,
      'metrics-db: expected "up" or "down", got "sideways"\n',
    ]);
    const url = new URL(database.url);
    url.pathname = '/no_such_database_here';
    const missing = await runMigrate('up', url.toString()).done;
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^metrics-db: migration failed: .*no_such_database_here.*\n$/);
  });

  it('is what the Nx targets run; migration-generate stays with the TypeORM CLI', () => {
    const project = JSON.parse(readFileSync(join(REPO_ROOT, 'libs/metrics-db/project.json'), 'utf8')) as {
      targets: Record<string, { options: { command: string } }>;
    };
    expect(project.targets['migrate'].options.command).toBe(
      'node --import tsx libs/metrics-db/src/cli/migrate.main.ts up',
    );
    expect(project.targets['migrate-revert'].options.command).toBe(
      'node --import tsx libs/metrics-db/src/cli/migrate.main.ts down',
    );
    expect(project.targets['migration-generate'].options.command).toMatch(
      /^typeorm-ts-node-commonjs migration:generate /,
    );
  });
});
