import { z } from 'zod';
import { UsageError } from '@metrics-store/runtime';
import { DEFAULT_MAX_EVENT_AGE_DAYS, defaultKeyRetentionDays } from '@metrics-store/metrics-contract';

const positiveInt = z.coerce.number().int().positive();

/**
 * DISTINCT_KEY_RETENTION_DAYS as the consumers read it (default MAX_EVENT_AGE_DAYS + 1), from the environment
 * (cliDatabaseUrl loads the env files first): the rebuild leaves the sketches of older dates as they are.
 */
export function cliKeyRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = z
    .object({
      MAX_EVENT_AGE_DAYS: positiveInt.default(DEFAULT_MAX_EVENT_AGE_DAYS),
      DISTINCT_KEY_RETENTION_DAYS: positiveInt.optional(),
    })
    .safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new UsageError(`${names}: expected a positive whole number of days`);
  }
  const { MAX_EVENT_AGE_DAYS, DISTINCT_KEY_RETENTION_DAYS } = parsed.data;
  return DISTINCT_KEY_RETENTION_DAYS ?? defaultKeyRetentionDays(MAX_EVENT_AGE_DAYS);
}
