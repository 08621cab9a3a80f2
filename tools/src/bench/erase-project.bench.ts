/**
 * Erasing a big project while other projects keep flushing: a scratch database on the PostgreSQL of
 * DATABASE_URL, a project with `--keys` distinct keys (5,000,000 by default) loaded by SQL
 * (erase-project.seed.ts), then one writer flushing other projects through the store's applyBatch without
 * pause (realistic batches of 200 projects), as a consumer does. After `--before` seconds the project is
 * erased through the store, and the writer goes on `--after` seconds more. Prints the erase's time, rows, WAL
 * and backend CPU, and the writer's flush latency (p50, p99, max) before the erase, during it (every flush that
 * overlapped it) and after, with what the writer's backend waited on while the erase ran (pg_stat_activity
 * sampled every 20 ms), to tell locks from I/O, WAL or CPU.
 *
 *   npx nx run tools:bench-erase-project [-- --keys 5000000 --before 10 --after 5 --events 5000]
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { createMetricsStore, runMigrations, type MetricsStore } from '@metrics-store/metrics-db';
import { loadLocalEnvFiles } from '@metrics-store/runtime';
import { createScratchDatabase } from '@metrics-store/testing';
import { backendCpuReader } from './bench-backend-cpu';
import { percentile } from './bench-stats';
import { openWalMeter } from './bench-wal.meter';
import { seedErasedProject } from './erase-project.seed';
import { realisticBatches } from './realistic-batches';

const ERASED = '00000000-0000-4000-8000-0000000e4a5e';
const WRITER = 'erase-bench-writer';
const ERASER = 'erase-bench-eraser';
const WARMUP_MS = 3_000;
const SAMPLE_MS = 20;

const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (value: number) => `${value.toFixed(0)} ms`;

interface Flush {
  startedAt: number;
  endedAt: number;
}

/** Flushes other projects back to back until stopped; every flush's start and end. */
function startWriter(store: MetricsStore, eventsPerBatch: number) {
  const batchOf = realisticBatches({
    projects: 200,
    eventsPerBatch,
    hoursPerBatch: 0.05,
    seed: 41,
    startMs: Date.now() - 2 * 3_600_000,
  });
  const flushes: Flush[] = [];
  let stopped = false;
  const done = (async () => {
    for (let i = 0; !stopped; i++) {
      const batch = batchOf(i);
      const startedAt = performance.now();
      await store.applyBatch(batch);
      flushes.push({ startedAt, endedAt: performance.now() });
    }
  })();
  return {
    flushes,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

/**
 * What the backends of an application waited on, sampled until stopped: `type:event` -> samples; and the
 * samples that found autovacuum at work on this database (the erase leaves its rows dead for it).
 */
function sampleWaits(client: Client, applicationName: string) {
  const counts = new Map<string, number>();
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const { rows } = await client.query<{ wait: string }>(
        `SELECT CASE WHEN state <> 'active' THEN 'idle (between statements)'
                     ELSE coalesce(wait_event_type || ':' || wait_event, 'running (CPU)') END AS wait
         FROM pg_stat_activity WHERE application_name = $1
         UNION ALL
         SELECT 'autovacuum at work' FROM pg_stat_activity
         WHERE backend_type = 'autovacuum worker' AND datname = current_database()`,
        [applicationName],
      );
      for (const { wait } of rows) counts.set(wait, (counts.get(wait) ?? 0) + 1);
      await sleep(SAMPLE_MS);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return [...counts].sort((a, b) => b[1] - a[1]);
    },
  };
}

function latencyLine(name: string, flushes: Flush[]): string {
  const sorted = flushes.map((f) => f.endedAt - f.startedAt).sort((a, b) => a - b);
  if (sorted.length === 0) return `  ${name.padEnd(22)} no flush`;
  return `  ${name.padEnd(22)} ${String(sorted.length).padStart(4)} flushes  p50 ${ms(percentile(sorted, 50))}  p99 ${ms(
    percentile(sorted, 99),
  )}  max ${ms(sorted[sorted.length - 1])}`;
}

