import { loadLocalEnvFiles, UsageError } from '@metrics-store/runtime';

/**
 * The database of the migration commands: DATABASE_URL, else from .env or .local/infra.env (local runs).
 * Only these commands read the environment here; the library itself takes its URL from its callers.
 */
export function cliDatabaseUrl(): string {
  loadLocalEnvFiles();
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new UsageError('DATABASE_URL is not set (nor in .env or .local/infra.env): no database to migrate');
  }
  return databaseUrl;
}
