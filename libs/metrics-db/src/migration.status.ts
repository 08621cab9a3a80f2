import type { DataSource } from 'typeorm';
import { MetricsDbError } from './pg/metrics-db.error';

/** What a person runs to bring a database's schema up to date. */
const MIGRATE_COMMAND = 'npx nx run metrics-db:migrate';

/** The migrations of this code that the database has not applied, in order (all of them on an empty one). */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  // Read, never created here: TypeORM's showMigrations() would create the migrations table.
  const [table] = (await dataSource.query(`SELECT to_regclass('migrations') IS NOT NULL AS present`)) as {
    present: boolean;
  }[];
  const applied = new Set<string>();
  if (table?.present) {
    const rows = (await dataSource.query('SELECT name FROM migrations')) as { name: string }[];
    for (const row of rows) applied.add(row.name);
  }
  return dataSource.migrations
    .map((migration) => migration.name ?? migration.constructor.name)
    .filter((name) => !applied.has(name));
}

/** Refuses to go on with a schema older than the code: one line saying what is missing and what to run. */
export async function assertMigrated(dataSource: DataSource): Promise<void> {
  const pending = await pendingMigrations(dataSource);
  if (pending.length === 0) return;
  const total = dataSource.migrations.length;
  throw new MetricsDbError(
    'schema_not_migrated',
    `The database is not migrated: ${pending.length} of ${total} migrations pending (${pending.join(', ')}). ` +
      `Run \`${MIGRATE_COMMAND}\` (npm start migrates by itself).`,
    false,
  );
}
