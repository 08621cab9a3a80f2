import type { ChildProcess } from 'node:child_process';
import { createLogger } from '@metrics-store/runtime';
import { prometheusSample } from '@metrics-store/testing';
import { loadConsumerConfig } from '../consumer.config';
import { startConsumer } from '../enriched-consumer.service';
import { pageViewNow, projectId, type TestRecord } from '../testing/event-stream.fixture';
import {
  exited,
  openTestBed,
  produce,
  readDailyMetrics,
  spawnConsumer,
  waitUntilDrained,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';

const MINUTE = 60_000;
const P1 = projectId(1);
const P2 = projectId(2);

/** A page view of a project now, as a record whose Kafka timestamp is `atMs`: one copy of event `n`. */
function copyOf(n: number, project: string, atMs: number): TestRecord {
  return { ...pageViewNow(n, { project_id: project, session_id: `s-${n}` }), timestamp: String(atMs) };
}

/** The total_events of a project today, from the stored counters. */
async function eventsOf(bed: ConsumerTestBed, project: string): Promise<number> {
  const today = new Date().toISOString().slice(0, 10);
  return (await readDailyMetrics(bed.database.url)).get(`${project} ${today} total_events`) ?? 0;
}

describe('duplicates: the same event twice on its partition, within DEDUPE_WINDOW_MINUTES (real Kafka and PostgreSQL)', () => {
  let bed: ConsumerTestBed;
  const children: ChildProcess[] = [];
  const start = (env: Record<string, string> = {}) => {
    const child = spawnConsumer({ ...bed.env, ...env }, 'pipe');
    children.push(child);
    return child;
  };
  const stopAll = async () => {
    for (const child of children.splice(0)) {
      child.kill('SIGTERM');
      await exited(child);
    }
  };

  beforeEach(async () => {
    bed = await openTestBed(3);
  });
  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await bed.dispose();
  });

  it('counts a copy within the window once, one outside it again, and the same id in two projects in both', async () => {
    const t0 = Date.now() - 60 * MINUTE;
    const consumer = await startConsumer(loadConsumerConfig(bed.env), {
      logger: createLogger({ name: 'consumer-test', level: 'warn' }),
      onFatal: (error) => {
        throw error;
      },
    });
    try {
      await produce(bed.topic, [
        copyOf(1, P1, t0),
        copyOf(1, P2, t0 + MINUTE),
        copyOf(1, P1, t0 + 9 * MINUTE),
        // Past the window of both copies before it: counted again.
        copyOf(1, P1, t0 + 30 * MINUTE),
      ]);
      await waitUntilDrained(bed);
      expect(await eventsOf(bed, P1)).toBe(2);
      expect(await eventsOf(bed, P2)).toBe(1);
      // Not counted anywhere: not as a page view, nor in its visit.
      const today = new Date().toISOString().slice(0, 10);
      const rows = await readDailyMetrics(bed.database.url);
      expect(rows.get(`${P1} ${today} page_view`)).toBe(2);
      expect(rows.get(`${P1} ${today} visit_pageviews`)).toBe(2);
      const metrics = await (await fetch(`http://127.0.0.1:${consumer.opsPort}/metrics`)).text();
      expect(prometheusSample(metrics, 'enriched_consumer_duplicate_events_total')).toBe(1);
    } finally {
      await consumer.stop();
    }
  }, 120_000);

  it('counts a copy once when a restart or a SIGKILL came between the first copy and the second', async () => {
    const t0 = Date.now() - 30 * MINUTE;
    const events = Array.from({ length: 30 }, (_, n) => n);
    const first = start();
    await produce(
      bed.topic,
      events.map((n) => copyOf(n, projectId(1 + (n % 5)), t0 + n * 1_000)),
    );
    await waitUntilDrained(bed);
    first.kill('SIGKILL');
    await exited(first);

    // An enricher that crashed produces its last events again, a few minutes later; the new consumer reads its
    // window back from the log and takes them for the copies they are.
    start();
    await produce(
      bed.topic,
      events.slice(20).map((n) => copyOf(n, projectId(1 + (n % 5)), t0 + 3 * MINUTE + n)),
    );
    await waitUntilDrained(bed);
    const counted = await Promise.all([1, 2, 3, 4, 5].map((p) => eventsOf(bed, projectId(p))));
    expect(counted).toEqual([6, 6, 6, 6, 6]);

    // A graceful restart, then copies again: the same.
    await stopAll();
    start();
    await produce(
      bed.topic,
      events.slice(0, 10).map((n) => copyOf(n, projectId(1 + (n % 5)), t0 + 4 * MINUTE)),
    );
    await waitUntilDrained(bed);
    expect(await Promise.all([1, 2, 3, 4, 5].map((p) => eventsOf(bed, projectId(p))))).toEqual([
      6, 6, 6, 6, 6,
    ]);
    await stopAll();
  }, 180_000);

  it('reads back a window of many fetches after a SIGKILL: copies from all of it count once', async () => {
    // 20,000 events of one project, one partition, about 5 MB: the read-back takes several fetches of at most
    // 2 MB (maxBytesPerPartition). Copies of its first, middle and last events come after the restart.
    const t0 = Date.now() - 5 * MINUTE;
    const events = Array.from({ length: 20_000 }, (_, n) => n);
    const first = start();
    await produce(
      bed.topic,
      events.map((n) => copyOf(n, P1, t0 + n)),
    );
    await waitUntilDrained(bed);
    expect(await eventsOf(bed, P1)).toBe(20_000);
    first.kill('SIGKILL');
    await exited(first);

    start();
    const copied = [...events.slice(0, 100), ...events.slice(10_000, 10_100), ...events.slice(19_900)];
    await produce(
      bed.topic,
      copied.map((n) => copyOf(n, P1, t0 + 2 * MINUTE)),
    );
    await waitUntilDrained(bed);
    expect(await eventsOf(bed, P1)).toBe(20_000);
    await stopAll();
  }, 180_000);

  it('counts a copy once when a rebalance moved its partition to another member', async () => {
    const t0 = Date.now() - 30 * MINUTE;
    const events = Array.from({ length: 60 }, (_, n) => n);
    start();
    await produce(
      bed.topic,
      events.map((n) => copyOf(n, projectId(1 + (n % 6)), t0 + n * 1_000)),
    );
    await waitUntilDrained(bed);
    // A second member joins: some partitions move to it, with the first copies counted by the first member.
    start();
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    await produce(
      bed.topic,
      events.map((n) => copyOf(n, projectId(1 + (n % 6)), t0 + 2 * MINUTE + n)),
    );
    await waitUntilDrained(bed);
    expect(await Promise.all([1, 2, 3, 4, 5, 6].map((p) => eventsOf(bed, projectId(p))))).toEqual([
      10, 10, 10, 10, 10, 10,
    ]);
    await stopAll();
  }, 180_000);

  it('counts every copy with DEDUPE_WINDOW_MINUTES=0', async () => {
    const t0 = Date.now() - 10 * MINUTE;
    start({ DEDUPE_WINDOW_MINUTES: '0' });
    await produce(bed.topic, [copyOf(1, P1, t0), copyOf(1, P1, t0 + MINUTE)]);
    await waitUntilDrained(bed);
    expect(await eventsOf(bed, P1)).toBe(2);
    await stopAll();
  }, 120_000);
});
