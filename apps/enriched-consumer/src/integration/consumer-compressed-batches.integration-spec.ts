import { createLogger } from '@metrics-store/runtime';
import { loadConsumerConfig } from '../consumer.config';
import { startConsumer, type RunningConsumer } from '../enriched-consumer.service';
import { randomStream, type TestRecord } from '../testing/event-stream.fixture';
import {
  expectExactCounts,
  openTestBed,
  readTopic,
  waitUntilDrained,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';
import { produceWithJava, type JavaCompression } from '../testing/kafka-java-producer.fixture';

const CODECS: JavaCompression[] = ['gzip', 'snappy', 'lz4', 'zstd'];

/** Contract section 1: producers may compress with any of Kafka's codecs, and records read the same. */
describe.each(CODECS)("enriched-consumer on batches Kafka's Java producer compressed with %s", (codec) => {
  let bed: ConsumerTestBed;
  let consumer: RunningConsumer | undefined;
  const fatalErrors: unknown[] = [];

  beforeAll(async () => {
    bed = await openTestBed(1);
    const config = loadConsumerConfig({ ...bed.env, FLUSH_INTERVAL_MS: '100' });
    const logger = createLogger({ name: 'consumer-test', level: 'warn' });
    consumer = await startConsumer(config, { logger, onFatal: (error) => fatalErrors.push(error) });
  });
  afterAll(async () => {
    await consumer?.stop();
    await bed?.dispose();
  });

  it('counts every valid event and dead-letters the invalid one unchanged', async () => {
    const valid = randomStream({ count: 1_000, projects: 5, days: 3, seed: 41, nowMs: Date.now() });
    const invalid: TestRecord = { key: 'not-a-project', value: '{}' };
    const records = [...valid.slice(0, 500), invalid, ...valid.slice(500)];
    await produceWithJava(bed.topic, records, codec);

    await waitUntilDrained(bed);
    expect(fatalErrors).toEqual([]);
    await expectExactCounts(bed, records, new Map());
    const [letter, ...others] = await readTopic(bed.dlqTopic, 1);
    expect(others).toEqual([]);
    expect([letter.key?.toString(), letter.value?.toString()]).toEqual(['not-a-project', '{}']);
    expect(letter.headers).toMatchObject({ 'x-error-code': 'invalid_event', 'x-source-offset': '500' });
  }, 120_000);
});
