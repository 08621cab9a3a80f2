import { z } from 'zod';
import { ADMIN_TOKEN_MIN_LENGTH, LOG_FORMATS, LOG_LEVELS } from '@metrics-store/metrics-contract';
import { parseConfig } from '@metrics-store/runtime';

/** The metrics-api variables of the contract (section 5), plus the pool, admission and read tuning. */
const apiConfigFields = z.object({
  DATABASE_URL: z
    .string({ error: 'is required (a postgres:// URL)' })
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS).default('json'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // /healthz, /readyz and /metrics for the operators' network; PORT serves the first two, never /metrics.
  API_OPS_PORT: z.coerce.number().int().min(0).max(65535).default(9465),
  // An empty value means "unset" so that `ADMIN_TOKEN=` in a .env file turns the admin routes off.
  ADMIN_TOKEN: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z
      .string()
      .min(
        ADMIN_TOKEN_MIN_LENGTH,
        `must be at least ${ADMIN_TOKEN_MIN_LENGTH} characters (or unset to turn the admin routes off)`,
      )
      .optional(),
  ),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // How long a statement waits for a pooled connection, or a new connection to open, before the request is
  // answered 503: a database that does not answer must not hold requests (or /readyz) for long.
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
  // The server's statement_timeout on the API's connections: a statement over it is answered 503.
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  // Identical metrics reads share one answer this long. The contract wants an event visible within 1 s of being
  // produced and the consumer takes up to ~0.2 s: 250 ms is the most that leaves a wide margin. 0 turns it off.
  READ_CACHE_MS: z.coerce.number().int().min(0).max(250, 'must be at most 250 (freshness)').default(200),
  // Database reads running at once (admission/read.scheduler.ts). A metrics read may hold two pooled
  // connections (summed and distinct counts side by side): the default leaves room in the default pool.
  READ_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(4),
  // Reads one project may run at once: the rest of READ_CONCURRENCY stays free for the other projects, since
  // a slot held by a slow read cannot be taken back. 1 keeps a flooding project to one core of the database.
  READ_CONCURRENCY_PER_PROJECT: z.coerce.number().int().min(1).max(200).default(1),
  // Reads one project may have waiting; one more is answered 429 rate_limited.
  READ_QUEUE_PER_PROJECT: z.coerce.number().int().min(0).max(10_000).default(50),
  // How long a read may wait for its turn before it is answered 503 unavailable.
  READ_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  // How often API keys created or revoked through other processes are read (revocations count within 5 s).
  KEY_REFRESH_MS: z.coerce.number().int().min(100).max(2_000).default(1_000),
});

const apiConfigSchema = apiConfigFields.superRefine((config, ctx) => {
  if (config.API_OPS_PORT !== 0 && config.API_OPS_PORT === config.PORT) {
    ctx.addIssue({ code: 'custom', path: ['API_OPS_PORT'], message: 'must differ from PORT' });
  }
  if (config.READ_CONCURRENCY > config.DB_POOL_SIZE) {
    ctx.addIssue({
      code: 'custom',
      path: ['READ_CONCURRENCY'],
      message: `must be at most DB_POOL_SIZE (${config.DB_POOL_SIZE})`,
    });
  }
  if (config.READ_CONCURRENCY_PER_PROJECT > config.READ_CONCURRENCY) {
    ctx.addIssue({
      code: 'custom',
      path: ['READ_CONCURRENCY_PER_PROJECT'],
      message: `must be at most READ_CONCURRENCY (${config.READ_CONCURRENCY})`,
    });
  }
});

export type ApiConfig = z.infer<typeof apiConfigSchema>;

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return parseConfig(apiConfigSchema, env);
}
