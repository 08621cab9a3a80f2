import { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } from 'kafkajs';
import { MetricsDbError } from '@metrics-store/metrics-db';
import { isTransientError } from './transient-error';

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
});
