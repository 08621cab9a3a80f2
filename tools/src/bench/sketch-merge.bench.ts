/**
 * What keeping a day's sketches fresh costs as the day grows: for each day size (10,000 and 5,000,000 keys of
 * each kind by default) one project's today is seeded with that many visitor and session keys (by SQL) and its
 * sketches rebuilt (timed, with the process's peak heap), then flushes of new visitors go through the real
 * applyBatch and the merger runs a round after every flush (as the consumer does once a second) and, in a
 * second pass, after every second flush (SKETCH_MERGE_INTERVAL_MS=2000). Per round: wall time, CPU of this
 * process and of the PostgreSQL backend per new key, the longest the round held the event loop, and the WAL
 * it wrote, with what that makes per day for one busy project. The last lines compare the sizes: the merger's
 * CPU per new key should not grow with what the day already holds.
 *
 *   DATABASE_URL=postgres://... npx nx run tools:bench-sketch-merge -- [--days 10000,5000000] [--flushes 20] [--keys-per-flush 3000]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  createMetricsStore,
  runMigrations,
  type CountedEvent,
  type MetricsStore,
} from '@metrics-store/metrics-db';
import { seedDayOfKeys } from '@metrics-store/metrics-db/testing';
import { createScratchDatabase } from '@metrics-store/testing';
import { backendCpuReader } from './bench-backend-cpu';
import { percentile } from './bench-stats';
import { openWalMeter } from './bench-wal.meter';
import { benchDatabaseUrl } from './bench-env';

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '10000,5000000' },
    flushes: { type: 'string', default: '20' },
    'keys-per-flush': { type: 'string', default: '3000' },
  },
});
const DAY_SIZES = String(args.days).split(',').map(Number);
const FLUSHES = Number(args.flushes);
const PER_FLUSH = Number(args['keys-per-flush']);
const PROJECT = '6f1c2a7e-0000-4000-8000-00000000b16d';
const APPLICATION_NAME = 'bench-sketch-merge';
const SECONDS_PER_DAY = 86_400;

interface Figures {
  dayKeys: number;
  rebuildSeconds: number;
  rebuildPeakHeapMb: number;
  rounds: {
    wallMs: number[];
    processCpuMs: number;
    backendCpuMs: number | null;
    keys: number;
    walBytes: number;
  };
  roundsEvery2: { count: number; walBytes: number };
  loopMaxMs: number;
}

/** Peak heap used while `work` runs, sampled every 20 ms. */
async function withPeakHeap<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number }> {
  let peak = process.memoryUsage().heapUsed;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  try {
    const result = await work();
    return { result, peakMb: Math.max(peak, process.memoryUsage().heapUsed) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

let offset = 0;
/** A flush of `count` visitors new to the day, each with a session of its own. */
async function flushNewVisitors(
  store: MetricsStore,
  date: string,
  count: number,
  salt: number,
): Promise<void> {
  const events: CountedEvent[] = Array.from({ length: count }, (_, i) => ({
    offset: String(offset + i),
    projectId: PROJECT,
    date,
    type: 'page_view',
    instantMs: Date.parse(date) + i,
    visitorKey: BigInt.asIntN(64, BigInt(salt * 1_000_003 + i) * 0x9e3779b97f4a7c15n),
    sessionKey: BigInt.asIntN(64, BigInt(salt * 1_000_003 + i) * 0xbf58476d1ce4e5b9n),
  }));
  await store.applyBatch({
    groupId: 'bench',
    topic: 'bench',
    segments: [{ partition: 0, firstOffset: String(offset), nextOffset: String(offset + count), events }],
  });
  offset += count;
}

async function measureDay(serverUrl: string, dayKeys: number): Promise<Figures> {
  const database = await createScratchDatabase(serverUrl, 'bench_sketch_merge');
  await runMigrations(database.url);
  const store = await createMetricsStore({
    databaseUrl: database.url,
    poolSize: 2,
    applicationName: APPLICATION_NAME,
  });
  const wal = await openWalMeter(database.url);
  try {
    const date = new Date().toISOString().slice(0, 10);
    await seedDayOfKeys(database.url, { projectId: PROJECT, date, keys: dayKeys });
    const rebuildStarted = performance.now();
    const rebuilt = await withPeakHeap(() => store.rebuildSketches({ projectId: PROJECT }));
    const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
    await store.ping();
    const backendCpu = await backendCpuReader(database.url, APPLICATION_NAME);
    let loopMaxMs = 0;
    const rounds: Figures['rounds'] = { wallMs: [], processCpuMs: 0, backendCpuMs: 0, keys: 0, walBytes: 0 };
    for (let i = 0; i < FLUSHES; i++) {
      await flushNewVisitors(store, date, PER_FLUSH, i + 1);
      const lsn = await wal.lsn();
      const backendBefore = backendCpu?.() ?? null;
      const cpu = process.cpuUsage();
      const started = performance.now();
      // A histogram of its own per round: one enabled again counts the time it was off as a delay.
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const round = await store.mergeSketches();
      loop.disable();
      loopMaxMs = Math.max(loopMaxMs, loop.max / 1e6);
      rounds.wallMs.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      rounds.processCpuMs += (used.user + used.system) / 1000;
      const backendAfter = backendCpu?.() ?? null;
      rounds.backendCpuMs =
        rounds.backendCpuMs === null || backendBefore === null || backendAfter === null
          ? null
          : rounds.backendCpuMs + backendAfter - backendBefore;
      rounds.walBytes += await wal.bytesSince(lsn);
      if (round.status !== 'merged') throw new Error('another merger runs on the benchmark database');
      rounds.keys += round.keys;
    }
    const roundsEvery2 = { count: 0, walBytes: 0 };
    for (let i = 0; i < FLUSHES; i += 2) {
      await flushNewVisitors(store, date, PER_FLUSH, 1_000 + i);
      await flushNewVisitors(store, date, PER_FLUSH, 1_001 + i);
      const lsn = await wal.lsn();
      await store.mergeSketches();
      roundsEvery2.walBytes += await wal.bytesSince(lsn);
      roundsEvery2.count += 1;
    }
    return {
      dayKeys,
      rebuildSeconds,
      rebuildPeakHeapMb: rebuilt.peakMb,
      rounds,
      roundsEvery2,
      loopMaxMs,
    };
  } finally {
    await wal.close();
    await store.close();
    await database.drop();
  }
}

const perKeyUs = (ms: number | null, keys: number) =>
  ms === null ? 'n/a' : `${((ms * 1000) / keys).toFixed(2)} µs`;

function report(f: Figures): string {
  const sorted = [...f.rounds.wallMs].sort((a, b) => a - b);
  const walPerRound = f.rounds.walBytes / f.rounds.wallMs.length;
  const walPerRound2 = f.roundsEvery2.walBytes / f.roundsEvery2.count;
  return [
    `day of ${f.dayKeys.toLocaleString('en')} keys per kind:`,
    `  rebuild: ${f.rebuildSeconds.toFixed(1)} s, peak heap ${f.rebuildPeakHeapMb.toFixed(0)} MB`,
    `  merge round after each flush of ${PER_FLUSH} new visitors (${(2 * PER_FLUSH).toLocaleString('en')} keys): ` +
      `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, event loop held at most ${f.loopMaxMs.toFixed(1)} ms`,
    `  CPU per new key: this process ${perKeyUs(f.rounds.processCpuMs, f.rounds.keys)}, PostgreSQL backend ${perKeyUs(f.rounds.backendCpuMs, f.rounds.keys)}`,
    `  WAL per round: ${(walPerRound / 1024).toFixed(1)} kB (${(f.rounds.walBytes / f.rounds.keys).toFixed(1)} B per new key); ` +
      `a round every 1 s all day: ${((walPerRound * SECONDS_PER_DAY) / 2 ** 30).toFixed(2)} GiB`,
    `  WAL per round after every 2nd flush: ${(walPerRound2 / 1024).toFixed(1)} kB; a round every 2 s all day: ` +
      `${((walPerRound2 * SECONDS_PER_DAY) / 2 / 2 ** 30).toFixed(2)} GiB (${((walPerRound2 / 2 / walPerRound) * 100).toFixed(0)}% of every 1 s)`,
  ].join('\n');
}

async function main(): Promise<void> {
  const serverUrl = benchDatabaseUrl();
  const all: Figures[] = [];
  for (const size of DAY_SIZES) {
    const figures = await measureDay(serverUrl, size);
    all.push(figures);
    process.stdout.write(`${report(figures)}\n`);
  }
  if (all.length > 1) {
    const [small, big] = [all[0], all[all.length - 1]];
    const cpu = (f: Figures) => (f.rounds.processCpuMs + (f.rounds.backendCpuMs ?? 0)) / f.rounds.keys;
    process.stdout.write(
      `merger CPU per new key (process + backend), ${big.dayKeys.toLocaleString('en')} against ` +
        `${small.dayKeys.toLocaleString('en')} keys: ${(cpu(big) / cpu(small)).toFixed(2)}x (target: within 2x)\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
