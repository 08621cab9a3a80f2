import { KafkaJSError } from 'kafkajs';
import { isRetriableError } from '@metrics-store/metrics-db';
import { findKafkaAccessFailure, KafkaAccessError } from '../kafka/kafka-access.error';

/**
 * The consumer's one answer to "may this error pass by itself (an outage) rather than repeat forever (a bug,
 * a broken schema, a wrong password)?", used by every retry and every fatal-or-not decision of the consumer.
 * The metrics library classifies its own and the driver's errors; Kafka errors, even after kafkajs ran out of
 * retries, count as outages: a supervisor could not do better than waiting. Except a password or certificate
 * the other side refused, found below kafkajs's wrappers: no wait fixes that. Anything else is a bug, which
 * ends the process with a fatal log line instead of a restart loop.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof KafkaAccessError || findKafkaAccessFailure(error)) return false;
  return error instanceof KafkaJSError || isRetriableError(error);
}
