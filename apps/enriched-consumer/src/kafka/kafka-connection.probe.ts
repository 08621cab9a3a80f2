import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';

/**
 * One silent connection attempt, without kafkajs's own retries. kafkajs retries every connection error, a
 * refused certificate included, for about a minute before it gives up; this attempt tells at once whether
 * the brokers take the consumer's certificate checks and credentials, and lets the caller's backoff wait for
 * a broker that is not up yet.
 */
export async function probeKafkaConnection(config: KafkaConfig): Promise<void> {
  const admin = new Kafka({ ...config, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
  try {
    await admin.connect();
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
