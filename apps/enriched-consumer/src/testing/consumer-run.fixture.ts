import { waitUntil } from '@metrics-store/runtime';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { Client } from 'pg';
import { deadLetterTopicConfig, KAFKA_DEFAULT_MAX_MESSAGE_BYTES } from '@metrics-store/metrics-contract';
import { createMetricsStore, runMigrations, type MetricsStore } from '@metrics-store/metrics-db';
import {
  createTestDatabase,
  createTestTopics,
  testKafkaBrokers,
  TEST_VISITOR_KEY_SECRET,
  uniqueName,
  type TestDatabase,
} from '@metrics-store/testing';
import { expectedRows, type MetricRows, type TestRecord } from './event-stream.fixture';

const REPO_ROOT = join(__dirname, '../../../..');

export const testKafka = () =>
  new Kafka({ clientId: 'consumer-test', brokers: testKafkaBrokers(), logLevel: logLevel.NOTHING });

/** Everything one test file needs of its own: topics, group, a migrated database and a store on it. */
export interface ConsumerTestBed {
  topic: string;
  dlqTopic: string;
  groupId: string;
  partitions: number;
  database: TestDatabase;
  store: MetricsStore;
  /** Environment for a consumer process (or startConsumer) bound to this bed. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/** `brokers`: where the topics are made and the consumer connects (the run's shared broker unless given). */
export async function openTestBed(
  partitions: number,
  brokers = testKafkaBrokers(),
): Promise<ConsumerTestBed> {
  const topic = uniqueName('events');
  const dlqTopic = `${topic}_dlq`;
  const groupId = uniqueName('group');
  // Made as `npm start` makes them: any record the source topic takes fits in the DLQ with its headers, and the
  // DLQ keeps its records 7 days.
  await createTestTopics(
    [
      {
        topic,
        numPartitions: partitions,
        configEntries: [{ name: 'max.message.bytes', value: String(KAFKA_DEFAULT_MAX_MESSAGE_BYTES) }],
      },
      {
        topic: dlqTopic,
        numPartitions: 1,
        configEntries: deadLetterTopicConfig(KAFKA_DEFAULT_MAX_MESSAGE_BYTES),
      },
    ],
    brokers,
  );
  const database = await createTestDatabase('consumer');
  await runMigrations(database.url);
  const store = await createMetricsStore({
    databaseUrl: database.url,
    poolSize: 2,
    applicationName: 'consumer-test',
  });
  return {
    topic,
    dlqTopic,
    groupId,
    partitions,
    database,
    store,
    env: {
      DATABASE_URL: database.url,
      VISITOR_KEY_SECRET: TEST_VISITOR_KEY_SECRET,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC: topic,
      KAFKA_DLQ_TOPIC: dlqTopic,
      KAFKA_GROUP_ID: groupId,
      CONSUMER_HTTP_PORT: '0',
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      DB_POOL_SIZE: '2',
      LOG_LEVEL: 'warn',
    },
    dispose: async () => {
      await store.close();
      await database.drop();
    },
  };
}

/**
 * Produces records in order, keyed as given, `chunk` records per request, `pauseMs` between requests; stops
 * between two requests once `signal` is aborted (a spec's teardown), so that no producer outlives its spec.
 */
export async function produce(
  topic: string,
  records: TestRecord[],
  chunk = 2_000,
  pauseMs = 0,
  kafka = testKafka(),
  signal?: AbortSignal,
): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    for (let i = 0; i < records.length && !signal?.aborted; i += chunk) {
      await producer.send({
        topic,
        messages: records.slice(i, i + chunk).map(({ key, value, timestamp }) => ({ key, value, timestamp })),
      });
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  } finally {
    await producer.disconnect();
  }
}

/** Records produced beside a spec while it does other things. */
export interface BackgroundProduction {
  /** Settles once every record is acknowledged (or the production failed, or was stopped). */
  done: Promise<void>;
  /** Stops between two requests and waits for the producer to disconnect; for teardowns, so idempotent. */
  stop(): Promise<void>;
}

