import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ADMIN_TOKEN_MIN_LENGTH } from '@metrics-store/metrics-contract';
import { ADMIN_TOKEN_FILE } from '../admin/admin-connection';

// 24 random bytes: 32 characters of base64url after the prefix, 36 in all, above the API's minimum.
const TOKEN_BYTES = 24;

/**
 * ADMIN_TOKEN from the environment, else the one kept in `file` (.local/admin-token; made on first use). A
 * token shorter than the API takes is refused here, with what to do, rather than by the API after start-up.
 */
export function ensureAdminToken(
  fromEnv: string | undefined,
  file = ADMIN_TOKEN_FILE,
): { token: string; file?: string } {
  const checked = (token: string, where: string) => {
    if (token.length < ADMIN_TOKEN_MIN_LENGTH) {
      throw new Error(
        `The admin token of ${where} has ${token.length} characters; the API takes ${ADMIN_TOKEN_MIN_LENGTH} or more. ` +
          `Set a longer ADMIN_TOKEN, or unset it and delete ${file}: npm start then makes one.`,
      );
    }
    return token;
  };
  if (fromEnv) return { token: checked(fromEnv, 'ADMIN_TOKEN') };
  if (existsSync(file)) return { token: checked(readFileSync(file, 'utf8').trim(), file), file };
  mkdirSync(dirname(file), { recursive: true });
  const token = `adm_${randomBytes(TOKEN_BYTES).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, file };
}
