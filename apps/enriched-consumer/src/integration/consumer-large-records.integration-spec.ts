import { readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { CompressionTypes } from 'kafkajs';
import { pageViewNow, type TestRecord } from '../testing/event-stream.fixture';
import {
  countedRecords,
  expectExactCounts,
  openTestBed,
  readTopic,
  spawnConsumer,
  testKafka,
  waitUntil,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';
import { produceWithJava } from '../testing/kafka-java-producer.fixture';

const MAX_EVENT_BYTES = 65_536;

/** Peak resident memory of a live process (VmHWM), in MB. */
function peakRssMb(child: ChildProcess): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return Number(match?.[1]) / 1024;
}

/** Records of sizes the contract still bounds in time and memory, through the consumer process as deployed. */
describe('enriched-consumer on very large keys and values (real Kafka and PostgreSQL)', () => {
  let bed: ConsumerTestBed;
  let child: ChildProcess | undefined;
  const counted: TestRecord[] = [];
  let deadLettered = 0;

  beforeAll(async () => {
    bed = await openTestBed(1);
    // The heap cap of `nx serve enriched-consumer` (project.json).
    child = spawnConsumer({ ...bed.env, NODE_OPTIONS: '--max-old-space-size=192', FLUSH_INTERVAL_MS: '100' });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await bed?.dispose();
  });
  afterEach(() => expect(child?.exitCode).toBeNull());

  it('dead-letters an invalid record with a 1 MB key as its first MAX_EVENT_BYTES bytes, and counts what follows', async () => {
    const key = Buffer.alloc(1_000_000);
    for (let i = 0; i < key.length; i += 1) key[i] = 0x61 + (i % 26);
    const next = pageViewNow(1);
    counted.push(next);
    await produceWithJava(bed.topic, [{ key, value: '{}' }, next], 'none');

    await waitUntil(
      'both records past the stored offset',
      async () => (await countedRecords(bed)) === 2,
      60_000,
    );
    await expectExactCounts(bed, counted, new Map());
    const [letter] = await readTopic(bed.dlqTopic, 1);
    expect(letter.key?.equals(key.subarray(0, MAX_EVENT_BYTES))).toBe(true);
    expect(letter.value?.toString()).toBe('{}');
    expect(letter.headers).toMatchObject({
      'x-error-code': 'invalid_event',
      'x-key-truncated': '1000000',
      'x-source-offset': '0',
    });
    deadLettered += 1;
  }, 120_000);

  it('reads a gzip batch that inflates to 200 MB within bounded memory: values cut to MAX_EVENT_BYTES, the rest counted', async () => {
    // 20 values of 10 MB of JSON padding: about 200 kB compressed, in one record batch.
    const padded = Buffer.from(`{"padding":"${' '.repeat(10_000_000 - 14)}"}`);
    const before = pageViewNow(2);
    const after = pageViewNow(3);
    counted.push(before, after);
    const producer = testKafka().producer();
    await producer.connect();
    try {
      await producer.send({
        topic: bed.topic,
        compression: CompressionTypes.GZIP,
        messages: [before, ...Array.from({ length: 20 }, () => ({ key: null, value: padded })), after].map(
          ({ key, value }) => ({ key, value }),
        ),
      });
    } finally {
      await producer.disconnect();
    }

    await waitUntil(
      'the batch past the stored offset',
      async () => (await countedRecords(bed)) === 24,
      90_000,
    );
    await expectExactCounts(bed, counted, new Map());
    const letters = (await readTopic(bed.dlqTopic, deadLettered + 20)).slice(deadLettered);
    expect(letters).toHaveLength(20);
    for (const letter of letters) {
      expect(letter.value?.equals(padded.subarray(0, MAX_EVENT_BYTES))).toBe(true);
      expect(letter.headers).toMatchObject({ 'x-error-code': 'too_large', 'x-value-truncated': '10000000' });
    }
    // The whole batch held at once (and copies of its values) would need several times 200 MB.
    expect(peakRssMb(child as ChildProcess)).toBeLessThan(400);
  }, 180_000);
});
