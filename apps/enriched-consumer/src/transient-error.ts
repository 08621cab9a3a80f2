import { KafkaJSError } from 'kafkajs';
import { isRetriableError, MetricsDbError } from '@metrics-store/metrics-db';
import { findKafkaAccessFailure, KafkaAccessError } from './kafka-access.error';

/**
 * Whether an error may pass by itself (an outage) rather than repeat forever (a bug, a broken schema, a wrong
 * password). The metrics library says so for its own errors and classifies raw driver errors; Kafka errors,
 * even after kafkajs ran out of retries, count as outages: a supervisor could not do better than waiting.
 * Except a password or certificate the other side refused, found below kafkajs's wrappers: no wait fixes that.
 * Anything else is a bug, which ends the process with a fatal log line instead of a restart loop.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof MetricsDbError) return error.retriable;
  if (error instanceof KafkaAccessError || findKafkaAccessFailure(error)) return false;
  if (error instanceof KafkaJSError) return true;
  return isRetriableError(error);
}
