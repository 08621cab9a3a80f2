import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { deadLetterMaxMessageBytes } from '@metrics-store/metrics-contract';
import { testKafkaBrokers, uniqueName } from '@metrics-store/testing';
import { ensureTopics } from './kafka-admin';

describe('ensureTopics', () => {
  it('makes a dead-letter topic take more than its source topic, room for the headers of any record it took, and keep records 7 days', async () => {
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
        resources: [source, dlq].map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['max.message.bytes', 'retention.ms'],
        })),
      });
      const configsOf = (topic: string) =>
        Object.fromEntries(
          (resources.find((resource) => resource.resourceName === topic)?.configEntries ?? []).map(
            (entry) => [entry.configName, { value: entry.configValue, isDefault: entry.isDefault }],
          ),
        );
      expect(configsOf(dlq)).toEqual({
        'max.message.bytes': { value: String(deadLetterMaxMessageBytes(2_000_000)), isDefault: false },
        'retention.ms': { value: '604800000', isDefault: false },
      });
      // The events themselves keep the broker's retention: only the dead letters are the store's to limit.
      expect(configsOf(source)['retention.ms'].isDefault).toBe(true);
    } finally {
      await admin.deleteTopics({ topics: [source, dlq] }).catch(() => undefined);
      await admin.disconnect();
    }
  });
});