/** `produce` run in the background: a spec's afterAll stops it, whether or not its assertions held. */
export function produceInBackground(
  topic: string,
  records: TestRecord[],
  chunk: number,
  pauseMs: number,
): BackgroundProduction {
  const abort = new AbortController();
  const done = produce(topic, records, chunk, pauseMs, testKafka(), abort.signal);
  return {
    done,
    stop: async () => {
      abort.abort();
      await done.catch(() => undefined);
    },
  };
}

/** The daily_metrics table of the contract (section 3), read as `project date metric` -> value. */
export async function readDailyMetrics(databaseUrl: string): Promise<MetricRows> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      project_id: string;
      date: string;
      metric_name: string;
      metric_value: string;
    }>(
      // A row of 0 is one whose counts moved away (a visit to an earlier date): as good as none.
      `SELECT project_id::text, date::text, metric_name, metric_value::text FROM daily_metrics WHERE metric_value <> 0`,
    );
    return new Map(
      rows.map((row) => [`${row.project_id} ${row.date} ${row.metric_name}`, Number(row.metric_value)]),
    );
  } finally {
    await client.end();
  }
}

/** Records counted so far: the stored next offsets, summed over the partitions. */
export async function countedRecords(bed: ConsumerTestBed): Promise<number> {
  const partitions = Array.from({ length: bed.partitions }, (_, partition) => partition);
  const stored = await bed.store.readOffsets(bed.groupId, bed.topic, partitions);
  return [...stored.values()].reduce((sum, offset) => sum + Number(offset), 0);
}

/** Records of the topic a consumer still has to count: high watermark minus stored next offset, summed. */
async function remainingRecords(bed: ConsumerTestBed): Promise<number> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const marks = await admin.fetchTopicOffsets(bed.topic);
    const stored = await bed.store.readOffsets(
      bed.groupId,
      bed.topic,
      marks.map((mark) => mark.partition),
    );
    return marks.reduce(
      (sum, mark) => sum + Number(mark.high) - Number(stored.get(mark.partition) ?? mark.low),
      0,
    );
  } finally {
    await admin.disconnect();
  }
}

/** Asserts that daily_metrics holds exactly what the valid records of `records` produce. */
export async function expectExactCounts(
  bed: ConsumerTestBed,
  records: TestRecord[],
  zones: ReadonlyMap<string, string>,
): Promise<void> {
  const truth = expectedRows(
    records.flatMap((record) => (record.event ? [record.event] : [])),
    zones,
  );
  expect(await readDailyMetrics(bed.database.url)).toEqual(truth);
}

export { waitUntil };

export const waitUntilDrained = (bed: ConsumerTestBed, timeoutMs = 60_000) =>
  waitUntil('the consumer to drain the topic', async () => (await remainingRecords(bed)) === 0, timeoutMs);

export interface TopicRecord {
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Reads `count` records of a topic from the beginning (and waits a moment for any surplus). */
export async function readTopic(
  topic: string,
  count: number,
  timeoutMs = 30_000,
  kafka = testKafka(),
): Promise<TopicRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader') });
  const received: TopicRecord[] = [];
  const headerText = (headers: IHeaders | undefined) =>
    Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name, String(value)]));
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const { offset, key, value, headers } = message;
        received.push({ partition, offset, key, value, headers: headerText(headers) });
      },
    });
    await waitUntil(`${count} records of ${topic}`, async () => received.length >= count, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    return received;
  } finally {
    await consumer.disconnect();
  }
}

/** The consumer as a separate process, exactly as deployed but run from source; `stdout: 'pipe'` to read its log. */
export function spawnConsumer(
  env: Record<string, string>,
  stdout: 'ignore' | 'pipe' = 'ignore',
): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'apps/enriched-consumer/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, TSX_TSCONFIG_PATH: join(REPO_ROOT, 'tsconfig.base.json') },
    stdio: ['ignore', stdout, 'inherit'],
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** `spawnConsumer`, resolved once the consumer says it started (it then stops cleanly on SIGTERM). */
export async function spawnStartedConsumer(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawnConsumer({ ...env, LOG_LEVEL: 'info' }, 'pipe');
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('"consumer_started"')) resolve();
      if (seen.length > 1_000_000) seen = seen.slice(-1_000);
    });
    child.once('exit', (code) => reject(new Error(`the consumer ended with code ${code} before it started`)));
  });
  return child;
}
