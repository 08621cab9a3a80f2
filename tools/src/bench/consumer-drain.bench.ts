/**
 * Drain rate of the enriched consumer next to a bare kafkajs consumer that only reads and JSON.parses the
 * same topic (the ceiling), plus the consumer's peak RSS. Targets: >= 50,000 events/s, >= 0.6 of
 * the ceiling, peak RSS < 300 MB.
 *
 *   DATABASE_URL=postgres://... KAFKA_BROKERS=host:port npx tsx tools/src/bench/consumer-drain.bench.ts [events]
 * Env: BENCH_DUPLICATE_PERCENT (0): that share of the events sent twice, as an at-least-once upstream step
 * does; the drain then ends when every record, copies included, is through a flush.
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
const DUPLICATE_PERCENT = Number(process.env.BENCH_DUPLICATE_PERCENT ?? 0);
const CONCURRENCY = Number(process.env.KAFKA_PARTITIONS_CONCURRENTLY ?? 8);

const rate = (events: number, ms: number) => Math.round((events / ms) * 1000);

/** Seconds from the first record to the last, for a consumer that only parses. */
async function ceiling(
  bench: ConsumerBench,
  records: number,
): Promise<{ firstToLastMs: number; totalMs: number }> {
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
      if (parsed >= records) resolveDone();
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

async function drain(bench: ConsumerBench, records: number): Promise<DrainResult> {
  const app = startBenchConsumer(bench, { KAFKA_PARTITIONS_CONCURRENTLY: String(CONCURRENCY) });
  const started = performance.now();
  let first = 0;
  for (;;) {
    const counted = await countedRecords(bench);
    if (counted > 0 && first === 0) first = performance.now();
    if (counted >= records) break;
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
    const records = await preload(producer, bench.topic, EVENTS, Date.now(), DUPLICATE_PERCENT);
    await producer.disconnect();
    process.stdout.write(
      `preloaded ${EVENTS} events as ${records} records (${records - EVENTS} copies) in ${((performance.now() - loadStart) / 1000).toFixed(1)} s\n`,
    );

    const bare = await ceiling(bench, records);
    const consumer = await drain(bench, records);
    const ceilingRate = rate(records, bare.firstToLastMs);
    const consumerRate = rate(records, consumer.firstToLastMs);
    const lines = [
      `partitions=${PARTITIONS} partitionsConsumedConcurrently=${CONCURRENCY} consumer run from ${consumer.mode}`,
      `ceiling (kafkajs + JSON.parse): ${ceilingRate} records/s (${(bare.firstToLastMs / 1000).toFixed(1)} s first to last record, ${(bare.totalMs / 1000).toFixed(1)} s with start-up)`,
      `enriched-consumer drain:        ${consumerRate} records/s (${(consumer.firstToLastMs / 1000).toFixed(1)} s first to last flush, ${(consumer.totalMs / 1000).toFixed(1)} s with process start-up)`,
      `ratio: ${(consumerRate / ceilingRate).toFixed(2)} of the ceiling`,
      `consumer peak RSS (VmHWM): ${consumer.peakRssMb.toFixed(0)} MB`,
      `consumer CPU: ${consumer.cpuSeconds.toFixed(1)} s user+system (${((consumer.cpuSeconds / records) * 1e6).toFixed(1)} µs per record)`,
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
