/**
 * applyBatch throughput: batches of 10,000 events (1,000 projects, 3 dates, 8 event types, 8,000 distinct
 * visitors) against the PostgreSQL of DATABASE_URL, in a scratch database created, migrated and dropped here.
 * Every iteration uses fresh offsets. Two scenarios: visitors and sessions new to the day every iteration
 * (every distinct key is inserted), and the same visitors returning (every key is already known).
 * Besides wall time it prints the CPU time a batch costs this process and the PostgreSQL backend (read from
 * /proc when the server runs on this machine): wall time grows with whatever else runs, CPU time much less.
 * Last, the floor: the same numbers of rows written by bare statements (bare-statements.floor.ts), and the
 * ratio of applyBatch to it, both measured in the same run.
 *
 *   npx tsx tools/src/bench/apply-batch.bench.ts [--iterations 50] [--warmup 5]
 */
import { cpus, loadavg } from 'node:os';
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
  /** Visitors returning every batch (their keys already stored) instead of new ones. */
  returning: boolean;
}

interface RunContext {
  store: MetricsStore;
  serverCpuMs: (() => number | null) | null;
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

/** Runs one scenario from offset block `startAt`. */
async function runScenario(ctx: RunContext, scenario: Scenario, startAt: number): Promise<ScenarioFigures> {
  const durations: number[] = [];
  let rows = 0;
  let distinct = 0;
  let clientCpu = 0;
  let serverCpu: number | null = 0;
  for (let i = 0; i < ctx.warmup + ctx.iterations; i += 1) {
    const iteration = startAt + i;
    const batch = makeBatch(iteration, scenario.returning ? 1 : iteration * 2 + 2);
    const serverBefore = ctx.serverCpuMs?.() ?? null;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const result = await ctx.store.applyBatch(batch);
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const serverAfter = ctx.serverCpuMs?.() ?? null;
    if (result.appliedEvents !== EVENTS)
      throw new Error(`applied ${result.appliedEvents} of ${EVENTS} events`);
    if (i < ctx.warmup) continue;
    durations.push(elapsed);
    rows += result.rowsTouched;
    distinct += result.newDistinctKeys;
    clientCpu += (cpu.user + cpu.system) / 1000;
    serverCpu =
      serverCpu === null || serverBefore === null || serverAfter === null
        ? null
        : serverCpu + serverAfter - serverBefore;
  }
  const s = summarize(durations);
  const seconds = durations.reduce((a, b) => a + b, 0) / 1000;
  const perBatch = (total: number) => total / s.samples;
  process.stdout.write(
    [
      `${scenario.name}: ${s.samples} batches of ${EVENTS} events`,
      `  wall time   median ${ms(s.medianMs)}   p99 ${ms(s.p99Ms)}   mean ${ms(s.meanMs)}   min ${ms(s.minMs)}   max ${ms(s.maxMs)}`,
      `  CPU per batch: this process ${ms(perBatch(clientCpu))}, PostgreSQL backend ${serverCpu === null ? 'n/a' : ms(perBatch(serverCpu))}`,
      `  per batch: ${perBatch(rows).toFixed(0)} daily_metrics rows upserted, ${perBatch(distinct).toFixed(0)} new distinct keys`,
      `  ${((rows + distinct) / seconds).toFixed(0)} rows/s written (daily_metrics + daily_distinct), ${((EVENTS * s.samples) / seconds).toFixed(0)} events/s`,
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
    options: { iterations: { type: 'string', default: '50' }, warmup: { type: 'string', default: '5' } },
  });
  loadLocalEnvFiles();
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: the benchmark needs a PostgreSQL 16 server URL');

  const database = await createScratchDatabase(serverUrl, 'bench_apply_batch');
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
      warmup: Number(values.warmup),
      iterations: Number(values.iterations),
    };
    process.stdout.write(`applyBatch benchmark (target: median under 80 ms); at the start: ${load()}\n\n`);
    const fresh = await runScenario(ctx, { name: 'new visitors every batch', returning: false }, 0);
    await runScenario(ctx, { name: 'returning visitors', returning: true }, fresh.next);
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
    process.stdout.write(
      `at the end: ${load()}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`,
    );
  } finally {
    await store?.close();
    await database.drop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
