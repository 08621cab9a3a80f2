import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_DIR } from '../infra/local-paths';

/** Where `npm start` keeps the admin token it made (README.md). */
export const ADMIN_TOKEN_FILE = join(LOCAL_DIR, 'admin-token');

/** ADMIN_TOKEN, else the one `npm start` keeps in .local/admin-token; undefined when there is neither. */
export function findAdminToken(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ADMIN_TOKEN) return env.ADMIN_TOKEN;
  if (existsSync(ADMIN_TOKEN_FILE)) return readFileSync(ADMIN_TOKEN_FILE, 'utf8').trim() || undefined;
  return undefined;
}

export const NO_ADMIN_TOKEN =
  'No admin token: set ADMIN_TOKEN, or start the system with `npm start` (it keeps one in .local/admin-token).';

/** The API's base URL: the option, else METRICS_API_URL, else the API of `npm start` on this machine. */
export function metricsApiUrl(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = option || env.METRICS_API_URL || `http://127.0.0.1:${env.PORT || '3000'}`;
  return url.replace(/\/+$/, '');
}
