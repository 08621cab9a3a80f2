import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { createTestDatabase, createTestTopics, testKafkaBrokers, uniqueName } from './index';

describe('the services of a test run', () => {
  it('PostgreSQL answers with version 16 in a database of the test its own', async () => {
    const database = await createTestDatabase();
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ server_version_num: string; current_database: string }>(
        "SELECT current_setting('server_version_num') AS server_version_num, current_database()",
      );
      expect(Math.floor(Number(rows[0].server_version_num) / 10000)).toBe(16);
      expect(rows[0].current_database).toBe(database.name);
    } finally {
      await client.end();
      await database.drop();
    }
  });

  it('Kafka takes a record from kafkajs on a fresh topic and gives it back to a consumer group', async () => {
    const topic = uniqueName('roundtrip');
    await createTestTopics([{ topic, numPartitions: 2 }]);
    const kafka = new Kafka({
      clientId: 'roundtrip-test',
      brokers: testKafkaBrokers(),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: uniqueName('group') });
    await producer.connect();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<{ key: string; value: string }>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) =>
            resolve({ key: String(message.key), value: String(message.value) }),
        });
      });
      await producer.send({ topic, messages: [{ key: 'project-1', value: '{"hello":"kafka"}' }] });
      await expect(received).resolves.toEqual({ key: 'project-1', value: '{"hello":"kafka"}' });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });
});
