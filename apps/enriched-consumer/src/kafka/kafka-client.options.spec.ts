import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaClientOptions } from './kafka-client.options';

const plaintext = {
  KAFKA_SSL: false,
  KAFKA_SSL_CA_FILE: undefined,
  KAFKA_SASL_MECHANISM: undefined,
  KAFKA_SASL_USERNAME: undefined,
  KAFKA_SASL_PASSWORD: undefined,
};

describe('kafkaClientOptions', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'kafka-options-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uses neither TLS nor SASL by default', () => {
    expect(kafkaClientOptions(plaintext)).toEqual({ ssl: undefined, sasl: undefined });
  });

  it("trusts the system's CAs without a CA file, and only the file's CA with one", () => {
    expect(kafkaClientOptions({ ...plaintext, KAFKA_SSL: true }).ssl).toBe(true);
    const caFile = join(dir, 'ca.pem');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(caFile, pem);
    expect(kafkaClientOptions({ ...plaintext, KAFKA_SSL: true, KAFKA_SSL_CA_FILE: caFile }).ssl).toEqual({
      ca: [pem],
    });
  });

  it('passes the mechanism and credentials to SASL, over TLS or not', () => {
    const sasl = {
      KAFKA_SASL_MECHANISM: 'scram-sha-256' as const,
      KAFKA_SASL_USERNAME: 'metrics',
      KAFKA_SASL_PASSWORD: 's3cret',
    };
    expect(kafkaClientOptions({ ...plaintext, KAFKA_SSL: true, ...sasl })).toEqual({
      ssl: true,
      sasl: { mechanism: 'scram-sha-256', username: 'metrics', password: 's3cret' },
    });
    expect(kafkaClientOptions({ ...plaintext, ...sasl }).ssl).toBeUndefined();
  });
});
