/**
 * Freshness of the enriched consumer: at a steady 5,000 events/s for a warm-up and then ~20 s, the delay from producing an
 * event to seeing it counted through the store's read path (readSeries, what the API serves). One marker
 * event per tick goes to a project of its own, each from a visitor of its own; its total_events tells which
 * markers are visible, and the cardinality of its week's unique_users sketch in distinct_sketches which
 * markers the sketch merger has added. Targets (docs/events.md): p99 under 1 s; sketches within 5 s.
 * Markers are sent from the start; those of the first WARMUP_SECONDS (the consumer's first flushes and the
 * merger's first rounds over the backlog of every day that got its first key) are reported on their own,
 * the figures after them are the steady state.
 *
 * The other events fall on the last `days` days at random (30 by default: nearly every event on a day of
 * 30,000 project-days, the sketch merger's worst case; 1 is live traffic, every event of the last 24 hours).
 * They go to 1,000 projects, or `projects`: with few, every day holds thousands of visitors and each merge
 * of it builds a large sketch.
 *
 *   DATABASE_URL=postgres://... KAFKA_BROKERS=host:port npx tsx tools/src/bench/consumer-freshness.bench.ts [events/s] [seconds] [days] [projects]
 */
import { Client } from 'pg';
import { DistinctSketch } from '@metrics-store/distinct-sketch';
import { freePort } from '../infra/free-port';
import { waitUntil } from '../infra/wait-until';
import { benchEvent, openConsumerBench, startBenchConsumer } from './bench-consumer-setup';
import { percentile } from './bench-stats';

const RATE = Number(process.argv[2] ?? 5_000);
const SECONDS = Number(process.argv[3] ?? 20);
const HISTORY_DAYS = Number(process.argv[4] ?? 30);
const PROJECTS = Number(process.argv[5] ?? 1_000);
const TICK_MS = 100;
// The first seconds warm caches (project zones, connections, JIT) and the merger starts from every day
// marked at once; the steady-state figures are of the markers sent after them.
const WARMUP_SECONDS = 5;
const MARKER_PROJECT = '6f1c2a7e-0000-4000-8000-fffffffffff0';

/** The marker event `n`: a visitor nobody else is. */
function markerEvent(i: number, n: number): { key: string; value: string } {
  const { key, value } = benchEvent(i, Date.now(), MARKER_PROJECT);
  const { anonymous_id: _anonymous, ...event } = JSON.parse(value) as Record<string, unknown>;
  return { key, value: JSON.stringify({ ...event, user_id: `marker-visitor-${n}` }) };
}

// The marker project's unique_users of this ISO week as its sketch says; null while there is none.
const WEEK_SKETCH = `
  SELECT sketch FROM distinct_sketches
  WHERE project_id = $1 AND metric_name = 'unique_users' AND period = 'week'
    AND period_start = date_trunc('week', (now() AT TIME ZONE 'UTC'))::date`;