async function main(): Promise<void> {
  loadLocalEnvFiles();
  const { values } = parseArgs({
    options: {
      keys: { type: 'string', default: '5000000' },
      before: { type: 'string', default: '10' },
      after: { type: 'string', default: '5' },
      events: { type: 'string', default: '5000' },
    },
  });
  const [keys, beforeS, afterS, events] = [values.keys, values.before, values.after, values.events].map(
    Number,
  );
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl)
    throw new Error('DATABASE_URL is not set (the PostgreSQL server to create a scratch database on)');

  const scratch = await createScratchDatabase(serverUrl, 'erase_bench');
  const sampler = new Client({ connectionString: scratch.url });
  const stores: MetricsStore[] = [];
  try {
    await runMigrations(scratch.url);
    say(`Seeding project ${ERASED} with ${keys.toLocaleString('en-US')} distinct keys ...`);
    const seedStarted = performance.now();
    const seeded = await seedErasedProject(scratch.url, ERASED, keys, say);
    say(`  seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s: ${JSON.stringify(seeded)}`);

    const writerStore = await createMetricsStore({
      databaseUrl: scratch.url,
      poolSize: 1,
      applicationName: WRITER,
    });
    const eraserStore = await createMetricsStore({
      databaseUrl: scratch.url,
      poolSize: 1,
      applicationName: ERASER,
    });
    stores.push(writerStore, eraserStore);
    await eraserStore.ping();
    await sampler.connect();
    const wal = await openWalMeter(scratch.url);

    say(
      `Writer: ${events.toLocaleString('en-US')} events a flush, 200 other projects, back to back; load ${loadavg()[0].toFixed(1)}`,
    );
    const writer = startWriter(writerStore, events);
    await sleep(WARMUP_MS);
    const beforeFrom = performance.now();
    const beforeWaits = sampleWaits(sampler, WRITER);
    await sleep(beforeS * 1000);
    const waitsBefore = await beforeWaits.stop();

    // Its one connection, just used: the backend whose CPU is read is the one that erases.
    await eraserStore.ping();
    const eraserCpu = await backendCpuReader(scratch.url, ERASER);
    const lsn = await wal.lsn();
    const cpuBefore = eraserCpu?.() ?? null;
    const duringWaits = sampleWaits(sampler, WRITER);
    const eraseFrom = performance.now();
    const erasure = await eraserStore.eraseProject(ERASED);
    const eraseTo = performance.now();
    const waitsDuring = await duringWaits.stop();
    const walBytes = await wal.bytesSince(lsn);
    const cpuAfter = eraserCpu?.() ?? null;
    const afterWaits = sampleWaits(sampler, WRITER);
    await sleep(afterS * 1000);
    await writer.stop();
    const waitsAfter = await afterWaits.stop();
    await wal.close();

    const removed = Object.values(erasure.removed).reduce((sum, n) => sum + n, 0);
    say('');
    say(
      `Erase: ${ms(eraseTo - eraseFrom)} for ${removed.toLocaleString('en-US')} rows (${JSON.stringify(erasure.removed)})`,
    );
    say(
      `  ${Math.round(removed / ((eraseTo - eraseFrom) / 1000)).toLocaleString('en-US')} rows/s, WAL ${(walBytes / 1e6).toFixed(0)} MB` +
        (cpuBefore !== null && cpuAfter !== null ? `, eraser backend CPU ${ms(cpuAfter - cpuBefore)}` : ''),
    );
    say('Other projects’ flushes (wall time of applyBatch):');
    const { flushes } = writer;
    say(
      latencyLine(
        'before the erase',
        flushes.filter((f) => f.startedAt >= beforeFrom && f.endedAt <= eraseFrom),
      ),
    );
    say(
      latencyLine(
        'during the erase',
        flushes.filter((f) => f.endedAt > eraseFrom && f.startedAt < eraseTo),
      ),
    );
    say(
      latencyLine(
        'after the erase',
        flushes.filter((f) => f.startedAt >= eraseTo),
      ),
    );
    const show = (waits: [string, number][]) => waits.map(([wait, n]) => `${wait} ${n}`).join(', ');
    say(`The writer's backend, samples every ${SAMPLE_MS} ms:`);
    say(`  before: ${show(waitsBefore)}`);
    say(`  during: ${show(waitsDuring)}`);
    say(`  after:  ${show(waitsAfter)}`);
  } finally {
    for (const store of stores) await store.close();
    await sampler.end().catch(() => undefined);
    await scratch.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
