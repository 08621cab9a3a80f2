import { Kafka, logLevel } from 'kafkajs';
import { startFreshTestKafka, type FreshTestKafka } from '@metrics-store/testing';
import { pageViewNow } from '../testing/event-stream.fixture';
import {
  countedRecords,
  exited,
  openTestBed,
  produce,
  spawnConsumer,
  waitUntil,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';

interface LogLine {
  level: number;
  msg: string;
}

describe('the consumer on a broker that has just started (a first npm start)', () => {
  let kafka: FreshTestKafka;
  let bed: ConsumerTestBed;
  beforeAll(async () => {
    kafka = await startFreshTestKafka();
    // As npm start does: the topics, the migrations, then the consumer, while the broker is still warming up.
    bed = await openTestBed(6, [kafka.brokers]);
  }, 180_000);
  afterAll(async () => {
    await bed?.dispose();
    await kafka?.stop();
  });

  it('writes no line at level error or above, joins, counts, and stops with code 0', async () => {
    // Not NODE_ENV=test, with which kafkajs retries on a shorter schedule than it does for people.
    const child = spawnConsumer({ ...bed.env, LOG_LEVEL: 'info', NODE_ENV: 'development' }, 'pipe');
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const client = new Kafka({
        clientId: 'fresh-test',
        brokers: [kafka.brokers],
        logLevel: logLevel.NOTHING,
      });
      await produce(bed.topic, [pageViewNow(1, { user_id: 'u1' })], 1, 0, client);
      await waitUntil('the record to be counted', async () => (await countedRecords(bed)) === 1, 90_000);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited(child)).toBe(0);
    const lines = output
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
    expect(lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(['consumer_started', 'partitions_assigned', 'shutdown_finished']),
    );
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  }, 150_000);
});
