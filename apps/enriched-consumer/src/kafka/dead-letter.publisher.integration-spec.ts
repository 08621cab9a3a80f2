import { createTestTopics, uniqueName } from '@metrics-store/testing';
import { createLogger } from '@metrics-store/runtime';
import type { DeadLetter } from '../events/dead-letter';
import { chunkBySize, DeadLetterPublisher } from './dead-letter.publisher';
import { readTopic, testKafka } from '../testing/consumer-run.fixture';

const message = (valueBytes: number) => ({ key: null, value: Buffer.alloc(valueBytes, 0x61) });

describe('chunkBySize', () => {
  it('cuts a run before the message that would take it over the limit, and lets a larger message go alone', () => {
    const chunks = chunkBySize([message(40), message(40), message(30), message(200), message(10)], 100);
    expect(chunks.map((chunk) => chunk.map((m) => m.value.length))).toEqual([[40, 40], [30], [200], [10]]);
  });
});

describe('DeadLetterPublisher', () => {
  it('writes dead letters that add up to more than the broker takes in one request, every one unchanged', async () => {
    const source = uniqueName('source');
    const dlq = uniqueName('dlq');
    await createTestTopics([{ topic: dlq }]);
    const producer = testKafka().producer();
    await producer.connect();
    try {
      // 24 records of 90 kB: about 2.1 MB, twice the broker's default limit for one record batch.
      const letters: DeadLetter[] = Array.from({ length: 24 }, (_, i) => ({
        code: 'too_large',
        message: 'value is over MAX_EVENT_BYTES',
        key: Buffer.from(`key-${i}`),
        value: Buffer.alloc(90_000, 65 + (i % 26)),
        partition: 2,
        offset: String(1_000 + i),
      }));
      const publisher = new DeadLetterPublisher(
        producer,
        dlq,
        source,
        createLogger({ name: 'dlq-test', level: 'silent' }),
      );
      let attempts = 0;
      // One attempt per request: a request the broker refuses would end the test instead of retrying forever.
      await publisher.publish(letters, () => attempts++ < 10);

      const records = await readTopic(dlq, letters.length);
      expect(records).toHaveLength(letters.length);
      const byOffset = new Map(records.map((record) => [record.headers['x-source-offset'], record]));
      for (const letter of letters) {
        const record = byOffset.get(letter.offset);
        expect(record?.key?.equals(letter.key as Buffer)).toBe(true);
        expect(record?.value?.equals(letter.value as Buffer)).toBe(true);
        expect(record?.headers).toMatchObject({
          'x-error-code': 'too_large',
          'x-source-topic': source,
          'x-source-partition': '2',
        });
      }
    } finally {
      await producer.disconnect();
    }
  });
});
