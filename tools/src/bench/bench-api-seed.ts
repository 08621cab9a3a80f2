import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { buildSketchesWithMerger } from '@metrics-store/metrics-db/testing';

const SEED_FIRST_DATE = '2025-01-01';
const SEED_LAST_DATE = '2026-12-31';
const SEED_DAYS = 730;
const BUSY_VISITORS_PER_DAY = 5_000;
const METRICS = [
  'page_view',
  'click',
  'signup',
  'scroll',
  'purchase',
  'search',
  'total_events',
  'total_pageviews',
  'unique_users',
  'sessions',
  'visits',
  'bounces',
  'visit_duration_ms',
  'visit_pageviews',
];
/** How many metrics every project has a row of on every seeded day. */
export const SEEDED_METRIC_COUNT = METRICS.length;
const RAW_TYPES = ['page_view', 'click', 'signup', 'scroll', 'purchase', 'search'];

/** Project n (1-based) as a UUID; project 1 is the busy one. */
export const benchProjectId = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Project 3 as seeded with `heavy`: HEAVY_VISITORS_PER_DAY visitors and sessions a day over HEAVY_DAYS. */
export const HEAVY_DAYS = { from: '2026-02-23', to: '2026-04-05' };
const HEAVY_VISITORS_PER_DAY = 50_000;

/**
 * A visitor's (or session's) stored key as the consumer writes one: 64 bits of a hash. The plain ids of the
 * raw events would not do as keys: below 2^14 they set no HyperLogLog register.
 */
const KEY_OF = (id: string) => `('x' || substr(md5((${id})::text), 1, 16))::bit(64)::bigint`;

export interface SeedOptions {
  projects: number;
  rawEvents: number;
  log: (line: string) => void;
  /** Also seed project 3 with 50,000 visitors and sessions a day over HEAVY_DAYS (daily keys and values). */
  heavy?: boolean;
}

async function seedHeavyProject(client: Client, log: (line: string) => void): Promise<void> {
  // 50,000 visitors a day from a pool of 150,000 and as many sessions, each of one day.
  for (const [kind, metric, pool] of [
    [1, 'unique_users', 150_000],
    [2, 'sessions', 0],
  ] as const) {
    const id =
      pool > 0 ? `((d::date - $1::date) * 20000 + i) % ${pool}` : `'s' || (d::date - $1::date) * 100000 + i`;
    await timed(
      client,
      log,
      `daily_distinct (heavy project ${metric})`,
      `
      INSERT INTO daily_distinct (project_id, date, kind, key)
      SELECT $3::uuid, d::date, ${kind}, ${KEY_OF(id)}
      FROM generate_series($1::date, $2::date, interval '1 day') d CROSS JOIN generate_series(0, ${HEAVY_VISITORS_PER_DAY - 1}) i`,
      [HEAVY_DAYS.from, HEAVY_DAYS.to, benchProjectId(3)],
    );
  }
  await timed(
    client,
    log,
    'daily_metrics (heavy project distinct values)',
    `
    UPDATE daily_metrics SET metric_value = ${HEAVY_VISITORS_PER_DAY}
    WHERE project_id = $3 AND date BETWEEN $1 AND $2 AND metric_name IN ('unique_users', 'sessions')`,
    [HEAVY_DAYS.from, HEAVY_DAYS.to, benchProjectId(3)],
  );
}

