import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { deadLetterMaxMessageBytes } from '@metrics-store/metrics-contract';
import { testKafkaBrokers, uniqueName } from '@metrics-store/testing';
import { ensureTopics } from './kafka-admin';

describe('ensureTopics', () => {
  it('makes a dead-letter topic take more than its source topic, room for the headers of any record it took', async () => {
    const brokers = testKafkaBrokers();
    const admin = new Kafka({ clientId: 'kafka-admin-test', brokers, logLevel: logLevel.NOTHING }).admin();
    const source = uniqueName('events');
    const dlq = `${source}_dlq`;
    await admin.connect();
    try {
      // The source exists already, with a limit of its own: the DLQ follows it, not the broker's default.
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: source, configEntries: [{ name: 'max.message.bytes', value: '2000000' }] }],
      });
      await ensureTopics(brokers.join(','), [
        { topic: source, numPartitions: 1 },
        { topic: dlq, numPartitions: 1, deadLettersOf: source },
      ]);
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: dlq, configNames: ['max.message.bytes'] }],
      });
      expect(Number(resources[0].configEntries[0].configValue)).toBe(deadLetterMaxMessageBytes(2_000_000));
    } finally {
      await admin.deleteTopics({ topics: [source, dlq] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
