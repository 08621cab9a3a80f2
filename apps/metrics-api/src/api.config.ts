import { z } from 'zod';
import { parseConfig } from '@metrics-store/runtime';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The metrics-api variables of the contract (section 5), plus the pool size. */
const apiConfigSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'is required (a postgres:// URL)' })
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // An empty value means "unset" so that `ADMIN_TOKEN=` in a .env file turns the admin routes off.
  ADMIN_TOKEN: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(16, 'must be at least 16 characters (or unset to turn the admin routes off)').optional(),
  ),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return parseConfig(apiConfigSchema, env);
}
