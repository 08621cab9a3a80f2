import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { createMetricsStore, runMigrations, type MetricsStore } from '@metrics-store/metrics-db';
import { ensureTopics } from '../infra/kafka-admin';
import { REPO_ROOT } from '../infra/local-paths';
import { startApp, type AppProcess } from '../start/app-process';
import { createScratchDatabase, type TestDatabase } from '@metrics-store/testing';
import { benchDatabaseUrl } from './bench-env';
import { imageEnvOf } from './image-env';
import { ensureVisitorKeySecret } from '../start/visitor-key-secret';

/** What the consumer benchmarks share: a topic, a migrated scratch database, a store, and the services' URLs. */
export interface ConsumerBench {
  kafka: Kafka;
  brokers: string;
  topic: string;
  partitions: number;
  groupId: string;
  database: TestDatabase;
  store: MetricsStore;
  dispose(): Promise<void>;
}

export async function openConsumerBench(name: string, partitions: number): Promise<ConsumerBench> {
  const serverUrl = benchDatabaseUrl();
  const brokers = process.env.KAFKA_BROKERS;
  if (!serverUrl || !brokers)
    throw new Error('set DATABASE_URL and KAFKA_BROKERS (e.g. from `npm run infra:up`)');
  const suffix = `${Date.now().toString(36)}`;
  const topic = `bench_${name}_${suffix}`;
  const kafka = new Kafka({
    clientId: `bench-${name}`,
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(brokers, [
    { topic, numPartitions: partitions },
    { topic: `${topic}_dlq`, numPartitions: 1, deadLettersOf: topic },
  ]);
  const database = await createScratchDatabase(serverUrl, `bench_${name}`);
  await runMigrations(database.url);
  const store = await createMetricsStore({
    databaseUrl: database.url,
    poolSize: 2,
    applicationName: `bench-${name}`,
  });
  return {
    kafka,
    brokers,
    topic,
    partitions,
    groupId: `bench_${name}_${suffix}`,
    database,
    store,
    dispose: async () => {
      await store.close();
      await database.drop();
      await admin.deleteTopics({ topics: [topic, `${topic}_dlq`] }).catch(() => undefined);
      await admin.disconnect();
    },
  };
}

const TYPES = ['page_view', 'screen_view', 'click', 'signup', 'purchase'];
const DAY_MS = 86_400_000;

// BENCH_EVENTS_PER_SESSION (1): events in a row that form one visit, as real traffic has them (a visitor's
// page views and clicks, 30 s apart); 1 makes every event a visitor and session drawn at random.
const EVENTS_PER_SESSION = Number(process.env.BENCH_EVENTS_PER_SESSION ?? 1);
const SESSION_STEP_MS = 30_000;

/**
 * Event `i` of the data set: 1,000 projects (or `projects`), 50,000 visitors, 30 days, 5 event types. A marker
 * event (freshness) belongs to `markerProject` and happens at `nowMs`. With BENCH_EVENTS_PER_SESSION, the
 * events of a visit share its project, visitor and session and follow each other.
 */
export function benchEvent(
  i: number,
  nowMs: number,
  markerProject?: string,
  historyDays = 30,
  projects = 1_000,
): { key: string; value: string } {
  const visit = Math.floor(i / EVENTS_PER_SESSION);
  const step = i % EVENTS_PER_SESSION;
  // A multiplicative hash spreads consecutive visits over projects, visitors and instants without a PRNG state.
  const h = Math.imul(visit + 1, 2_654_435_761) >>> 0;
  const project = markerProject ?? `6f1c2a7e-0000-4000-8000-${(h % projects).toString(16).padStart(12, '0')}`;
  const visitor = (h >>> 3) % 50_000;
  const startMs = nowMs - ((h >>> 5) % (historyDays * DAY_MS));
  const event = {
    event_id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    project_id: project,
    type: TYPES[(Math.imul(i + 1, 2_654_435_761) >>> 7) % TYPES.length],
    timestamp: new Date(
      markerProject ? nowMs : Math.min(nowMs, startMs + step * SESSION_STEP_MS),
    ).toISOString(),
    ...(visitor % 3 === 0 ? { user_id: `user-${visitor}` } : { anonymous_id: `anon-${visitor}` }),
    session_id: `session-${visitor}-${EVENTS_PER_SESSION > 1 ? visit : (h >>> 11) % 4}`,
    url: 'https://example.com/pricing',
    referrer: 'https://search.example/',
    country: 'NP',
  };
  return { key: project, value: JSON.stringify(event) };
}

/**
 * Sends `count` generated events, several requests in flight; with `duplicatePercent`, that share of them
 * is sent twice, the copy right after its event (as an upstream step that replays a batch does). Returns the
 * records sent.
 */
export async function preload(
  producer: Producer,
  topic: string,
  count: number,
  nowMs: number,
  duplicatePercent = 0,
): Promise<number> {
  const perRequest = 5_000;
  const inFlight = 4;
  let records = 0;
  for (let start = 0; start < count; start += perRequest * inFlight) {
    const sends = [];
    for (let s = start; s < Math.min(count, start + perRequest * inFlight); s += perRequest) {
      const messages = [];
      for (let i = s; i < Math.min(count, s + perRequest); i += 1) {
        const message = benchEvent(i, nowMs);
        messages.push(message);
        // Every (100 / percent)-th event, spread by the same hash as the rest.
        if (duplicatePercent > 0 && (Math.imul(i + 7, 2_246_822_519) >>> 0) % 10_000 < duplicatePercent * 100)
          messages.push(message);
      }
      records += messages.length;
      sends.push(producer.send({ topic, acks: 1, messages }));
    }
    await Promise.all(sends);
  }
  return records;
}

// BENCH_CONSUMER_BUNDLE: another build to measure (another commit's bundle), the same way.
const BUNDLE =
  process.env.BENCH_CONSUMER_BUNDLE ?? join(REPO_ROOT, 'dist', 'apps', 'enriched-consumer', 'main.js');

export interface BenchConsumer {
  pid: number;
  /** 'bundle' (dist, as deployed) or 'source' (tsx). */
  mode: string;
  exitCode(): number | null;
  stop(): Promise<void>;
}

/**
 * The consumer app as its own process, bound to the bench's topic and database: the esbuild bundle of
 * `npx nx build enriched-consumer` when there is one (what is deployed, no transpiler in memory), or the one
 * BENCH_CONSUMER_BUNDLE names, else the sources through tsx.
 */
export function startBenchConsumer(
  bench: ConsumerBench,
  extraEnv: Record<string, string> = {},
): BenchConsumer {
  const env = {
    ...process.env,
    // What the image runs with (heap cap, allocator setting), so that memory is measured as deployed.
    ...imageEnvOf(join(REPO_ROOT, 'apps', 'enriched-consumer', 'Dockerfile')),
    DATABASE_URL: bench.database.url,
    VISITOR_KEY_SECRET: ensureVisitorKeySecret(process.env.VISITOR_KEY_SECRET),
    KAFKA_BROKERS: bench.brokers,
    KAFKA_TOPIC: bench.topic,
    KAFKA_DLQ_TOPIC: `${bench.topic}_dlq`,
    KAFKA_GROUP_ID: bench.groupId,
    CONSUMER_HTTP_PORT: '0',
    // BENCH_CONSUMER_LOG_LEVEL: the consumer's log level (warn), e.g. info to see its positions and flushes.
    LOG_LEVEL: process.env.BENCH_CONSUMER_LOG_LEVEL ?? 'warn',
    ...extraEnv,
  };
  if (!existsSync(BUNDLE)) {
    const app: AppProcess = startApp('enriched-consumer', {
      ...env,
      TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json'),
    });
    return {
      pid: app.child.pid ?? 0,
      mode: 'source',
      exitCode: () => app.child.exitCode,
      stop: () => app.stop().then(() => undefined),
    };
  }
  // The heap cap comes with the image's NODE_OPTIONS (env above).
  // BENCH_CONSUMER_NODE_ARGS: more options for its Node.js, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles`.
  const nodeArgs = (process.env.BENCH_CONSUMER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, BUNDLE], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid ?? 0,
    mode: 'bundle',
    exitCode: () => child.exitCode,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Records counted so far according to the offsets stored with the counts. */
export async function countedRecords(bench: ConsumerBench): Promise<number> {
  const partitions = Array.from({ length: bench.partitions }, (_, partition) => partition);
  const stored = await bench.store.readOffsets(bench.groupId, bench.topic, partitions);
  return [...stored.values()].reduce((sum, offset) => sum + Number(offset), 0);
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name, in clock ticks (100/s).
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Peak resident set size of a process (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}
