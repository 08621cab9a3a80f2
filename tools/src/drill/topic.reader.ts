import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { waitUntil } from '@metrics-store/runtime';

/**
 * Reads a whole topic, from the beginning to the high watermarks it has when the read starts, with a
 * throw-away group. Used after the lag is zero, when nothing writes to the topic any more.
 */
export async function readTopic(
  brokers: string,
  topic: string,
  onMessage: (partition: number, message: KafkaMessage) => void,
): Promise<number> {
  const kafka = new Kafka({
    clientId: 'metrics-store-drill-reader',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
  await admin.disconnect();
  const positions = new Map([...ends.keys()].map((partition) => [partition, 0n]));
  const done = () => [...ends].every(([partition, end]) => (positions.get(partition) ?? 0n) >= end);
  if (done()) return 0;

  const consumer = kafka.consumer({
    groupId: `drill-reader-${process.pid}-${Date.now()}`,
    maxBytesPerPartition: 8 * 1024 * 1024,
    maxBytes: 32 * 1024 * 1024,
  });
  let count = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        const end = ends.get(batch.partition) ?? 0n;
        for (const message of batch.messages) {
          const offset = BigInt(message.offset);
          if (offset >= end) break;
          onMessage(batch.partition, message);
          count += 1;
          positions.set(batch.partition, offset + 1n);
        }
      },
    });
    await waitUntil(`the read of ${topic} to its end`, async () => done(), 10 * 60_000, 100);
  } finally {
    await consumer.disconnect();
  }
  return count;
}
