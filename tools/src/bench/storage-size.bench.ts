/**
 * Bytes on disk per stored row, for sizing a database: daily_distinct per visitor-day, the HyperLogLog sketches
 * of those days, weeks and months (built by the consumer's merger) per visitor-day too, and daily_metrics per
 * (project, date, metric) row, all written through applyBatch on a scratch database and measured with
 * pg_total_relation_size (heap, indexes and TOAST). Fewer projects make busier days: `--projects 20` gives
 * days of 5,000 visitors, whose sketches are FULL (10 kB each). The counters are measured twice: freshly
 * inserted, and after every row was updated again several times and vacuumed, as a day's rows are in steady
 * counting.
 *
 *   DATABASE_URL=postgres://... npx nx run tools:bench-storage-size [-- --visitor-days 1000000 --metric-rows 100000]
 */
import { parseArgs } from 'node:util';
import { loadLocalEnvFiles } from '@metrics-store/runtime';
import {
  createMetricsStore,
  runMigrations,
  type CountedEvent,
  type MetricsStore,
} from '@metrics-store/metrics-db';
import { buildSketchesWithMerger } from '@metrics-store/metrics-db/testing';
import { createScratchDatabase, SeededRandom } from '@metrics-store/testing';
import { Client } from 'pg';

const BATCH_EVENTS = 20_000;
const DAYS = 10;
const REWRITES = 5;

interface Sizes {
  table: string;
  rows: number;
  bytes: number;
}

async function relationSize(url: string, table: string): Promise<Sizes> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`VACUUM ANALYZE "${table}"`);
    const [row] = (
      await client.query<{ rows: string; bytes: string }>(
        `SELECT (SELECT count(*) FROM "${table}")::text AS rows, pg_total_relation_size($1)::text AS bytes`,
        [table],
      )
    ).rows;
    return { table, rows: Number(row.rows), bytes: Number(row.bytes) };
  } finally {
    await client.end();
  }
}

const isoDate = (day: number) => new Date(Date.UTC(2026, 10, 1 + day)).toISOString().slice(0, 10);

/** Writes events through applyBatch, one partition, offsets continuing from `offset`. */
async function writeEvents(store: MetricsStore, events: Iterable<Omit<CountedEvent, 'offset'>>, start = 0) {
  let offset = start;
  let batch: CountedEvent[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await store.applyBatch({
      groupId: 'storage-size',
      topic: 'events.enriched',
      segments: [{ partition: 0, firstOffset: batch[0].offset, nextOffset: String(offset), events: batch }],
    });
    batch = [];
  };
  for (const event of events) {
    batch.push({ ...event, offset: String(offset++) });
    if (batch.length >= BATCH_EVENTS) await flush();
  }
  await flush();
  return offset;
}

/** `visitorDays` events, each a visitor new to its day, without sessions: one daily_distinct row each. */
function* newVisitors(projectIds: string[], visitorDays: number) {
  const random = new SeededRandom(7);
  for (let i = 0; i < visitorDays; i++) {
    yield {
      projectId: projectIds[i % projectIds.length],
      date: isoDate(Math.floor(i / projectIds.length) % DAYS),
      type: 'page_view',
      instantMs: Date.parse(isoDate(Math.floor(i / projectIds.length) % DAYS)),
      visitorKey: BigInt.asIntN(64, (BigInt(random.int(0, 2 ** 31)) << 32n) | BigInt(i)),
      sessionKey: null,
    };
  }
}

/** One event per (project, date, type): four custom types and total_events make five rows per project-day. */
function* counterRows(projectIds: string[], rows: number) {
  const types = ['click', 'signup', 'purchase', 'search'];
  const projectDays = Math.ceil(rows / (types.length + 1));
  for (let i = 0; i < projectDays; i++) {
    for (const type of types) {
      yield {
        projectId: projectIds[i % projectIds.length],
        date: isoDate(Math.floor(i / projectIds.length)),
        type,
        instantMs: Date.parse(isoDate(Math.floor(i / projectIds.length))),
        visitorKey: null,
        sessionKey: null,
      };
    }
  }
}

async function measure(
  serverUrl: string,
  name: string,
  work: (store: MetricsStore, url: string) => Promise<void>,
) {
  const database = await createScratchDatabase(serverUrl, `bench_size_${name}`);
  let store: MetricsStore | undefined;
  try {
    await runMigrations(database.url);
    store = await createMetricsStore({ databaseUrl: database.url, poolSize: 1 });
    await work(store, database.url);
  } finally {
    await store?.close();
    await database.drop();
  }
}

const perRow = (sizes: Sizes) =>
  `${sizes.table}: ${sizes.rows.toLocaleString('en-US')} rows, ${(sizes.bytes / 2 ** 20).toFixed(1)} MiB, ` +
  `${(sizes.bytes / sizes.rows).toFixed(1)} bytes per row (heap and indexes)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'visitor-days': { type: 'string', default: '1000000' },
      'metric-rows': { type: 'string', default: '100000' },
      projects: { type: 'string', default: '1000' },
    },
  });
  loadLocalEnvFiles();
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set: the benchmark needs a PostgreSQL 16 server URL');
  const random = new SeededRandom(11);
  const projectIds = Array.from({ length: Number(values.projects) }, () => random.uuid());

  await measure(serverUrl, 'distinct', async (store, url) => {
    const visitorDays = Number(values['visitor-days']);
    await writeEvents(store, newVisitors(projectIds, visitorDays));
    process.stdout.write(`${perRow(await relationSize(url, 'daily_distinct'))}\n`);
    await buildSketchesWithMerger(url);
    const sketches = await relationSize(url, 'distinct_sketches');
    process.stdout.write(
      `${perRow(sketches)}; ${(sketches.bytes / visitorDays).toFixed(1)} bytes per visitor-day ` +
        `(${projectIds.length.toLocaleString('en-US')} projects, ${(visitorDays / projectIds.length / DAYS).toLocaleString('en-US')} visitors a day each)\n`,
    );
  });

  await measure(serverUrl, 'metrics', async (store, url) => {
    const rows = Number(values['metric-rows']);
    let offset = await writeEvents(store, counterRows(projectIds, rows));
    process.stdout.write(`${perRow(await relationSize(url, 'daily_metrics'))}, freshly inserted\n`);
    for (let round = 0; round < REWRITES; round++) {
      offset = await writeEvents(store, counterRows(projectIds, rows), offset);
    }
    process.stdout.write(
      `${perRow(await relationSize(url, 'daily_metrics'))}, after ${REWRITES} more updates of every row\n`,
    );
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
