/**
 * The duplicate windows at their fullest: `rate` events a second for a whole DEDUPE_WINDOW_MINUTES (10 by
 * default) already on the topic, their Kafka timestamps spread over the window up to now (produced as fast
 * as the broker takes them, with their record times set), 1% of them sent twice. Then:
 *   1. the consumer drains them: every event is in a window, which is as full as that rate ever makes it;
 *   2. live traffic at `rate` for `seconds`: resident memory (VmRSS, every 250 ms) and the windows' gauges;
 *   3. the consumer is killed (SIGKILL) and a new one started while live traffic goes on: the time to its
 *      first flush, which waits for the read-back of a partition's window, and the time until every
 *      partition has flushed and caught up (less than a second of traffic behind), its window then;
 *   4. copies of 1,000 preloaded events still inside the window (30 s of margin) are sent again: every one
 *      should be found in the windows the new consumer read back, and not counted.
 * Target (docs/operations.md#sizing): peak RSS < 300 MB at 5,000 events/s with the default window.
 *
 *   npx nx run tools:bench-dedupe-window -- [--rate 5000] [--seconds 60] [--window-minutes 10]
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { freePort } from '../infra/free-port';
import { waitUntil } from '@metrics-store/runtime';
import {
  benchEvent,
  countedRecords,
  openConsumerBench,
  startBenchConsumer,
  type BenchConsumer,
  type ConsumerBench,
} from './bench-consumer-setup';
import { prometheusValue } from './freshness-markers';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '60' },
    'window-minutes': { type: 'string', default: '10' },
  },
});
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const WINDOW_MS = Number(args['window-minutes']) * 60_000;
const PARTITIONS = 8;
const TICK_MS = 100;
const say = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

/** Resident memory now (VmRSS), in bytes; 0 once the process is gone. */
function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** 1% of the events sent twice, the copy right after its event. */
const isCopied = (i: number) => (Math.imul(i + 7, 2_246_822_519) >>> 0) % 100 === 0;

/** The window's worth of events, record times from `WINDOW_MS` ago to now; returns the records sent. */
async function preloadWindow(
  bench: ConsumerBench,
): Promise<{ events: number; records: number; end: number }> {
  const producer = bench.kafka.producer();
  await producer.connect();
  const events = Math.round((RATE * WINDOW_MS) / 1000);
  const end = Date.now();
  let records = 0;
  const perRequest = 5_000;
  for (let start = 0; start < events; start += perRequest * 4) {
    const sends = [];
    for (let s = start; s < Math.min(events, start + perRequest * 4); s += perRequest) {
      const messages = [];
      for (let i = s; i < Math.min(events, s + perRequest); i += 1) {
        const message = {
          ...benchEvent(i, end),
          timestamp: String(Math.round(end - WINDOW_MS + (i * WINDOW_MS) / events)),
        };
        messages.push(message);
        if (isCopied(i)) messages.push(message);
      }
      records += messages.length;
      sends.push(producer.send({ topic: bench.topic, acks: 1, messages }));
    }
    await Promise.all(sends);
  }
  await producer.disconnect();
  return { events, records, end };
}

/** Live events at RATE from event number `from`, until `stop()`; their record times are now. */
function liveTraffic(bench: ConsumerBench, from: number): { stop(): Promise<number> } {
  const producer = bench.kafka.producer();
  let running = true;
  let sent = 0;
  const done = (async () => {
    await producer.connect();
    const started = performance.now();
    for (let tick = 0; running; tick += 1) {
      const messages = [];
      for (let i = 0; i < (RATE * TICK_MS) / 1000; i += 1) {
        const n = from + sent + i;
        messages.push(benchEvent(n, Date.now()));
        if (isCopied(n)) messages.push(messages[messages.length - 1]);
      }
      sent += (RATE * TICK_MS) / 1000;
      await producer.send({ topic: bench.topic, acks: 1, messages });
      const wait = started + (tick + 1) * TICK_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await producer.disconnect();
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return sent;
    },
  };
}

/** The consumer's Prometheus text. */
const scrape = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

async function windowGauges(port: number): Promise<string> {
  const text = await scrape(port);
  const events = prometheusValue(text, 'enriched_consumer_duplicate_window_events');
  const bytes = prometheusValue(text, 'enriched_consumer_duplicate_window_bytes');
  const duplicates = prometheusValue(text, 'enriched_consumer_duplicate_events_total');
  // Where the rest of the resident memory is: V8's heap, and memory outside it (typed arrays, Buffers).
  const heap = prometheusValue(text, 'enriched_consumer_nodejs_heap_size_used_bytes');
  const external = prometheusValue(text, 'enriched_consumer_nodejs_external_memory_bytes');
  return (
    `windows hold ${events.toLocaleString('en')} events in ${mb(bytes)} (${(bytes / events).toFixed(0)} B an event); ` +
    `${duplicates.toLocaleString('en')} duplicates not counted; heap used ${mb(heap)}, external ${mb(external)}`
  );
}

async function duplicatesCounted(port: number): Promise<number> {
  const text = await scrape(port);
  return prometheusValue(text, 'enriched_consumer_duplicate_events_total');
}

/** Copies, sent now, of 1,000 preloaded events whose record time is still 30 s inside the window; how many. */
async function sendCopiesInsideWindow(
  bench: ConsumerBench,
  events: number,
  end: number,
  shift = 0,
): Promise<number> {
  const oldestKept = Date.now() - WINDOW_MS + 30_000;
  const first = Math.ceil(((oldestKept - (end - WINDOW_MS)) / WINDOW_MS) * events);
  if (first >= events) return 0;
  const step = Math.max(1, Math.floor((events - first) / 1_000));
  const messages = [];
  for (let i = first + shift; i < events && messages.length < 1_000; i += step)
    messages.push(benchEvent(i, end));
  const producer = bench.kafka.producer();
  await producer.connect();
  await producer.send({ topic: bench.topic, acks: 1, messages });
  await producer.disconnect();
  return messages.length;
}

/** Records behind over every partition, as of each one's last flush; Infinity while one has not flushed. */
async function totalLag(port: number): Promise<number> {
  const text = await scrape(port);
  const lags = [...text.matchAll(/^enriched_consumer_lag_records\{[^}]*\} (\S+)$/gm)].map((m) =>
    Number(m[1]),
  );
  return lags.length < PARTITIONS ? Number.POSITIVE_INFINITY : lags.reduce((sum, lag) => sum + lag, 0);
}

