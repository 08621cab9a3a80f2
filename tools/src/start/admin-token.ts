import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { ADMIN_TOKEN_FILE as TOKEN_FILE } from '../admin/admin-connection';
import { LOCAL_DIR } from '../infra/local-paths';

/** ADMIN_TOKEN from the environment, else the one kept in .local/admin-token (made on first use). */
export function ensureAdminToken(fromEnv: string | undefined): { token: string; file?: string } {
  if (fromEnv) return { token: fromEnv };
  if (existsSync(TOKEN_FILE)) return { token: readFileSync(TOKEN_FILE, 'utf8').trim(), file: TOKEN_FILE };
  mkdirSync(LOCAL_DIR, { recursive: true });
  const token = `adm_${randomBytes(24).toString('base64url')}`;
  writeFileSync(TOKEN_FILE, `${token}\n`, { mode: 0o600 });
  return { token, file: TOKEN_FILE };
}
