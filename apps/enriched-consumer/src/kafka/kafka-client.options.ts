import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { ConsumerConfig } from '../consumer.config';

type KafkaAccessConfig = Pick<
  ConsumerConfig,
  'KAFKA_SSL' | 'KAFKA_SSL_CA_FILE' | 'KAFKA_SASL_MECHANISM' | 'KAFKA_SASL_USERNAME' | 'KAFKA_SASL_PASSWORD'
>;

function saslOptions(config: KafkaAccessConfig): SASLOptions | undefined {
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = config;
  if (!mechanism) return undefined;
  // The config rules make these present with a mechanism; checked again rather than sent empty.
  if (!username || !password)
    throw new Error('KAFKA_SASL_MECHANISM is set without KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
  return { mechanism, username, password };
}

/**
 * TLS and SASL for every kafkajs client of the consumer (docs/operations.md). A CA file replaces the system's
 * CAs, as `sslrootcert` does for PostgreSQL: only brokers whose certificate that CA signed are trusted. The
 * host name is always checked against the certificate.
 */
export function kafkaClientOptions(config: KafkaAccessConfig): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const ssl = !config.KAFKA_SSL
    ? undefined
    : config.KAFKA_SSL_CA_FILE
      ? { ca: [readFileSync(config.KAFKA_SSL_CA_FILE, 'utf8')] }
      : true;
  return { ssl, sasl: saslOptions(config) };
}
