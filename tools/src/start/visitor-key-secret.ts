import { join } from 'node:path';
import { VISITOR_KEY_SECRET_MIN_LENGTH } from '@metrics-store/metrics-contract';
import { LOCAL_DIR } from '../infra/local-paths';
import { ensureLocalSecret } from './local-secret';

/** Where local runs keep the secret of the visitor keys once made. */
export const VISITOR_KEY_SECRET_FILE = join(LOCAL_DIR, 'visitor-key-secret');

/**
 * VISITOR_KEY_SECRET from the environment, else the one kept in .local/visitor-key-secret (made on first use
 * and reused: a new secret makes every visitor and session new, docs/events.md).
 */
export function ensureVisitorKeySecret(fromEnv: string | undefined, file = VISITOR_KEY_SECRET_FILE): string {
  return ensureLocalSecret(
    { variable: 'VISITOR_KEY_SECRET', file, minLength: VISITOR_KEY_SECRET_MIN_LENGTH, prefix: 'vks_' },
    fromEnv,
  ).value;
}
