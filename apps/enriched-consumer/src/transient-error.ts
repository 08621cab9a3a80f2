import { MetricsDbError } from '@metrics-store/metrics-db';

/**
 * Whether an error may pass by itself (an outage) rather than repeat forever (a bug, a broken schema).
 * The metrics library says so for its own errors; Kafka errors, even after kafkajs ran out of retries,
 * count as outages: the supervisor could not do better than waiting either.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof MetricsDbError) return error.retriable;
  return true;
}