async function startConsumer(bench: ConsumerBench): Promise<{ app: BenchConsumer; port: number }> {
  const port = await freePort();
  return { app: startBenchConsumer(bench, { CONSUMER_HTTP_PORT: String(port) }), port };
}

async function main(): Promise<void> {
  const bench = await openConsumerBench('dedupe', PARTITIONS);
  try {
    let started = performance.now();
    const { events, records, end } = await preloadWindow(bench);
    say(
      `preloaded ${events.toLocaleString('en')} events (${RATE}/s over ${WINDOW_MS / 60_000} min of record time) as ` +
        `${records.toLocaleString('en')} records in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );

    const first = await startConsumer(bench);
    started = performance.now();
    await waitUntil(
      'the window to be drained',
      async () => (await countedRecords(bench)) >= records,
      600_000,
      250,
    );
    say(
      `1. drained in ${((performance.now() - started) / 1000).toFixed(1)} s; RSS ${mb(rssBytes(first.app.pid))}; ` +
        (await windowGauges(first.port)),
    );

    const live = liveTraffic(bench, events);
    let peak = 0;
    const until = performance.now() + SECONDS * 1000;
    while (performance.now() < until) {
      peak = Math.max(peak, rssBytes(first.app.pid));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    say(
      `2. live at ${RATE} events/s for ${SECONDS} s: peak RSS ${mb(peak)}; ${await windowGauges(first.port)}`,
    );

    const beforeCopies = await duplicatesCounted(first.port);
    const copiesLive = await sendCopiesInsideWindow(bench, events, end, 1);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    say(
      `2b. copies of ${copiesLive} preloaded events inside the window sent to the running consumer: ` +
        `${(await duplicatesCounted(first.port)) - beforeCopies} found as duplicates`,
    );

    const before = await countedRecords(bench);
    process.kill(first.app.pid, 'SIGKILL');
    await waitUntil(
      'the killed consumer to end',
      async () => first.app.exitCode() !== null || rssBytes(first.app.pid) === 0,
      10_000,
      50,
    );
    const second = await startConsumer(bench);
    started = performance.now();
    await waitUntil('a first flush', async () => (await countedRecords(bench)) > before, 600_000, 100);
    const firstFlushS = (performance.now() - started) / 1000;
    await waitUntil(
      'the new consumer to be ready',
      async () => (await fetch(`http://127.0.0.1:${second.port}/readyz`).catch(() => null))?.ok === true,
      600_000,
      100,
    );
    const readyS = (performance.now() - started) / 1000;
    await waitUntil(
      'every partition to catch up',
      async () => (await totalLag(second.port)) < RATE,
      600_000,
      250,
    );
    const caughtUpS = (performance.now() - started) / 1000;
    const liveSent = await live.stop();
    say(
      `3. after a SIGKILL, a new consumer's first flush ${firstFlushS.toFixed(1)} s after its start, ready after ` +
        `${readyS.toFixed(1)} s, every partition caught up after ${caughtUpS.toFixed(1)} s; ` +
        `RSS ${mb(rssBytes(second.app.pid))}; ${await windowGauges(second.port)}`,
    );
    say(`live events sent: ${liveSent.toLocaleString('en')}`);

    // Live traffic has stopped; once every partition has counted the rest of it, every duplicate found is
    // one of the copies.
    await waitUntil(
      'the live traffic to be counted',
      async () => (await totalLag(second.port)) === 0,
      120_000,
      250,
    );
    const duplicatesBefore = await duplicatesCounted(second.port);
    const copies = await sendCopiesInsideWindow(bench, events, end);
    await waitUntil(
      'the copies to be found',
      async () => (await duplicatesCounted(second.port)) - duplicatesBefore >= copies,
      30_000,
      250,
    ).catch(() => undefined);
    const found = (await duplicatesCounted(second.port)) - duplicatesBefore;
    say(`4. copies of ${copies} preloaded events inside the window sent again: ${found} found as duplicates`);
    await second.app.stop();
  } finally {
    await bench.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
