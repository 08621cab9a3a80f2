import { KafkaJSError } from 'kafkajs';
import { isRetriableError, MetricsDbError } from '@metrics-store/metrics-db';

/**
 * Whether an error may pass by itself (an outage) rather than repeat forever (a bug, a broken schema).
 * The metrics library says so for its own errors and classifies raw driver errors; Kafka errors, even
 * after kafkajs ran out of retries, count as outages: a supervisor could not do better than waiting.
 * Anything else is a bug, which ends the process with a fatal log line instead of a restart loop.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof MetricsDbError) return error.retriable;
  if (error instanceof KafkaJSError) return true;
  return isRetriableError(error);
}
