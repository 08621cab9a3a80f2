import { createMetricsDataSource } from './data-source';
import { toMetricsDbError } from './pg/metrics-db.error';
import type { DataSource } from 'typeorm';

// Any constant works; it only has to be the same for every process migrating this database.
export const MIGRATION_LOCK_KEY = 7_305_114_021;

/** Serialises migrating processes (two apps starting at once) with a session advisory lock. */
async function withMigrationLock<T>(
  databaseUrl: string,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = createMetricsDataSource({
    databaseUrl,
    poolSize: 2,
    applicationName: 'metrics-db-migrations',
  });
  try {
    await dataSource.initialize();
    const lock = dataSource.createQueryRunner();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      try {
        return await work(dataSource);
      } finally {
        await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    } finally {
      await lock.release();
    }
  } catch (err) {
    throw toMetricsDbError(err);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

/** Applies the pending migrations, each in its own transaction; returns the names applied (empty when none). */
export function runMigrations(databaseUrl: string): Promise<string[]> {
  return withMigrationLock(databaseUrl, async (dataSource) => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  });
}

/** Reverts the most recent migration; returns its name, or null when none was applied. */
export function revertLastMigration(databaseUrl: string): Promise<string | null> {
  return withMigrationLock(databaseUrl, async (dataSource) => {
    const [table] = (await dataSource.query(`SELECT to_regclass('migrations') IS NOT NULL AS present`)) as {
      present: boolean;
    }[];
    if (!table?.present) return null;
    const [last] = (await dataSource.query('SELECT name FROM migrations ORDER BY id DESC LIMIT 1')) as {
      name: string;
    }[];
    if (!last) return null;
    await dataSource.undoLastMigration({ transaction: 'each' });
    return last.name;
  });
}
