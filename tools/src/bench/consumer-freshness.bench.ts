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
import { freePort } from '../infra/free-port';
import { waitUntil } from '@metrics-store/runtime';
import { benchEvent, openConsumerBench, startBenchConsumer } from './bench-consumer-setup';
import { markerEvent, prometheusValue, summary, watchMarkers } from './freshness-markers';

const RATE = Number(process.argv[2] ?? 5_000);
const SECONDS = Number(process.argv[3] ?? 20);
const HISTORY_DAYS = Number(process.argv[4] ?? 30);
const PROJECTS = Number(process.argv[5] ?? 1_000);
const TICK_MS = 100;
// The first seconds warm caches (project zones, connections, JIT) and the merger starts from a backlog of
// first keys of every day; the steady-state figures are of the markers sent after them.
const WARMUP_SECONDS = 5;

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
    const markers = watchMarkers(bench.store, bench.database.url, sentAt);

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
    const delays = await markers.finish();
    if (delays.visible.length < sentAt.length)
      throw new Error(`only ${delays.visible.length} of ${sentAt.length} markers became visible`);
    await producer.disconnect();

    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const metric = (name: string) => prometheusValue(text, name);
    const flushes = metric('enriched_consumer_flush_duration_seconds_count');
    const rounds = metric('enriched_consumer_sketch_merge_duration_seconds_count');
    const phases = (samples: number[]) =>
      `steady state ${summary(samples.slice(warmupTicks))}; warm-up (first ${WARMUP_SECONDS} s) ${summary(samples.slice(0, warmupTicks))}`;
    const lines = [
      `produced ${sent} events in ${elapsed.toFixed(1)} s (${Math.round(sent / elapsed)} events/s spread over ${PROJECTS} projects and the last ${HISTORY_DAYS * 24} hours, the first ${WARMUP_SECONDS} s as warm-up), ${sentAt.length} markers, consumer run from ${consumer.mode}`,
      `flushes: ${flushes}, mean ${((metric('enriched_consumer_flush_duration_seconds_sum') / flushes) * 1000).toFixed(0)} ms, mean ${(metric('enriched_consumer_flush_events_sum') / flushes).toFixed(0)} events each`,
      `sketch merge rounds: ${rounds}, mean ${((metric('enriched_consumer_sketch_merge_duration_seconds_sum') / rounds) * 1000).toFixed(0)} ms; keys left ${metric('enriched_consumer_sketch_keys_pending')}, the oldest ${metric('enriched_consumer_sketch_oldest_key_age_seconds').toFixed(1)} s old`,
      `consumer event loop delay over the run: p99 ${(metric('enriched_consumer_nodejs_eventloop_lag_p99_seconds') * 1000).toFixed(0)} ms, max ${(metric('enriched_consumer_nodejs_eventloop_lag_max_seconds') * 1000).toFixed(0)} ms`,
      `produce -> visible in readSeries: ${phases(delays.visible)}`,
      delays.inWeekSketch.length < sentAt.length
        ? `produce -> in the week sketch: only ${delays.inWeekSketch.length} of ${sentAt.length} markers within 30 s of the end`
        : `produce -> in the week's unique_users sketch: ${phases(delays.inWeekSketch)}`,
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
