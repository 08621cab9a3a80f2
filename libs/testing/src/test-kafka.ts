import { Kafka, logLevel } from 'kafkajs';
import { requireTestEnv, TEST_ENV } from './test-env';

export function testKafkaBrokers(): string[] {
  return requireTestEnv(TEST_ENV.kafkaBrokers).split(',');
}

export interface TestTopic {
  topic: string;
  numPartitions?: number;
  /** Topic configuration, e.g. `max.message.bytes`. */
  configEntries?: { name: string; value: string }[];
}

/** Creates topics and waits until every partition has a leader, so producing right after cannot fail. */
export async function createTestTopics(topics: TestTopic[], brokers = testKafkaBrokers()): Promise<void> {
  const admin = new Kafka({ clientId: 'test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map(({ topic, numPartitions = 1, configEntries }) => ({
        topic,
        numPartitions,
        replicationFactor: 1,
        configEntries,
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
