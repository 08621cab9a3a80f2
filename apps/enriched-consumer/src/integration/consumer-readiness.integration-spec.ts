import { uniqueName } from '@metrics-store/testing';
import { pageViewNow } from '../testing/event-stream.fixture';
import {
  exited,
  openTestBed,
  produce,
  waitUntil,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';
import { ObservedConsumer } from '../testing/consumer-ops.fixture';

describe('enriched-consumer /readyz while a flush cannot succeed', () => {
  let bed: ConsumerTestBed;
  let consumer: ObservedConsumer | undefined;

  beforeAll(async () => {
    bed = await openTestBed(1);
  });
  afterAll(async () => {
    consumer?.child.kill('SIGKILL');
    await bed?.dispose();
  });

  it('answers 503 once records have waited 30 s for a flush (a dead letter no broker accepts)', async () => {
    // A dead-letter topic that does not exist: the flush retries its dead letter forever.
    const observed = (consumer = new ObservedConsumer({
      ...bed.env,
      KAFKA_DLQ_TOPIC: uniqueName('absent_dlq'),
    }));
    await waitUntil('/readyz 200', async () => (await observed.readyzStatus()) === 200, 60_000);

    await produce(bed.topic, [pageViewNow(1), { key: 'k', value: 'not json' }]);
    await observed.waitForLine('dead_letter_send_failed');
    // Waiting is not yet stalling.
    expect(await observed.readyzStatus()).toBe(200);
    await waitUntil('/readyz 503', async () => (await observed.readyzStatus()) === 503, 60_000);
    expect(await bed.store.readOffsets(bed.groupId, bed.topic, [0])).toEqual(new Map());

    observed.child.kill('SIGTERM');
    expect(await exited(observed.child)).toBe(0);
  }, 120_000);
});
