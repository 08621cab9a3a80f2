import { ConfigError } from '@metrics-store/runtime';
import { loadConsumerConfig } from './consumer.config';

describe('loadConsumerConfig', () => {
  it('applies the contract defaults', () => {
    expect(loadConsumerConfig({ DATABASE_URL: 'postgres://h/db' })).toEqual({
      DATABASE_URL: 'postgres://h/db',
      LOG_LEVEL: 'info',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_CLIENT_ID: 'enriched-consumer',
      KAFKA_GROUP_ID: 'metrics-enriched-consumer',
      KAFKA_TOPIC: 'events.enriched',
      KAFKA_DLQ_TOPIC: 'events.enriched.dlq',
      MAX_EVENT_AGE_DAYS: 400,
      MAX_EVENT_BYTES: 65_536,
      CONSUMER_HTTP_PORT: 9464,
      BATCH_MAX_EVENTS: 30_000,
      FLUSH_INTERVAL_MS: 250,
      DB_POOL_SIZE: 8,
      KAFKA_PARTITIONS_CONCURRENTLY: 8,
      KAFKA_SESSION_TIMEOUT_MS: 30_000,
    });
  });

  it('splits the broker list', () => {
    expect(
      loadConsumerConfig({ DATABASE_URL: 'postgres://h/db', KAFKA_BROKERS: 'a:1, b:2' }).KAFKA_BROKERS,
    ).toEqual(['a:1', 'b:2']);
  });

  it('names every bad variable in one error', () => {
    let caught: unknown;
    try {
      loadConsumerConfig({
        KAFKA_BROKERS: 'nohost',
        MAX_EVENT_BYTES: '-1',
        CONSUMER_HTTP_PORT: 'x',
        LOG_LEVEL: 'loud',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    for (const name of [
      'DATABASE_URL',
      'KAFKA_BROKERS',
      'MAX_EVENT_BYTES',
      'CONSUMER_HTTP_PORT',
      'LOG_LEVEL',
    ]) {
      expect(message).toContain(name);
    }
  });
});
