/**
 * The biggest customer's day: one project whose today already holds `keys` distinct visitors and sessions
 * (5,000,000 of each by default, a top-1,000 website's day, written by SQL and its sketches rebuilt through
 * the store, not sent through Kafka), then `rate` events a second for `seconds`, every one a new visitor with a
 * new session of that project today, beside the markers of a small project (freshness-markers.ts). Printed:
 * how old the oldest key not yet in its day, week and month sketches gets (sampled every 250 ms), the small
 * project's delays (plain value, week sketch), the merge rounds (p99 bound from their histogram), the flushes,
 * the consumer's event-loop delay and peak RSS, the WAL written per second, and whether the consumer ended.
 * Targets: oldest key p99 <= 5 s, marker sketch p99 <= 5 s, plain p99 <= 1 s, round p99 <= 1 s, RSS < 300 MB.
 * Works on the schema before distinct_sketch_deltas too (the day marks), to measure a build of that code
 * (BENCH_CONSUMER_BUNDLE).
 *
 *   npx nx run tools:bench-big-day -- [--keys 5000000] [--rate 3000] [--seconds 60]
 */
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import type { MetricsStore } from '@metrics-store/metrics-db';
import { seedDayOfKeys } from '@metrics-store/metrics-db/testing';
import { freePort } from '../infra/free-port';
import { waitUntil } from '@metrics-store/runtime';
import { openConsumerBench, peakRssMb, startBenchConsumer } from './bench-consumer-setup';
import {
  histogramQuantileBound,
  markerEvent,
  prometheusValue,
  summary,
  watchMarkers,
} from './freshness-markers';
import { openWalMeter } from './bench-wal.meter';

const { values: args } = parseArgs({
  options: {
    keys: { type: 'string', default: '5000000' },
    rate: { type: 'string', default: '3000' },
    seconds: { type: 'string', default: '60' },
  },
});
const KEYS = Number(args.keys);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const TICK_MS = 100;
const WARMUP_SECONDS = 5;
const BIG_PROJECT = '6f1c2a7e-0000-4000-8000-0000000b16da';

// The age of the oldest key not yet in its sketches: the oldest delta, or on the marks' schema the oldest mark
// (one statement per schema: PostgreSQL resolves every table a statement names, even in a branch not taken).
const OLDEST_WAITING = {
  deltas: `SELECT COALESCE(extract(epoch FROM now() - (SELECT created_at FROM distinct_sketch_deltas ORDER BY id LIMIT 1)), 0)::float8 AS age`,
  marks: `SELECT COALESCE(extract(epoch FROM now() - (SELECT min(marked_at) FROM distinct_sketch_marks)), 0)::float8 AS age`,
};

/** The big day's sketches, as the rebuild makes them (or, on the marks' schema, as its merger does). */
async function seedSketches(store: MetricsStore): Promise<void> {
  const current = store as Partial<MetricsStore>;
  if (current.rebuildSketches) {
    await current.rebuildSketches({ projectId: BIG_PROJECT });
    return;
  }
  const older = store as unknown as {
    markSketchesForRebuild(projectId: string): Promise<unknown>;
    mergeSketches(): Promise<{ status: string; more?: boolean }>;
  };
  await older.markSketchesForRebuild(BIG_PROJECT);
  while ((await older.mergeSketches()).more);
}

/** Event `n` of the big project: a new visitor, with a new session, now. */
function newVisitor(n: number): { key: string; value: string } {
  const event = {
    event_id: `00000000-0000-4000-9000-${n.toString(16).padStart(12, '0')}`,
    project_id: BIG_PROJECT,
    type: n % 4 === 0 ? 'click' : 'page_view',
    timestamp: new Date().toISOString(),
    anonymous_id: `big-day-visitor-${n}`,
    session_id: `big-day-session-${n}`,
  };
  return { key: BIG_PROJECT, value: JSON.stringify(event) };
}

