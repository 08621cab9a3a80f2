import { createLogger } from '@metrics-store/runtime';
import { loadConsumerConfig } from '../consumer.config';
import { startConsumer, type RunningConsumer } from '../enriched-consumer.service';
import { expectedRows, projectId, type TestEvent, type TestRecord } from '../testing/event-stream.fixture';
import {
  openTestBed,
  produce,
  readDailyMetrics,
  readTopic,
  waitUntilDrained,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';

const PROJECT = projectId(1);
let serial = 0;
const valid = (): TestRecord => {
  const event: TestEvent = {
    event_id: `0b7e4a8e-1c1d-4f6e-9a63-${(serial += 1).toString(16).padStart(12, '0')}`,
    project_id: PROJECT,
    type: 'page_view',
    timestamp: new Date(Date.now() - 3_600_000).toISOString(),
  };
  return { key: PROJECT, value: JSON.stringify(event), event };
};
/** The record of the report, with a timestamp Date cannot hold (the raw JSON keeps the number exact). */
const withTimestamp = (timestamp: string): TestRecord => ({
  key: PROJECT,
  value: `{"event_id":"0b7e4a8e-1c1d-4f6e-9a63-2f1d0c9b8a71","project_id":"${PROJECT}","type":"page_view","timestamp":${timestamp}}`,
});

/** Records no producer means to send, which must still be dead-lettered without holding their partition. */
describe('enriched-consumer on hostile records (real Kafka and PostgreSQL)', () => {
  let bed: ConsumerTestBed;
  let consumer: RunningConsumer | undefined;
  const fatalErrors: unknown[] = [];
  const counted: TestRecord[] = [];
  let deadLettered = 0;

  beforeAll(async () => {
    bed = await openTestBed(1);
    const config = loadConsumerConfig({ ...bed.env, FLUSH_INTERVAL_MS: '100' });
    const logger = createLogger({ name: 'consumer-test', level: 'warn' });
    consumer = await startConsumer(config, { logger, onFatal: (error) => fatalErrors.push(error) });
  });
  afterEach(() => expect(fatalErrors).toEqual([]));
  afterAll(async () => {
    await consumer?.stop();
    await bed?.dispose();
  });

  it('dead-letters timestamps beyond what Date holds as timestamp_out_of_range and counts the next record', async () => {
    const beyond = [
      withTimestamp('9007199254740991'),
      withTimestamp('-8640000000000001'),
      withTimestamp('"+275761-01-01T00:00:00Z"'),
    ];
    const next = valid();
    counted.push(next);
    await produce(bed.topic, [...beyond, next]);
    await waitUntilDrained(bed);

    expect(await readDailyMetrics(bed.database.url)).toEqual(
      expectedRows([next.event as TestEvent], new Map()),
    );
    const letters = await readTopic(bed.dlqTopic, beyond.length);
    expect(
      letters.map((letter) => [letter.headers['x-source-offset'], letter.headers['x-error-code']]),
    ).toEqual([
      ['0', 'timestamp_out_of_range'],
      ['1', 'timestamp_out_of_range'],
      ['2', 'timestamp_out_of_range'],
    ]);
    expect(letters.map((letter) => letter.value?.toString())).toEqual(beyond.map((record) => record.value));
    deadLettered += beyond.length;
  }, 90_000);

  it('dead-letters 20,000 tombstones in a row, though their headers add up to more than one request holds', async () => {
    const tombstones: TestRecord[] = Array.from({ length: 20_000 }, () => ({ key: null, value: null }));
    const next = valid();
    counted.push(next);
    await produce(bed.topic, [...tombstones, next], 5_000);
    await waitUntilDrained(bed, 120_000);

    expect(await readDailyMetrics(bed.database.url)).toEqual(
      expectedRows(
        counted.map((record) => record.event as TestEvent),
        new Map(),
      ),
    );
    const letters = await readTopic(bed.dlqTopic, deadLettered + tombstones.length, 120_000);
    const ofTombstones = letters.slice(deadLettered);
    expect(ofTombstones).toHaveLength(tombstones.length);
    expect(ofTombstones.every((letter) => letter.key === null && letter.value === null)).toBe(true);
    expect(new Set(ofTombstones.map((letter) => letter.headers['x-error-code']))).toEqual(
      new Set(['invalid_json']),
    );
    expect(new Set(ofTombstones.map((letter) => letter.headers['x-source-offset'])).size).toBe(
      tombstones.length,
    );
  }, 300_000);
});
