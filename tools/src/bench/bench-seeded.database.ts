import { runMigrations } from '@metrics-store/metrics-db';
import { createScratchDatabase } from '@metrics-store/testing';

export interface SeededDatabase {
  url: string;
  /** Drops the database, unless it was reused or `<envPrefix>_KEEP_DB=1` asks to keep it (its URL is printed). */
  release(): Promise<void>;
}

/**
 * The database of an API benchmark: a migrated and seeded scratch database on the PostgreSQL of DATABASE_URL,
 * or, with `<envPrefix>_REUSE_DB=<URL>`, one seeded before (seeding takes a while; a kept database serves
 * several runs while tuning).
 */
export async function openSeededDatabase(options: {
  envPrefix: string;
  namePrefix: string;
  seed: (url: string) => Promise<void>;
  say: (line: string) => void;
}): Promise<SeededDatabase> {
  const { envPrefix, say } = options;
  const reuseUrl = process.env[`${envPrefix}_REUSE_DB`];
  if (reuseUrl) {
    say(`Reusing the seeded database ${reuseUrl}`);
    return { url: reuseUrl, release: async () => say(`\nLeft the reused database in place: ${reuseUrl}`) };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('DATABASE_URL is not set (the PostgreSQL server to create a scratch database on)');
  const scratch = await createScratchDatabase(serverUrl, options.namePrefix);
  const release = async () => {
    if (process.env[`${envPrefix}_KEEP_DB`] === '1') say(`\nKept the scratch database: ${scratch.url}`);
    else await scratch.drop();
  };
  try {
    await runMigrations(scratch.url);
    await options.seed(scratch.url);
  } catch (error) {
    await release();
    throw error;
  }
  return { url: scratch.url, release };
}