/** Polls the week sketch; resolves with the delays, or null where the schema has no sketches. */
async function pollWeekSketch(
  databaseUrl: string,
  sentAt: readonly number[],
  keepGoing: (visible: number) => boolean,
): Promise<number[] | null> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('distinct_sketches') IS NOT NULL AS present`);
    if (!table.rows[0].present) return null;
    const delays: number[] = [];
    while (keepGoing(delays.length)) {
      const { rows } = await client.query<{ sketch: Buffer }>(WEEK_SKETCH, [MARKER_PROJECT]);
      const seen = rows.length === 0 ? 0 : DistinctSketch.decode(rows[0].sketch).cardinality();
      const now = performance.now();
      while (delays.length < Math.min(seen, sentAt.length)) delays.push(now - sentAt[delays.length]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return delays;
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const bench = await openConsumerBench('fresh', 6);
  const port = await freePort();
  const consumer = startBenchConsumer(bench, { CONSUMER_HTTP_PORT: String(port) });
  try {
    await waitUntil(
      'the consumer to be ready',
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.ok === true,
      60_000,
    );
    const producer = bench.kafka.producer();
    await producer.connect();

    const sentAt: number[] = [];
    const delays: number[] = [];
    let visible = 0;
    let producing = true;
    const today = () => new Date().toISOString().slice(0, 10);
    let giveUpAt = Number.POSITIVE_INFINITY;
    const poll = (async () => {
      while ((producing || visible < sentAt.length) && performance.now() < giveUpAt) {
        const series = await bench.store.readSeries({
          projectId: MARKER_PROJECT,
          from: today(),
          to: today(),
          metrics: ['total_events'],
          granularity: 'day',
        });
        const counted = series.total_events?.total ?? 0;
        const now = performance.now();
        for (; visible < counted; visible += 1) delays.push(now - sentAt[visible]);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    const sketchPoll = pollWeekSketch(
      bench.database.url,
      sentAt,
      (seen) => (producing || seen < sentAt.length) && performance.now() < giveUpAt,
    );

    const perTick = Math.round((RATE * TICK_MS) / 1000);
    const started = performance.now();
    let sent = 0;
    const warmupTicks = (WARMUP_SECONDS * 1000) / TICK_MS;
    for (let tick = 0; tick < warmupTicks + (SECONDS * 1000) / TICK_MS; tick += 1) {
      const messages = [markerEvent(sent, sentAt.length)];
      for (let i = messages.length; i < perTick; i += 1)
        messages.push(benchEvent(sent + i, Date.now(), undefined, HISTORY_DAYS, PROJECTS));
      sentAt.push(performance.now());
      await producer.send({ topic: bench.topic, acks: 1, messages });
      sent += perTick;
      const wait = started + (tick + 1) * TICK_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    const elapsed = (performance.now() - started) / 1000;
    producing = false;
    giveUpAt = performance.now() + 30_000;
    await poll;
    if (visible < sentAt.length)
      throw new Error(`only ${visible} of ${sentAt.length} markers became visible`);
    const sketchDelays = await sketchPoll;
    await producer.disconnect();

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const metric = (name: string) =>
      Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1] ?? Number.NaN);
    const flushes = metric('enriched_consumer_flush_duration_seconds_count');
    const summary = (samples: number[]) => {
      const sorted = [...samples].sort((a, b) => a - b);
      return `p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms`;
    };
    const phases = (samples: number[]) =>
      `steady state ${summary(samples.slice(warmupTicks))}; warm-up (first ${WARMUP_SECONDS} s) ${summary(samples.slice(0, warmupTicks))}`;
    const lines = [
      `produced ${sent} events in ${elapsed.toFixed(1)} s (${Math.round(sent / elapsed)} events/s spread over ${PROJECTS} projects and the last ${HISTORY_DAYS * 24} hours, the first ${WARMUP_SECONDS} s as warm-up), ${sentAt.length} markers, consumer run from ${consumer.mode}`,
      `flushes: ${flushes}, mean ${((metric('enriched_consumer_flush_duration_seconds_sum') / flushes) * 1000).toFixed(0)} ms, mean ${(metric('enriched_consumer_flush_events_sum') / flushes).toFixed(0)} events each`,
      `sketch merge rounds: ${metric('enriched_consumer_sketch_merge_duration_seconds_count')}, mean ${((metric('enriched_consumer_sketch_merge_duration_seconds_sum') / metric('enriched_consumer_sketch_merge_duration_seconds_count')) * 1000).toFixed(0)} ms; marks left ${metric('enriched_consumer_sketch_marks_pending')}, the oldest ${metric('enriched_consumer_sketch_oldest_mark_age_seconds').toFixed(1)} s old`,
      `consumer event loop delay over the run: p99 ${(metric('enriched_consumer_nodejs_eventloop_lag_p99_seconds') * 1000).toFixed(0)} ms, max ${(metric('enriched_consumer_nodejs_eventloop_lag_max_seconds') * 1000).toFixed(0)} ms`,
      `produce -> visible in readSeries: ${phases(delays)}`,
      sketchDelays === null
        ? 'produce -> in the week sketch of distinct_sketches: n/a (no sketches in this schema)'
        : sketchDelays.length < sentAt.length
          ? `produce -> in the week sketch: only ${sketchDelays.length} of ${sentAt.length} markers within 30 s of the end`
          : `produce -> in the week's unique_users sketch: ${phases(sketchDelays)}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await consumer.stop();
    await bench.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
