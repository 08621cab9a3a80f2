import { spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createTestTopics, prometheusSample } from '@metrics-store/testing';
import { pageViewNow } from '../testing/event-stream.fixture';
import {
  countedRecords,
  exited,
  expectExactCounts,
  openTestBed,
  produce,
  spawnConsumer,
  testKafka,
  waitUntil,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';
import { ObservedConsumer } from '../testing/consumer-ops.fixture';

const REPO_ROOT = join(__dirname, '../../../..');
const GAUGE = 'enriched_consumer_partitions_beyond_log_end';

/** Deletes the topic and makes it again (empty); Kafka refuses the creation while the deletion is under way. */
async function recreateTopic(topic: string): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] });
  } finally {
    await admin.disconnect();
  }
  await waitUntil(
    `${topic} to be created again`,
    () =>
      createTestTopics([{ topic, numPartitions: 1 }]).then(
        () => true,
        () => false,
      ),
    60_000,
  );
}

describe('enriched-consumer when a stored offset lies beyond the end of its log', () => {
  let bed: ConsumerTestBed;
  let consumer: ObservedConsumer | undefined;
  let first: ChildProcess | undefined;

  beforeAll(async () => {
    bed = await openTestBed(1);
  });
  afterAll(async () => {
    first?.kill('SIGKILL');
    consumer?.child.kill('SIGKILL');
    await bed?.dispose();
  });

  it('holds the partition loudly until `npm run offsets -- reset`, then counts from the new offset', async () => {
    const before = Array.from({ length: 10 }, (_, i) => pageViewNow(i));
    first = spawnConsumer(bed.env);
    await produce(bed.topic, before);
    await waitUntil('the first records counted', async () => (await countedRecords(bed)) === 10, 60_000);
    first.kill('SIGTERM');
    expect(await exited(first)).toBe(0);

    // The topic is made again: its log ends at 4, below the stored offset 10.
    await recreateTopic(bed.topic);
    const after = Array.from({ length: 4 }, (_, i) => pageViewNow(100 + i));
    await produce(bed.topic, after);

    const observed = (consumer = new ObservedConsumer(bed.env));
    const line = await observed.waitForLine('offsets_beyond_log_end');
    expect(line).toMatchObject({
      level: 50,
      group_id: bed.groupId,
      topic: bed.topic,
      partition: 0,
      stored_offset: '10',
      log_end: '4',
    });
    await waitUntil('/readyz 503', async () => (await observed.readyzStatus()) === 503, 30_000);
    expect(prometheusSample((await observed.get('/metrics')).text, GAUGE)).toBe(1);
    // Neither counted nor skipped: the stored offset stays where it was.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await bed.store.readOffsets(bed.groupId, bed.topic, [0])).toEqual(new Map([[0, '10']]));
    await expectExactCounts(bed, before, new Map());

    const reset = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'tools/src/offsets/offsets.main.ts',
        'reset',
        '--group',
        bed.groupId,
        '--topic',
        bed.topic,
        '--to-earliest',
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...bed.env, TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json') },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(reset.stderr).toBe('');
    expect(reset.status).toBe(0);

    // Noticed without a restart: the new records are counted from offset 0.
    await waitUntil('the new records counted', async () => (await countedRecords(bed)) === 4, 60_000);
    await waitUntil('/readyz 200', async () => (await observed.readyzStatus()) === 200, 30_000);
    expect(prometheusSample((await observed.get('/metrics')).text, GAUGE)).toBe(0);
    expect(observed.child.exitCode).toBeNull();
    await expectExactCounts(bed, [...before, ...after], new Map());
    observed.child.kill('SIGTERM');
    expect(await exited(observed.child)).toBe(0);
  }, 240_000);
});
