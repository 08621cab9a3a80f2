/**
 * Read path of the metrics API against the raw-event scan it exists to avoid. In a scratch database on the
 * PostgreSQL of DATABASE_URL (created, migrated and dropped here): 1,000 projects x 2 years of daily rows for
 * 14 metrics (the visit metrics among them), the per-day visitor sets of one busy project (5,000 visitors a
 * day) and a plain `events` table of 10,000,000 raw rows. The API runs as its own process on a free loopback
 * port; autocannon drives it with 50 connections:
 *   (a) a 90-day, 3-metric daily query of an ordinary project,
 *   (b) a 365-day weekly query with unique_users of the busy project (weeks and total from the sketches),
 *   (c) a 30-day daily query of unique_users and sessions, with their range totals, of a project of 50,000
 *       visitors and sessions a day.
 * Then (a) against (a) with the three derived metrics added (bounce_rate, visit_duration, views_per_visit: four
 * more inputs read, three ratios per bucket), in alternating rounds, at 50 connections and at 1. Then the
 * answers of (a) and (b) computed from the raw table, timed a few times, and the ratio to the API's p50. Run it
 * with READ_CACHE_MS=0, so that every request reads the store.
 *
 *   npx tsx tools/src/bench/api-read.bench.ts
 * Env: API_BENCH_RAW_EVENTS (10000000), API_BENCH_PROJECTS (1000), API_BENCH_SECONDS (10), API_BENCH_RAW_RUNS (3),
 * API_BENCH_PAIR_ROUNDS (3: rounds of each side of the derived comparison),
 * API_BENCH_KEEP_DB=1 to keep the scratch database for a closer look (its URL is printed),
 * API_BENCH_REUSE_DB=<that URL> to run again on it without seeding (it is kept; the sizes are those it was
 * seeded with).
 */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { createMetricsStore } from '@metrics-store/metrics-db';
import { findRepoRoot, loadLocalEnvFiles } from '@metrics-store/runtime';
import { freePort } from '../infra/free-port';
import { alternatingRuns } from './bench-alternating.runs';
import { startApiChild } from './bench-api-server';
import { benchProjectId, HEAVY_DAYS, SEEDED_METRIC_COUNT, seedBenchData } from './bench-api-seed';
import { envInt } from './bench-env';
import { openSeededDatabase } from './bench-seeded.database';
import { summarize } from './bench-stats';

const say = (line: string) => process.stdout.write(`${line}\n`);

interface Scenario {
  name: string;
  projectId: string;
  path: string;
  /** The same answer from the raw events, where the table holds it. */
  raw?: { sql: string; params: unknown[] };
}

const ORDINARY = benchProjectId(42);
const BUSY = benchProjectId(1);
const HEAVY = benchProjectId(3);
const A_PATH = `/v1/projects/${ORDINARY}/metrics?from=2026-01-01&to=2026-03-31&metrics=page_view,click,signup`;
const DERIVED_METRICS = 'bounce_rate,visit_duration,views_per_visit';
const SCENARIOS: Scenario[] = [
  {
    name: '(a) 90 days, 3 metrics, daily',
    projectId: ORDINARY,
    path: A_PATH,
    raw: {
      sql: `SELECT (ts AT TIME ZONE 'UTC')::date AS day, type, count(*) FROM events
            WHERE project_id = $1 AND ts >= $2 AND ts < $3 AND type = ANY($4) GROUP BY 1, 2`,
      params: [ORDINARY, '2026-01-01T00:00:00Z', '2026-04-01T00:00:00Z', ['page_view', 'click', 'signup']],
    },
  },
  {
    name: '(b) 365 days, unique_users, weekly',
    projectId: BUSY,
    path: `/v1/projects/${BUSY}/metrics?from=2025-06-01&to=2026-05-31&metrics=unique_users&granularity=week`,
    raw: {
      sql: `SELECT date_trunc('week', ts AT TIME ZONE 'UTC') AS week, count(DISTINCT visitor) FROM events
            WHERE project_id = $1 AND ts >= $2 AND ts < $3 GROUP BY 1`,
      params: [BUSY, '2025-06-01T00:00:00Z', '2026-06-01T00:00:00Z'],
    },
  },
  {
    name: '(c) 30 days, unique_users + sessions with totals, daily, 50,000 visitors a day',
    projectId: HEAVY,
    path: `/v1/projects/${HEAVY}/metrics?from=2026-03-01&to=2026-03-30&metrics=unique_users,sessions`,
  },
];
// The heavy project's range lies inside the days seeded for it.
if (HEAVY_DAYS.from > '2026-03-01' || HEAVY_DAYS.to < '2026-03-30') throw new Error('HEAVY_DAYS too short');

type Run = Awaited<ReturnType<typeof autocannon>>;

/** p50 of the 2xx answers, or NaN for a run without one. */
const p50Of = (run: Run) => (run.non2xx < run.requests.total ? run.latency.p50 : Number.NaN);

function describe(run: Run): string {
  return (
    `${run.requests.average.toFixed(0)} req/s, p50 ${run.latency.p50} ms, p99 ${run.latency.p99} ms` +
    ` (${run.requests.total} requests, non-2xx ${run.non2xx}, errors ${run.errors}, timeouts ${run.timeouts})`
  );
}

async function timeRawScans(databaseUrl: string, scenario: Scenario, runs: number): Promise<number[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const durations: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await client.query(scenario.raw?.sql ?? 'SELECT 1', scenario.raw?.params ?? []);
      durations.push(performance.now() - started);
    }
    return durations;
  } finally {
    await client.end();
  }
}

