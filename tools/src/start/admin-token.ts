import { ADMIN_TOKEN_MIN_LENGTH } from '@metrics-store/metrics-contract';
import { ADMIN_TOKEN_FILE } from '../admin/admin-connection';
import { ensureLocalSecret } from './local-secret';

/** ADMIN_TOKEN from the environment, else the one kept in `file` (.local/admin-token; made on first use). */
export function ensureAdminToken(
  fromEnv: string | undefined,
  file = ADMIN_TOKEN_FILE,
): { token: string; file?: string } {
  const { value, ...where } = ensureLocalSecret(
    { variable: 'ADMIN_TOKEN', file, minLength: ADMIN_TOKEN_MIN_LENGTH, prefix: 'adm_' },
    fromEnv,
  );
  return { token: value, ...where };
}
