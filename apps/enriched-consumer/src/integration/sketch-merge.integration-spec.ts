import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { createLogger } from '@metrics-store/runtime';
import { prometheusMetricTypes, prometheusSample, readSketchTruth, runScript } from '@metrics-store/testing';
import { loadConsumerConfig } from '../consumer.config';
import { startConsumer, type RunningConsumer } from '../enriched-consumer.service';
import { pageViewNow, projectId, randomStream } from '../testing/event-stream.fixture';
import {
  openTestBed,
  produce,
  produceInBackground,
  waitUntil,
  waitUntilDrained,
  type BackgroundProduction,
  type ConsumerTestBed,
} from '../testing/consumer-run.fixture';

const DAY_MS = 86_400_000;
const isoWeekStart = (ms: number) => {
  const day = Math.floor(ms / DAY_MS);
  return new Date((day - ((day + 3) % 7)) * DAY_MS).toISOString().slice(0, 10);
};

describe('the consumer keeps distinct_sketches up to date (real Kafka and PostgreSQL)', () => {
  let bed: ConsumerTestBed;
  let consumer: RunningConsumer | undefined;
  let producing: BackgroundProduction | undefined;
  const fatalErrors: unknown[] = [];
  const logger = createLogger({ name: 'consumer-test', level: 'warn' });

  beforeAll(async () => {
    bed = await openTestBed(2);
    const config = loadConsumerConfig({ ...bed.env, FLUSH_INTERVAL_MS: '100' });
    consumer = await startConsumer(config, { logger, onFatal: (error) => fatalErrors.push(error) });
  });
  afterEach(() => expect(fatalErrors).toEqual([]));
  afterAll(async () => {
    await producing?.stop();
    await consumer?.stop();
    await bed?.dispose();
  });

  it('puts new visitors in the week sketch by itself, and exports the merger metrics', async () => {
    const now = Date.now();
    await produce(
      bed.topic,
      Array.from({ length: 30 }, (_, i) => pageViewNow(i, { user_id: `visitor-${i % 12}`, timestamp: now })),
    );
    const week = `${projectId(1)} unique_users week ${isoWeekStart(now)}`;
    await waitUntil(
      'the week sketch to hold the 12 visitors',
      async () => {
        const hex = (await readSketchTruth(bed.database.url, projectId(1))).stored.get(week);
        return hex !== undefined && DistinctSketch.decode(Buffer.from(hex, 'hex')).cardinality() === 12;
      },
      30_000,
    );

    const text = await (await fetch(`http://127.0.0.1:${consumer?.opsPort}/metrics`)).text();
    const types = prometheusMetricTypes(text);
    expect(
      Object.fromEntries(
        [
          'enriched_consumer_sketch_merge_rounds_total',
          'enriched_consumer_sketch_merge_duration_seconds',
          'enriched_consumer_sketch_keys_merged_total',
          'enriched_consumer_sketches_written_total',
          'enriched_consumer_sketch_keys_pending',
          'enriched_consumer_sketch_oldest_key_age_seconds',
        ].map((name) => [name, types.get(name)]),
      ),
    ).toEqual({
      enriched_consumer_sketch_merge_rounds_total: 'counter',
      enriched_consumer_sketch_merge_duration_seconds: 'histogram',
      enriched_consumer_sketch_keys_merged_total: 'counter',
      enriched_consumer_sketches_written_total: 'counter',
      enriched_consumer_sketch_keys_pending: 'gauge',
      enriched_consumer_sketch_oldest_key_age_seconds: 'gauge',
    });
    // The 12 visitors and the sessions' keys went to their day, week and month.
    expect(prometheusSample(text, 'enriched_consumer_sketch_keys_merged_total')).toBeGreaterThanOrEqual(12);
    expect(prometheusSample(text, 'enriched_consumer_sketches_written_total')).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('loses no element while the rebuild command runs again and again beside the counting', async () => {
    const records = randomStream({ count: 12_000, projects: 4, days: 40, seed: 7, nowMs: Date.now() });
    let writing = true;
    producing = produceInBackground(bed.topic, records, 500, 100);
    void producing.done.finally(() => (writing = false));
    const rebuilds: { status: number | null; stderr: string }[] = [];
    while (writing || rebuilds.length < 2) {
      const args = rebuilds.length % 2 === 0 ? [] : ['--project', projectId(2)];
      const run = await runScript('libs/metrics-db/src/cli/rebuild-sketches.main.ts', args, {
        DATABASE_URL: bed.database.url,
      });
      rebuilds.push({ status: run.status, stderr: run.stderr });
    }
    await producing.done;
    expect(rebuilds.every((run) => run.status === 0 && run.stderr === '')).toBe(true);
    await waitUntilDrained(bed);
    await waitUntil(
      'the merger to merge every key',
      async () => (await readSketchTruth(bed.database.url)).pendingDeltas === 0,
      30_000,
    );
    const truth = await readSketchTruth(bed.database.url);
    expect(truth.stored.size).toBeGreaterThan(100);
    expect(truth.stored).toEqual(truth.expected);
  }, 180_000);
});
