import { randomBytes } from 'node:crypto';
import type { Producer } from 'kafkajs';
import pino from 'pino';
import { createTestTopics, uniqueName } from '@metrics-store/testing';
import { createLogger } from '@metrics-store/runtime';
import type { DeadLetter } from '../events/dead-letter';
import { checkDeadLetterTopic } from './dead-letter-topic.check';
import { DeadLetterPublisher, DeadLetterTooLargeError } from './dead-letter.publisher';
import { readTopic, testKafka } from '../testing/consumer-run.fixture';

const silent = createLogger({ name: 'dlq-test', level: 'silent' });
const MAX_EVENT_BYTES = 10_000;
const letter = (offset: number, value: Buffer | null): DeadLetter => ({
  code: 'invalid_json',
  message: 'value is empty',
  key: null,
  value,
  partition: 0,
  offset: String(offset),
});

describe('DeadLetterPublisher on a DLQ topic that takes 20,000 bytes per batch', () => {
  let producer: Producer;
  beforeAll(async () => {
    producer = testKafka().producer();
    await producer.connect();
  });
  afterAll(() => producer.disconnect());
  const smallDlq = async () => {
    const dlq = uniqueName('dlq');
    await createTestTopics([{ topic: dlq, configEntries: [{ name: 'max.message.bytes', value: '20000' }] }]);
    const publisher = new DeadLetterPublisher(producer, dlq, uniqueName('source'), silent, MAX_EVENT_BYTES);
    return { dlq, publisher };
  };
  // Each attempt counted: a request the broker refuses must never be sent again as it was.
  const attemptsUpTo = (limit: number) => {
    let attempts = 0;
    return () => attempts++ < limit;
  };

  it('splits a request refused as too large until every part fits', async () => {
    const { dlq, publisher } = await smallDlq();
    const letters = Array.from({ length: 400 }, (_, i) => letter(i, null));
    await publisher.publish(letters, attemptsUpTo(40));
    const records = await readTopic(dlq, letters.length);
    expect(records.map((record) => record.headers['x-source-offset']).sort()).toEqual(
      letters.map((l) => l.offset).sort(),
    );
  });

  it('sends a single record that fits only compressed compressed, and one that never fits as its first MAX_EVENT_BYTES bytes', async () => {
    const { dlq, publisher } = await smallDlq();
    const compressible = letter(1, Buffer.alloc(30_000, 0x61));
    const noise = letter(2, randomBytes(30_000));
    await publisher.publish([compressible, noise], attemptsUpTo(10));
    const [whole, cut] = await readTopic(dlq, 2);
    expect(whole.value?.equals(compressible.value as Buffer)).toBe(true);
    expect(whole.headers['x-value-truncated']).toBeUndefined();
    expect(cut.value?.equals((noise.value as Buffer).subarray(0, MAX_EVENT_BYTES))).toBe(true);
    expect(cut.headers).toMatchObject({ 'x-value-truncated': '30000', 'x-source-offset': '2' });
  });

  it('fails clearly when even MAX_EVENT_BYTES does not fit (a DLQ topic made too small)', async () => {
    const { dlq } = await smallDlq();
    const publisher = new DeadLetterPublisher(producer, dlq, uniqueName('source'), silent, 30_000);
    const failure = publisher.publish([letter(3, randomBytes(40_000))], attemptsUpTo(8));
    await expect(failure).rejects.toBeInstanceOf(DeadLetterTooLargeError);
    await expect(failure).rejects.toThrow(/partition 0 offset 3 is too large/);
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
      const publisher = new DeadLetterPublisher(producer, dlq, source, silent, 65_536);
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

describe('checkDeadLetterTopic', () => {
  const warnings = async (dlqLimit: string) => {
    const source = uniqueName('source');
    const dlq = uniqueName('dlq');
    const limit = (value: string) => [{ name: 'max.message.bytes', value }];
    await createTestTopics([
      { topic: source, configEntries: limit('1048588') },
      { topic: dlq, configEntries: limit(dlqLimit) },
    ]);
    const lines: { msg: string; wanted_dlq_max_message_bytes?: number }[] = [];
    const capture = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const admin = testKafka().admin();
    await admin.connect();
    try {
      await checkDeadLetterTopic(admin, { source, dlq }, capture);
    } finally {
      await admin.disconnect();
    }
    return lines;
  };

  it('warns when the DLQ topic leaves no room for the headers of a record its source accepts, and only then', async () => {
    expect(await warnings('1048588')).toMatchObject([
      { msg: 'dlq_topic_limit_too_small', wanted_dlq_max_message_bytes: 1_114_124 },
    ]);
    expect(await warnings('1114124')).toEqual([]);
  });
});