async function main(): Promise<void> {
  const bench = await openConsumerBench('big_day', 6);
  const today = new Date().toISOString().slice(0, 10);
  const seedStarted = performance.now();
  await seedDayOfKeys(bench.database.url, { projectId: BIG_PROJECT, date: today, keys: KEYS });
  await seedSketches(bench.store);
  process.stdout.write(
    `seeded ${KEYS.toLocaleString('en')} visitors and sessions on ${today} with their sketches in ` +
      `${((performance.now() - seedStarted) / 1000).toFixed(0)} s\n`,
  );
  const port = await freePort();
  const consumer = startBenchConsumer(bench, { CONSUMER_HTTP_PORT: String(port) });
  const sampler = new Client({ connectionString: bench.database.url });
  await sampler.connect();
  const [{ deltas }] = (
    await sampler.query<{ deltas: boolean }>(
      `SELECT to_regclass('distinct_sketch_deltas') IS NOT NULL AS deltas`,
    )
  ).rows;
  const oldestWaiting = deltas ? OLDEST_WAITING.deltas : OLDEST_WAITING.marks;
  const wal = await openWalMeter(bench.database.url);
  try {
    await waitUntil(
      'the consumer to be ready',
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.ok === true,
      60_000,
    );
    const producer = bench.kafka.producer();
    await producer.connect();
    const sentAt: number[] = [];
    const markers = watchMarkers(bench.store, bench.database.url, sentAt);
    const ages: number[] = [];
    let peakRss = 0;
    let sampling = true;
    const sampling$ = (async () => {
      while (sampling) {
        ages.push((await sampler.query<{ age: number }>(oldestWaiting)).rows[0].age * 1000);
        if (consumer.exitCode() === null) peakRss = Math.max(peakRss, peakRssMb(consumer.pid));
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();

    const lsn = await wal.lsn();
    const perTick = Math.round((RATE * TICK_MS) / 1000);
    const warmupTicks = (WARMUP_SECONDS * 1000) / TICK_MS;
    const started = performance.now();
    let sent = 0;
    let ended: string | null = null;
    for (let tick = 0; tick < warmupTicks + (SECONDS * 1000) / TICK_MS; tick += 1) {
      if (consumer.exitCode() !== null) {
        ended = `the consumer ended with exit code ${consumer.exitCode()} after ${((performance.now() - started) / 1000).toFixed(0)} s`;
        break;
      }
      const messages = [markerEvent(sent, sentAt.length)];
      for (let i = 1; i < perTick; i += 1) messages.push(newVisitor(sent + i));
      sentAt.push(performance.now());
      await producer.send({ topic: bench.topic, acks: 1, messages });
      sent += perTick;
      const wait = started + (tick + 1) * TICK_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const elapsed = (performance.now() - started) / 1000;
    const walBytes = await wal.bytesSince(lsn);
    const delays = await markers.finish();
    sampling = false;
    await sampling$;
    await producer.disconnect();

    const text = ended ? '' : await (await fetch(`http://127.0.0.1:${port}/metrics`)).text().catch(() => '');
    const metric = (name: string) => prometheusValue(text, name);
    const flushes = metric('enriched_consumer_flush_duration_seconds_count');
    const steady = (samples: number[], perSecond: number) => samples.slice(WARMUP_SECONDS * perSecond);
    const lines = [
      `produced ${sent} events in ${elapsed.toFixed(1)} s (${Math.round(sent / elapsed)} events/s, every one a new ` +
        `visitor and session of the big project today, the first ${WARMUP_SECONDS} s as warm-up), consumer run from ${consumer.mode}`,
      ended ?? 'the consumer ran to the end',
      `oldest key not yet in its day, week and month sketches (every 250 ms, after the warm-up): ${summary(steady(ages, 4))}`,
      `small project, produce -> visible in readSeries: ${summary(steady(delays.visible, 10))}` +
        (delays.visible.length < sentAt.length
          ? ` (only ${delays.visible.length} of ${sentAt.length} seen)`
          : ''),
      `small project, produce -> in its week sketch: ${summary(steady(delays.inWeekSketch, 10))}` +
        (delays.inWeekSketch.length < sentAt.length
          ? ` (only ${delays.inWeekSketch.length} of ${sentAt.length} seen)`
          : ''),
      `merge rounds: ${metric('enriched_consumer_sketch_merge_duration_seconds_count')}, mean ` +
        `${((metric('enriched_consumer_sketch_merge_duration_seconds_sum') / metric('enriched_consumer_sketch_merge_duration_seconds_count')) * 1000).toFixed(0)} ms, ` +
        `p99 at most ${histogramQuantileBound(text, 'enriched_consumer_sketch_merge_duration_seconds', 0.99)} s`,
      `flushes: ${flushes}, mean ${((metric('enriched_consumer_flush_duration_seconds_sum') / flushes) * 1000).toFixed(0)} ms, ` +
        `p99 at most ${histogramQuantileBound(text, 'enriched_consumer_flush_duration_seconds', 0.99)} s`,
      `consumer event loop delay: p99 ${(metric('enriched_consumer_nodejs_eventloop_lag_p99_seconds') * 1000).toFixed(0)} ms, ` +
        `max ${(metric('enriched_consumer_nodejs_eventloop_lag_max_seconds') * 1000).toFixed(0)} ms; peak RSS ${peakRss.toFixed(0)} MB`,
      `WAL: ${(walBytes / elapsed / 1024).toFixed(0)} kB/s over the run (${(((walBytes / elapsed) * 86_400) / 2 ** 30).toFixed(1)} GiB a day at this rate)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await wal.close();
    await sampler.end();
    await consumer.stop();
    await bench.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
