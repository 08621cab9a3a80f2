import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { errorCodes } from 'kafkajs/src/protocol/error';
import { MetricsDbError } from '@metrics-store/metrics-db';
import { KafkaAccessError } from './kafka-access.error';
import { isRequestTooLarge, isTransientError } from './transient-error';

describe('isTransientError', () => {
  it('waits out outages: retriable database errors, connection loss, and Kafka errors even after retries', () => {
    expect(isTransientError(new MetricsDbError('connection_error', 'down', true))).toBe(true);
    expect(
      isTransientError(
        Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(isTransientError(new KafkaJSConnectionError('Connection error'))).toBe(true);
    expect(
      isTransientError(
        new KafkaJSNumberOfRetriesExceeded(new Error('broker down'), { retryCount: 5, retryTime: 1 }),
      ),
    ).toBe(true);
  });

  it('treats non-retriable database errors and plain bugs as fatal', () => {
    expect(isTransientError(new MetricsDbError('invalid_batch', 'bad', false))).toBe(false);
    expect(isTransientError(new TypeError('undefined is not a function'))).toBe(false);
  });

  it('treats a refused password or certificate as fatal, as kafkajs hands them on, while a broker not up yet is waited for', () => {
    const refused = new (KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error)(
      'SASL PLAIN authentication failed',
    );
    // As the start-up wait and restartOnFailure see them: kafkajs's retrier wraps what it gives up on.
    expect(isTransientError(refused)).toBe(false);
    const NonRetriableError = KafkaJSNonRetriableError as unknown as new (
      error: Error,
      options: { cause: Error },
    ) => Error;
    expect(isTransientError(new NonRetriableError(refused, { cause: refused }))).toBe(false);
    const untrusted = new KafkaJSConnectionError('Connection error: self-signed certificate', {
      broker: 'b:9093',
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(
      isTransientError(new KafkaJSNumberOfRetriesExceeded(untrusted, { retryCount: 8, retryTime: 1 })),
    ).toBe(false);
    expect(isTransientError(new KafkaAccessError('Kafka TLS failed', 'certificate'))).toBe(false);
    const notUp = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED', {
      broker: 'b:9093',
      code: 'ECONNREFUSED',
    });
    expect(isTransientError(new KafkaJSNumberOfRetriesExceeded(notUp, { retryCount: 8, retryTime: 1 }))).toBe(
      true,
    );
  });

  it('never waits for a request the broker refuses for what it holds, and says when it is its size', () => {
    const NonRetriableError = KafkaJSNonRetriableError as unknown as new (
      error: Error,
      options: { cause: Error },
    ) => Error;
    const protocolError = (type: string) => {
      const error = new (KafkaJSProtocolError as unknown as new (e: unknown) => Error)(
        errorCodes.find((code) => code.type === type),
      );
      // As producer.send hands it on: kafkajs's retrier wraps what it does not retry.
      return new NonRetriableError(error, { cause: error });
    };
    for (const type of ['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']) {
      expect([isTransientError(protocolError(type)), isRequestTooLarge(protocolError(type))]).toEqual([
        false,
        true,
      ]);
    }
    expect([
      isTransientError(protocolError('INVALID_RECORD')),
      isRequestTooLarge(protocolError('INVALID_RECORD')),
    ]).toEqual([false, false]);
    // A leader moving is an outage, however kafkajs wraps it.
    const moved = protocolError('NOT_LEADER_FOR_PARTITION');
    expect([isTransientError(moved), isRequestTooLarge(moved)]).toEqual([true, false]);
  });
});