async function timed(
  client: Client,
  log: (line: string) => void,
  what: string,
  sql: string,
  params: unknown[] = [],
) {
  const started = performance.now();
  const result = await client.query(sql, params);
  log(`  ${what}: ${result.rowCount ?? 0} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * All in SQL with generate_series, in date order as ingestion writes them: daily rows of 14 metrics for every
 * project over two years (the visit metrics consistent with one another, so that the derived ratios are
 * plausible: 10 to 98 visits a day, 30% to 59% of them bounces, 20 s to 3 min long, 2 to 3 page views each),
 * the busy project's per-day visitor sets (5,000 a day from a pool of 60,000, so weeks overlap days), and a
 * plain `events` table holding the equivalent raw events, about 37% of them the busy project's; then the day,
 * week and month sketches of every per-day set.
 */
export async function seedBenchData(databaseUrl: string, options: SeedOptions): Promise<void> {
  const { projects, rawEvents, log } = options;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const busyRawPerDay = Math.min(BUSY_VISITORS_PER_DAY, Math.floor((rawEvents * 0.365) / SEED_DAYS));
  try {
    await client.query('SET synchronous_commit = off');
    await timed(
      client,
      log,
      'daily_metrics',
      `
      INSERT INTO daily_metrics (project_id, date, metric_name, metric_value)
      SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(p), 12, '0'))::uuid, d::date, m.name,
             CASE WHEN p = 1 AND m.name = 'unique_users' THEN ${BUSY_VISITORS_PER_DAY}
                  WHEN m.name = 'visits' THEN v.visits
                  WHEN m.name = 'bounces' THEN v.visits * (30 + (p + v.day) % 30) / 100
                  WHEN m.name = 'visit_duration_ms' THEN v.visits * (20000 + (p * 7 + v.day * 13) % 160 * 1000)
                  WHEN m.name = 'visit_pageviews' THEN v.visits * 2 + (p + v.day) % (v.visits + 1)
                  ELSE (p * 31 + v.day * 7 + m.i * 13) % 97 + 1 END
      FROM generate_series($1::date, $2::date, interval '1 day') d
      CROSS JOIN generate_series(1, $3::int) p
      CROSS JOIN LATERAL (
        SELECT d::date - $1::date AS day, (p * 17 + (d::date - $1::date) * 5) % 89 + 10 AS visits) v
      CROSS JOIN unnest($4::text[]) WITH ORDINALITY m(name, i)`,
      [SEED_FIRST_DATE, SEED_LAST_DATE, projects, METRICS],
    );
    await timed(
      client,
      log,
      'daily_distinct (busy project visitors)',
      `
      INSERT INTO daily_distinct (project_id, date, kind, key)
      SELECT $3::uuid, d::date, 1, ${KEY_OF('((d::date - $1::date) * 1000 + i) % 60000')}
      FROM generate_series($1::date, $2::date, interval '1 day') d CROSS JOIN generate_series(0, ${BUSY_VISITORS_PER_DAY - 1}) i`,
      [SEED_FIRST_DATE, SEED_LAST_DATE, benchProjectId(1)],
    );

    await client.query(
      'CREATE TABLE events (project_id uuid NOT NULL, ts timestamptz NOT NULL, type text NOT NULL, visitor bigint)',
    );
    await timed(
      client,
      log,
      'events (busy project)',
      `
      INSERT INTO events (project_id, ts, type, visitor)
      SELECT $2::uuid, $1::timestamptz + make_interval(days => day, secs => (i * 17) % 86400),
             ($3::text[])[1 + i % 5], (day * 1000 + i) % 60000
      FROM generate_series(0, ${SEED_DAYS - 1}) day CROSS JOIN generate_series(0, $4::int - 1) i`,
      [`${SEED_FIRST_DATE}T00:00:00Z`, benchProjectId(1), RAW_TYPES, busyRawPerDay],
    );
    await timed(
      client,
      log,
      'events (other projects)',
      `
      INSERT INTO events (project_id, ts, type, visitor)
      SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(2 + n % ($2::int - 1)), 12, '0'))::uuid,
             $1::timestamptz + make_interval(secs => (n::bigint * 7919) % ${SEED_DAYS * 86_400}),
             ($3::text[])[1 + n % 6], n % 100000
      FROM generate_series(1, $4::int) n`,
      [`${SEED_FIRST_DATE}T00:00:00Z`, projects, RAW_TYPES, rawEvents - busyRawPerDay * SEED_DAYS],
    );
    if (options.heavy) await seedHeavyProject(client, log);
    let started = performance.now();
    // Weeks, months and ranges of unique_users and sessions are read from these, made by the consumer's merger.
    const sketches = await buildSketchesWithMerger(databaseUrl);
    log(`  distinct_sketches: ${sketches} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    await client.query('VACUUM ANALYZE');
    log(`  VACUUM ANALYZE in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}
