/**
 * Drain rate of the enriched consumer next to a bare kafkajs consumer that only reads and JSON.parses the
 * same topic (the ceiling), plus the consumer's peak RSS. Targets: >= 50,000 events/s, >= 0.6 of
 * the ceiling, peak RSS < 300 MB.
 *
 *   DATABASE_URL=postgres://... KAFKA_BROKERS=host:port npx tsx tools/src/bench/consumer-drain.bench.ts [events]
 */
import {
  countedRecords,
  cpuSeconds,
  openConsumerBench,
  peakRssMb,
  preload,
  startBenchConsumer,
  type ConsumerBench,
} from './bench-consumer-setup';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const PARTITIONS = 8;
const CONCURRENCY = Number(process.env.KAFKA_PARTITIONS_CONCURRENTLY ?? 8);

const rate = (events: number, ms: number) => Math.round((events / ms) * 1000);

/** Seconds from the first record to the last, for a consumer that only parses. */
async function ceiling(bench: ConsumerBench): Promise<{ firstToLastMs: number; totalMs: number }> {
  const consumer = bench.kafka.consumer({
    groupId: `${bench.groupId}_ceiling`,
    maxBytesPerPartition: 2 * 1024 * 1024,
  });
  const started = performance.now();
  let first = 0;
  let parsed = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  await consumer.connect();
  await consumer.subscribe({ topic: bench.topic, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: CONCURRENCY,
    eachBatch: async ({ batch }) => {
      if (first === 0) first = performance.now();
      for (const message of batch.messages) if (message.value) JSON.parse(message.value.toString('utf8'));
      parsed += batch.messages.length;
      if (parsed >= EVENTS) resolveDone();
    },
  });
  await done;
  const end = performance.now();
  await consumer.disconnect();
  return { firstToLastMs: end - first, totalMs: end - started };
}

interface DrainResult {
  firstToLastMs: number;
  totalMs: number;
  peakRssMb: number;
  cpuSeconds: number;
  mode: string;
}

async function drain(bench: ConsumerBench): Promise<DrainResult> {
  const app = startBenchConsumer(bench, { KAFKA_PARTITIONS_CONCURRENTLY: String(CONCURRENCY) });
  const started = performance.now();
  let first = 0;
  for (;;) {
    const counted = await countedRecords(bench);
    if (counted > 0 && first === 0) first = performance.now();
    if (counted >= EVENTS) break;
    if (app.exitCode() !== null) throw new Error(`consumer exited with ${app.exitCode()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const end = performance.now();
  const rss = peakRssMb(app.pid);
  const cpu = cpuSeconds(app.pid);
  await app.stop();
  return {
    firstToLastMs: end - first,
    totalMs: end - started,
    peakRssMb: rss,
    cpuSeconds: cpu,
    mode: app.mode,
  };
}

async function main(): Promise<void> {
  const bench = await openConsumerBench('drain', PARTITIONS);
  try {
    const producer = bench.kafka.producer();
    await producer.connect();
    const loadStart = performance.now();
    await preload(producer, bench.topic, EVENTS, Date.now());
    await producer.disconnect();
    process.stdout.write(
      `preloaded ${EVENTS} events in ${((performance.now() - loadStart) / 1000).toFixed(1)} s\n`,
    );

    const bare = await ceiling(bench);
    const consumer = await drain(bench);
    const ceilingRate = rate(EVENTS, bare.firstToLastMs);
    const consumerRate = rate(EVENTS, consumer.firstToLastMs);
    const lines = [
      `partitions=${PARTITIONS} partitionsConsumedConcurrently=${CONCURRENCY} consumer run from ${consumer.mode}`,
      `ceiling (kafkajs + JSON.parse): ${ceilingRate} events/s (${(bare.firstToLastMs / 1000).toFixed(1)} s first to last record, ${(bare.totalMs / 1000).toFixed(1)} s with start-up)`,
      `enriched-consumer drain:        ${consumerRate} events/s (${(consumer.firstToLastMs / 1000).toFixed(1)} s first to last flush, ${(consumer.totalMs / 1000).toFixed(1)} s with process start-up)`,
      `ratio: ${(consumerRate / ceilingRate).toFixed(2)} of the ceiling`,
      `consumer peak RSS (VmHWM): ${consumer.peakRssMb.toFixed(0)} MB`,
      `consumer CPU: ${consumer.cpuSeconds.toFixed(1)} s user+system (${((consumer.cpuSeconds / EVENTS) * 1e6).toFixed(1)} µs per event)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await bench.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
