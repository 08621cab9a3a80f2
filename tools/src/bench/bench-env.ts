import { loadLocalEnvFiles } from '@metrics-store/runtime';

/** A positive integer from the environment, or `fallback` when unset. */
export function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

/**
 * The PostgreSQL server a benchmark makes its scratch databases on: DATABASE_URL, else from .env or
 * .local/infra.env as the apps read it (after `npm run infra:up`).
 */
export function benchDatabaseUrl(): string {
  loadLocalEnvFiles();
  const url = process.env.DATABASE_URL;
  if (!url)
    throw new Error(
      'DATABASE_URL is not set (nor in .env or .local/infra.env): run `npm run infra:up` first',
    );
  return url;
}