/** (a) without and with the derived metrics, side by side, in alternating rounds. */
async function compareDerived(apiUrl: string, key: string, seconds: number, rounds: number): Promise<void> {
  const urls: [string, string] = [`${apiUrl}${A_PATH}`, `${apiUrl}${A_PATH},${DERIVED_METRICS}`];
  const headers = { authorization: `Bearer ${key}` };
  await autocannon({ url: urls[1], headers, connections: 50, duration: 2 }); // warm-up of the derived path
  say(`\n(a) without / with ${DERIVED_METRICS}, ${rounds} alternating rounds of each:`);
  for (const connections of [50, 1]) {
    const duration = connections === 1 ? Math.max(3, Math.round(seconds / 2)) : seconds;
    const runs = await alternatingRuns({ urls, headers, connections, seconds: duration, rounds });
    const [without, withDerived] = runs.rps.map(
      (side) => side.reduce((sum, rps) => sum + rps, 0) / side.length,
    );
    const rounded = (side: number[]) => side.map((rps) => rps.toFixed(0)).join(', ');
    say(
      `  ${connections} connection${connections === 1 ? '' : 's'}, ${duration} s a round: without ${rounded(runs.rps[0])} req/s, ` +
        `with ${rounded(runs.rps[1])} req/s; mean ${without.toFixed(0)} / ${withDerived.toFixed(0)} req/s, ` +
        `with / without ${(withDerived / without).toFixed(2)} (non-2xx, errors, timeouts: ${runs.failures})`,
    );
  }
}

async function main(): Promise<void> {
  loadLocalEnvFiles();
  const projects = envInt('API_BENCH_PROJECTS', 1_000);
  const rawEvents = envInt('API_BENCH_RAW_EVENTS', 10_000_000);
  const seconds = envInt('API_BENCH_SECONDS', 10);
  const rawRuns = envInt('API_BENCH_RAW_RUNS', 3);
  const pairRounds = envInt('API_BENCH_PAIR_ROUNDS', 3);

  const reused = process.env.API_BENCH_REUSE_DB !== undefined;
  // Seeding takes over a minute at full size.
  const scratch = await openSeededDatabase({
    envPrefix: 'API_BENCH',
    namePrefix: 'bench_api_read',
    say,
    seed: async (url) => {
      say(
        `Seeding ${projects} projects x 730 days x ${SEEDED_METRIC_COUNT} metrics, busy-project visitor sets, ${rawEvents} raw events`,
      );
      await seedBenchData(url, { projects, rawEvents, log: say, heavy: true });
    },
  });
  try {
    const store = await createMetricsStore({
      databaseUrl: scratch.url,
      poolSize: 2,
      applicationName: 'api-read-bench',
    });
    const keys = new Map<string, string>();
    for (const scenario of SCENARIOS)
      keys.set(scenario.projectId, (await store.createApiKey(scenario.projectId, 'bench')).key);
    await store.close();

    const api = await startApiChild(
      findRepoRoot(),
      // No response cache unless asked for: every request is a read of the store.
      {
        ...process.env,
        DATABASE_URL: scratch.url,
        LOG_LEVEL: 'warn',
        ADMIN_TOKEN: '',
        READ_CACHE_MS: process.env.READ_CACHE_MS ?? '0',
      },
      await freePort(),
    );
    const results: { scenario: Scenario; p50: number; singleP50: number; rps: number }[] = [];
    try {
      say(`\nAPI: one process at ${api.url}; autocannon, 50 connections, ${seconds} s per query`);
      for (const scenario of SCENARIOS) {
        const url = `${api.url}${scenario.path}`;
        const headers = { authorization: `Bearer ${keys.get(scenario.projectId)}` };
        await autocannon({ url, headers, connections: 50, duration: 2 }); // warm-up: JIT, pool, caches
        const run = await autocannon({ url, headers, connections: 50, duration: seconds });
        say(`  ${scenario.name}, 50 connections: ${describe(run)}`);
        // One request at a time: the latency of the work itself, without queueing behind the pool.
        const single = await autocannon({
          url,
          headers,
          connections: 1,
          duration: Math.max(3, Math.round(seconds / 2)),
        });
        say(`  ${scenario.name}, 1 connection: ${describe(single)}`);
        results.push({ scenario, p50: p50Of(run), singleP50: p50Of(single), rps: run.requests.average });
      }
      await compareDerived(api.url, keys.get(ORDINARY) ?? '', seconds, pairRounds);
    } finally {
      await api.stop();
    }
    const [a, b] = results;
    say(`\n(b) req/s at 50 connections / (a)'s, same run: ${(b.rps / a.rps).toFixed(2)}`);

    say(
      `\nRaw scan of the events table (${reused ? 'as seeded' : `${rawEvents} rows`}, no index), ${rawRuns} runs each`,
    );
    // autocannon counts whole milliseconds: a p50 of 0 means under 1 ms, so 1 ms gives a lower bound.
    const ratio = (rawMs: number, p50: number) => {
      if (Number.isNaN(p50)) return 'n/a (no 2xx answers)';
      return p50 < 1 ? `over ${rawMs.toFixed(0)}x (p50 under 1 ms)` : `${(rawMs / p50).toFixed(1)}x`;
    };
    for (const { scenario, p50, singleP50 } of results) {
      if (!scenario.raw) continue;
      const raw = summarize(await timeRawScans(scratch.url, scenario, rawRuns));
      say(
        `  ${scenario.name}: median ${raw.medianMs.toFixed(0)} ms (min ${raw.minMs.toFixed(0)}, max ${raw.maxMs.toFixed(0)});` +
          ` raw median / API p50 at 50 connections: ${ratio(raw.medianMs, p50)}, at 1 connection: ${ratio(raw.medianMs, singleP50)}`,
      );
    }
  } finally {
    await scratch.release();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `api-read bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
