import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@metrics-store/runtime';
import { loadConsumerConfig } from './consumer.config';

/** What every valid environment has. */
const BASE = { DATABASE_URL: 'postgres://h/db', VISITOR_KEY_SECRET: 's'.repeat(32) };

/** The message of the ConfigError that `env` gives (and fails the test if it gives none). */
function configProblems(env: NodeJS.ProcessEnv): string {
  try {
    loadConsumerConfig({ ...BASE, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConsumerConfig', () => {
  it('applies the contract defaults', () => {
    expect(loadConsumerConfig({ ...BASE })).toEqual({
      DATABASE_URL: 'postgres://h/db',
      VISITOR_KEY_SECRET: 's'.repeat(32),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      KAFKA_BROKERS: ['127.0.0.1:9092'],
      KAFKA_CLIENT_ID: 'enriched-consumer',
      KAFKA_GROUP_ID: 'metrics-enriched-consumer',
      KAFKA_TOPIC: 'events.enriched',
      KAFKA_DLQ_TOPIC: 'events.enriched.dlq',
      MAX_EVENT_AGE_DAYS: 400,
      DISTINCT_KEY_RETENTION_DAYS: 401,
      DEDUPE_WINDOW_MINUTES: 10,
      MAX_EVENT_BYTES: 65_536,
      MAX_TYPES_PER_DAY: 1_000,
      CONSUMER_HTTP_PORT: 9464,
      KAFKA_SSL: false,
      BATCH_MAX_EVENTS: 30_000,
      FLUSH_INTERVAL_MS: 250,
      DB_POOL_SIZE: 8,
      KAFKA_PARTITIONS_CONCURRENTLY: 8,
      KAFKA_SESSION_TIMEOUT_MS: 30_000,
      SKETCH_MERGE_INTERVAL_MS: 2_000,
    });
  });

  it('refuses to start without a visitor key secret of 32 characters or more, in one clear line', () => {
    expect(configProblems({ VISITOR_KEY_SECRET: undefined })).toContain(
      'VISITOR_KEY_SECRET: is required: at least 32 characters (npm start makes one in .local/visitor-key-secret)',
    );
    expect(configProblems({ VISITOR_KEY_SECRET: 's'.repeat(31) })).toContain(
      'VISITOR_KEY_SECRET: must be at least 32 characters',
    );
  });

  it('keeps per-visitor state one day longer than events may be old, unless told otherwise', () => {
    const config = (env: NodeJS.ProcessEnv) => loadConsumerConfig({ ...BASE, ...env });
    expect(config({ MAX_EVENT_AGE_DAYS: '30' }).DISTINCT_KEY_RETENTION_DAYS).toBe(31);
    expect(
      config({ MAX_EVENT_AGE_DAYS: '30', DISTINCT_KEY_RETENTION_DAYS: '7' }).DISTINCT_KEY_RETENTION_DAYS,
    ).toBe(7);
    expect(configProblems({ DISTINCT_KEY_RETENTION_DAYS: '0' })).toContain('DISTINCT_KEY_RETENTION_DAYS');
  });

  it('takes LOG_FORMAT=pretty', () => {
    expect(loadConsumerConfig({ ...BASE, LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
  });

  it('splits the broker list', () => {
    expect(loadConsumerConfig({ ...BASE, KAFKA_BROKERS: 'a:1, b:2' }).KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
  });

  it('names every bad variable in one error', () => {
    let caught: unknown;
    try {
      loadConsumerConfig({
        KAFKA_BROKERS: 'nohost',
        MAX_EVENT_BYTES: '-1',
        CONSUMER_HTTP_PORT: 'x',
        LOG_LEVEL: 'loud',
        LOG_FORMAT: 'colourful',
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
      'LOG_FORMAT',
    ]) {
      expect(message).toContain(name);
    }
  });

  describe('TLS and SASL towards the brokers', () => {
    const SECRET = 'pa55-w0rd-never-logged';
    let dir: string;
    let caFile: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'consumer-config-'));
      caFile = join(dir, 'ca.pem');
      writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('takes TLS with a CA file and each SASL mechanism, in either letter case', () => {
      for (const [given, parsed] of [
        ['plain', 'plain'],
        ['SCRAM-SHA-256', 'scram-sha-256'],
        ['scram-sha-512', 'scram-sha-512'],
      ]) {
        const config = loadConsumerConfig({
          ...BASE,
          KAFKA_SSL: 'true',
          KAFKA_SSL_CA_FILE: caFile,
          KAFKA_SASL_MECHANISM: given,
          KAFKA_SASL_USERNAME: 'metrics',
          KAFKA_SASL_PASSWORD: SECRET,
        });
        expect(config).toMatchObject({
          KAFKA_SSL: true,
          KAFKA_SSL_CA_FILE: caFile,
          KAFKA_SASL_MECHANISM: parsed,
          KAFKA_SASL_USERNAME: 'metrics',
          KAFKA_SASL_PASSWORD: SECRET,
        });
      }
    });

    it('leaves TLS off and SASL unset by default, and reads empty values as unset', () => {
      const config = loadConsumerConfig({
        ...BASE,
        KAFKA_SSL: 'false',
        KAFKA_SSL_CA_FILE: '',
        KAFKA_SASL_MECHANISM: '',
        KAFKA_SASL_USERNAME: '',
        KAFKA_SASL_PASSWORD: '',
      });
      expect(config.KAFKA_SSL).toBe(false);
      expect(config.KAFKA_SSL_CA_FILE).toBeUndefined();
      expect(config.KAFKA_SASL_MECHANISM).toBeUndefined();
      expect(config.KAFKA_SASL_USERNAME).toBeUndefined();
      expect(config.KAFKA_SASL_PASSWORD).toBeUndefined();
    });

    it('accepts exactly true or false for KAFKA_SSL', () => {
      for (const value of ['yes', '1', 'TRUE', '']) {
        expect(configProblems({ KAFKA_SSL: value })).toContain(
          `KAFKA_SSL: must be true or false, not ${JSON.stringify(value)}`,
        );
      }
    });

    it('names both credentials when a mechanism comes without them', () => {
      const message = configProblems({ KAFKA_SASL_MECHANISM: 'scram-sha-512' });
      expect(message).toContain('KAFKA_SASL_USERNAME: is required with KAFKA_SASL_MECHANISM');
      expect(message).toContain('KAFKA_SASL_PASSWORD: is required with KAFKA_SASL_MECHANISM');
      expect(configProblems({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'metrics' })).toContain(
        'KAFKA_SASL_PASSWORD: is required',
      );
    });

    it('wants a mechanism with credentials, and an unknown mechanism is named with the valid ones', () => {
      const message = configProblems({ KAFKA_SASL_USERNAME: 'metrics', KAFKA_SASL_PASSWORD: SECRET });
      expect(message).toContain(
        'KAFKA_SASL_MECHANISM: is required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set',
      );
      expect(message).not.toContain(SECRET);
      expect(
        configProblems({
          KAFKA_SASL_MECHANISM: 'gssapi',
          KAFKA_SASL_USERNAME: 'u',
          KAFKA_SASL_PASSWORD: SECRET,
        }),
      ).toContain('KAFKA_SASL_MECHANISM: must be one of plain, scram-sha-256, scram-sha-512');
    });

    it('wants a CA file that can be read and holds a PEM certificate, and TLS turned on to use it', () => {
      const missing = join(dir, 'missing.pem');
      expect(configProblems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: missing })).toContain(
        `KAFKA_SSL_CA_FILE: cannot read ${missing} (ENOENT)`,
      );
      expect(configProblems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: dir })).toContain(
        `KAFKA_SSL_CA_FILE: cannot read ${dir} (EISDIR)`,
      );
      const notPem = join(dir, 'ca.der');
      writeFileSync(notPem, Buffer.from([0x30, 0x82, 0x01, 0x0a]));
      expect(configProblems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: notPem })).toContain(
        `KAFKA_SSL_CA_FILE: ${notPem} holds no PEM certificate`,
      );
      expect(configProblems({ KAFKA_SSL_CA_FILE: caFile })).toContain(
        'KAFKA_SSL_CA_FILE: is set but KAFKA_SSL is false',
      );
    });

    it('reports these problems together with every other bad variable, and never the password', () => {
      const message = configProblems({
        DATABASE_URL: undefined,
        KAFKA_BROKERS: 'nohost',
        KAFKA_SSL: 'on',
        KAFKA_SASL_PASSWORD: SECRET,
      });
      for (const name of ['DATABASE_URL', 'KAFKA_BROKERS', 'KAFKA_SSL:', 'KAFKA_SASL_MECHANISM:'])
        expect(message).toContain(name);
      expect(message).not.toContain(SECRET);
    });
  });
});
