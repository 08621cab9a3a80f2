/**
 * applyBatch throughput: batches of 10,000 events (1,000 projects, 3 dates, 8 event types, 8,000 distinct
 * visitors) against the PostgreSQL of DATABASE_URL, in a scratch database created, migrated and dropped here.
 * Every iteration uses fresh offsets. Two scenarios: visitors and sessions new to the day every iteration
 * (every distinct key is inserted), and the same visitors returning (every key is already known).
 *
 *   npx tsx tools/src/bench/apply-batch.bench.ts [--iterations 50] [--warmup 5]
 */
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
import { createScratchDatabase } from './bench-database';
import { summarize } from './bench-stats';

const EVENTS = 10_000;
const PROJECTS = 1_000;
const DATES = ['2026-11-01', '2026-11-02', '2026-11-03'];
const TYPES = ['page_view', 'screen_view', 'click', 'scroll', 'signup', 'purchase', 'search', 'share'];
const VISITORS = 8_000;
const PARTITIONS = 4;

const projectId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A 64-bit mix, standing in for the consumer's hash of a visitor or session id. */
function key64(salt: number, n: number): bigint {
  let x = BigInt.asUintN(64, BigInt(salt) * 0x9e3779b97f4a7c15n + BigInt(n) * 0xbf58476d1ce4e5b9n);
  x = BigInt.asUintN(64, (x ^ (x >> 31n)) * 0x94d049bb133111ebn);
  return BigInt.asIntN(64, x ^ (x >> 29n));
}

/** One batch; `keySalt` decides whether the visitors are new (a fresh salt) or returning (a fixed one). */
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
        date: DATES[n % DATES.length],
        type: TYPES[(n * 7 + iteration) % TYPES.length],
        visitorKey: key64(keySalt, visitor),
        sessionKey: key64(keySalt + 1_000_003, visitor),
      };
    });
    return { partition, firstOffset: String(first), nextOffset: String(first + perPartition), events };
  });
  return { groupId: 'bench', topic: 'events.enriched', segments };
}

async function scenario(
  store: MetricsStore,
  name: string,
  warmup: number,
  iterations: number,
  startAt: number,
  returning: boolean,
) {
  const durations: number[] = [];
  let rows = 0;
  let distinct = 0;
  for (let i = 0; i < warmup + iterations; i += 1) {
    const iteration = startAt + i;
    const batch = makeBatch(iteration, returning ? 1 : iteration * 2 + 2);
    const started = performance.now();
    const result = await store.applyBatch(batch);
    const elapsed = performance.now() - started;
    if (result.appliedEvents !== EVENTS)
      throw new Error(`applied ${result.appliedEvents} of ${EVENTS} events`);
    if (i < warmup) continue;
    durations.push(elapsed);
    rows += result.rowsTouched;
    distinct += result.newDistinctKeys;
  }
  const s = summarize(durations);
  const seconds = durations.reduce((a, b) => a + b, 0) / 1000;
  process.stdout.write(
    [
      `${name}: ${s.samples} batches of ${EVENTS} events`,
      `  median ${s.medianMs.toFixed(1)} ms   p99 ${s.p99Ms.toFixed(1)} ms   mean ${s.meanMs.toFixed(1)} ms   min ${s.minMs.toFixed(1)} ms   max ${s.maxMs.toFixed(1)} ms`,
      `  daily_metrics rows per batch ${(rows / s.samples).toFixed(0)}, new distinct keys per batch ${(distinct / s.samples).toFixed(0)}`,
      `  ${((rows + distinct) / seconds).toFixed(0)} rows/s written (daily_metrics + daily_distinct), ${((EVENTS * s.samples) / seconds).toFixed(0)} events/s`,
      '',
    ].join('\n'),
  );
  return startAt + warmup + iterations;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { iterations: { type: 'string', default: '50' }, warmup: { type: 'string', default: '5' } },
  });
  const iterations = Number(values.iterations);
  const warmup = Number(values.warmup);
  loadLocalEnvFiles();
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: the benchmark needs a PostgreSQL 16 server URL');

  const database = await createScratchDatabase(serverUrl, 'bench_apply_batch');
  let store: MetricsStore | undefined;
  try {
    await runMigrations(database.url);
    store = await createMetricsStore({
      databaseUrl: database.url,
      poolSize: 2,
      applicationName: 'apply-batch-bench',
    });
    const [{ version }] = [{ version: await serverVersion(database.url) }];
    process.stdout.write(`applyBatch benchmark on ${version}; target: median under 80 ms\n\n`);
    let next = 0;
    next = await scenario(store, 'new visitors every batch', warmup, iterations, next, false);
    await scenario(store, 'returning visitors', warmup, iterations, next, true);
    process.stdout.write(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
  } finally {
    await store?.close();
    await database.drop();
  }
}

async function serverVersion(url: string): Promise<string> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (
      (await client.query('SHOW server_version')).rows[0] as { server_version: string }
    ).server_version.replace(/^/, 'PostgreSQL ');
  } finally {
    await client.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
