import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_DIR } from '../infra/local-paths';

const TOKEN_FILE = join(LOCAL_DIR, 'admin-token');

/** ADMIN_TOKEN from the environment, else the one kept in .local/admin-token (made on first use). */
export function ensureAdminToken(fromEnv: string | undefined): { token: string; file?: string } {
  if (fromEnv) return { token: fromEnv };
  if (existsSync(TOKEN_FILE)) return { token: readFileSync(TOKEN_FILE, 'utf8').trim(), file: TOKEN_FILE };
  mkdirSync(LOCAL_DIR, { recursive: true });
  const token = `adm_${randomBytes(24).toString('base64url')}`;
  writeFileSync(TOKEN_FILE, `${token}\n`, { mode: 0o600 });
  return { token, file: TOKEN_FILE };
}
