import { z } from 'zod';
import { LOG_FORMATS, LOG_LEVELS } from '@metrics-store/metrics-contract';
import { parseConfig } from '@metrics-store/runtime';

/** The metrics-api variables of the contract (section 5), plus the pool size and the read tuning. */
const apiConfigSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'is required (a postgres:// URL)' })
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS).default('json'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // An empty value means "unset" so that `ADMIN_TOKEN=` in a .env file turns the admin routes off.
  ADMIN_TOKEN: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.string().min(16, 'must be at least 16 characters (or unset to turn the admin routes off)').optional(),
  ),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // Identical metrics reads share one answer this long. The contract wants an event visible within 1 s of being
  // produced and the consumer takes up to ~0.2 s: 250 ms is the most that leaves a wide margin. 0 turns it off.
  READ_CACHE_MS: z.coerce.number().int().min(0).max(250, 'must be at most 250 (freshness)').default(200),
  // Exact distinct counts (unique_users, sessions) running at once; more wait their turn (see the store).
  DISTINCT_READ_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(2),
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return parseConfig(apiConfigSchema, env);
}
