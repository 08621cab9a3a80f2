import { KafkaJSError, KafkaJSProtocolError } from 'kafkajs';
import { isRetriableError } from '@metrics-store/metrics-db';
import { findKafkaAccessFailure, KafkaAccessError } from './kafka-access.error';

// The broker's answers that a produce request can never be taken as it is: sent again, the same bytes are
// refused again, so waiting for them would hold the partition for good.
const REFUSED_AS_SENT = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD']);
const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

/** The broker's protocol error below kafkajs's wrappers (`cause`), if it is one of `types`. */
function findProtocolError(error: unknown, types: ReadonlySet<string>): KafkaJSProtocolError | undefined {
  let current = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    if (current instanceof KafkaJSProtocolError && types.has(current.type)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The broker refused a produce request for its size: it has to be sent in smaller pieces. */
export const isRequestTooLarge = (error: unknown): boolean =>
  findProtocolError(error, TOO_LARGE) !== undefined;

/**
 * The consumer's one answer to "may this error pass by itself (an outage) rather than repeat forever (a bug,
 * a broken schema, a wrong password)?", used by every retry and every fatal-or-not decision of the consumer.
 * The metrics library classifies its own and the driver's errors; Kafka errors, even after kafkajs ran out of
 * retries, count as outages: a supervisor could not do better than waiting. Except a password or certificate
 * the other side refused, found below kafkajs's wrappers, and a request the broker refuses for what it holds:
 * no wait fixes those. Anything else is a bug, which ends the process with a fatal log line instead of a
 * restart loop.
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof KafkaAccessError || findKafkaAccessFailure(error)) return false;
  if (findProtocolError(error, REFUSED_AS_SENT)) return false;
  return error instanceof KafkaJSError || isRetriableError(error);
}
