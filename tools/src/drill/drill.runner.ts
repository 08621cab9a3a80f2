import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { createMetricsStore, runMigrations } from '@metrics-store/metrics-db';
import { ensureTopics } from '../infra/kafka-admin';
import { freePort } from '../infra/free-port';
import { LOCAL_DIR } from '../infra/local-paths';
import { waitUntil } from '@metrics-store/runtime';
import { startApp, type AppProcess } from '../start/app-process';
import { SeededRandom } from '@metrics-store/testing';
import { TrafficGenerator, type TrafficProject } from '../traffic/traffic.generator';
import { compareApiSample } from './api.comparison';
import { ConsumerFleet } from './consumer.fleet';
import { DrillProducer } from './drill.producer';
import type { DrillResult } from './drill.result';
import { DrillServices } from './drill.services';
import { FaultInjector, faultPlan } from './fault.injector';
import { buildGroundTruth } from './ground-truth.reader';
import { measureLag, waitForZeroLag } from './lag.monitor';
import { MismatchLog } from './mismatch.log';
import { compareDailyMetrics, compareDeadLetters } from './table.comparison';
import { dateOfDay } from './local-date.calendar';
import { ensureVisitorKeySecret } from '../start/visitor-key-secret';

export interface DrillOptions {
  events: number;
  seed: number;
  short: boolean;
  /** Records produced per second; the faults need the stream to last a while. */
  rate?: number;
  /** LOG_LEVEL of the child apps; their lines are prefixed and echoed. */
  appLogLevel?: string;
  log?: (line: string) => void;
}

const TOPIC = 'events.enriched';
const DLQ_TOPIC = 'events.enriched.dlq';
const GROUP_ID = 'metrics-enriched-consumer';
// The consumers run with the default DEDUPE_WINDOW_MINUTES (10): copies within it count once.
const DEDUPE_WINDOW_MS = 10 * 60_000;
// Zones with odd offsets (+05:45, +10:30/+11, +12:45/+13:45, -03:30), both hemispheres' DST, and UTC.
const ZONES = [
  'Asia/Kathmandu',
  'America/New_York',
  'Australia/Lord_Howe',
  'Europe/Berlin',
  'UTC',
  'Pacific/Chatham',
  'America/St_Johns',
  'Asia/Kolkata',
  'Pacific/Kiritimati',
  'America/Los_Angeles',
];

/** Seeded projects; every fifth keeps the default zone (never configured, so UTC). */
function drillProjects(
  random: SeededRandom,
  count: number,
): (TrafficProject & { timezone: string | null })[] {
  return Array.from({ length: count }, (_, index) => ({
    id: random.uuid(),
    weight: random.chance(0.2) ? random.int(10, 30) : random.int(1, 5),
    timezone: index % 5 === 4 ? null : ZONES[index % ZONES.length],
  }));
}

/**
 * The fault drill: own services, a seeded stream produced while consumers are killed and services restarted,
 * then the whole table, the DLQ and a sample of API ranges compared with a ground truth built apart from the
 * consumer. `cleanup()` stops everything it started and removes its directory; it is safe to call twice.
 */
export class FaultDrill {
  private readonly dir = join(LOCAL_DIR, `drill-${process.pid}`);
  private services: DrillServices | null = null;
  private fleet: ConsumerFleet | null = null;
  private api: AppProcess | null = null;
  private cleaning: Promise<void> | null = null;
  private readonly log: (line: string) => void;

  constructor(private readonly options: DrillOptions) {
    this.log = options.log ?? ((line) => process.stdout.write(`[drill] ${line}\n`));
  }

  async run(): Promise<DrillResult> {
    try {
      return await this.execute();
    } finally {
      await this.cleanup();
    }
  }

  cleanup(): Promise<void> {
    return (this.cleaning ??= (async () => {
      await this.fleet?.stopAll();
      await this.api?.stop();
      await this.services?.stop();
      rmSync(this.dir, { recursive: true, force: true });
    })());
  }

  private async execute(): Promise<DrillResult> {
    const { seed, events, short } = this.options;
    const started = Date.now();
    const random = new SeededRandom(seed);
    this.log(
      `seed ${seed}: ${events} records, ${short ? 'short' : 'full'} fault plan; services under ${this.dir}`,
    );
    const services = (this.services = await DrillServices.start(this.dir));
    await runMigrations(services.databaseUrl);
    await ensureTopics(services.brokers, [
      { topic: TOPIC, numPartitions: 6 },
      { topic: DLQ_TOPIC, numPartitions: 1, deadLettersOf: TOPIC },
    ]);

    const projects = drillProjects(random, short ? 12 : 40);
    const timezones = new Map(projects.map((project) => [project.id, project.timezone ?? 'UTC']));
    const store = await createMetricsStore({ databaseUrl: services.databaseUrl, poolSize: 2 });
    try {
      for (const project of projects)
        if (project.timezone) await store.setProjectTimezone(project.id, project.timezone);
    } finally {
      await store.close();
    }

    const appEnv = {
      ...process.env,
      DATABASE_URL: services.databaseUrl,
      VISITOR_KEY_SECRET: ensureVisitorKeySecret(process.env.VISITOR_KEY_SECRET),
      KAFKA_BROKERS: services.brokers,
      KAFKA_GROUP_ID: GROUP_ID,
      KAFKA_TOPIC: TOPIC,
      KAFKA_DLQ_TOPIC: DLQ_TOPIC,
      LOG_LEVEL: this.options.appLogLevel ?? 'fatal',
    };
    const fleet = (this.fleet = new ConsumerFleet(appEnv, this.log));
    await fleet.start('consumer-1');
    await fleet.start('consumer-2');
    // A fresh broker creates __consumer_offsets on the first join: faults must hit consumers already at work.
    await fleet.waitReady(180_000);

    const nowMs = Date.now();
    const generator = new TrafficGenerator({
      seed,
      projects,
      historyDays: 45,
      lateShare: 0.08,
      lateHours: [1, 200 * 24],
      invalidShare: 0.01,
      concurrentSessions: 300,
    });
    const kafka = new Kafka({
      clientId: 'metrics-store-drill',
      brokers: [services.brokers],
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const stream = new DrillProducer(
      producer,
      TOPIC,
      generator,
      nowMs,
      this.options.rate ?? (short ? 2_000 : 5_000),
    );
    const faults = new FaultInjector(services, fleet, stream, new SeededRandom(seed + 1), this.log);

    // Each fault starts once its share of the stream is produced and runs while the next share is produced.
    let running: Promise<void> = Promise.resolve();
    for (const fault of faultPlan(short)) {
      await stream.produceUntil(Math.floor(fault.at * events));
      await running;
      this.log(`produced ${stream.produced}; injecting ${fault.kind}`);
      running = faults.inject(fault.kind);
    }
    await stream.produceUntil(events);
    await running;
    await producer.disconnect();
    const producedAt = Date.now();
    this.log(
      `produced ${stream.produced} records (${stream.failedSends} sends retried); waiting for zero lag`,
    );

    const lagDrainMs = await waitForZeroLag(
      () => measureLag(services.brokers, services.databaseUrl, GROUP_ID, TOPIC),
      30 * 60_000,
      this.log,
    );
    this.log('lag is zero; reading the topic back to build the ground truth');
    const { truth, kafkaRecords, producerDuplicates, eventDuplicates, lostRecords } = await buildGroundTruth(
      services.brokers,
      TOPIC,
      stream.outcomes,
      timezones,
      DEDUPE_WINDOW_MS,
    );
    const rows = truth.rows();
    const mismatches = new MismatchLog();
    if (lostRecords > 0) mismatches.add('kafka', `${lostRecords} acknowledged records are not in the topic`);
    const rowsCompared = await compareDailyMetrics(services.databaseUrl, rows, mismatches);
    const dlq = await compareDeadLetters(services.brokers, DLQ_TOPIC, TOPIC, truth, mismatches);

    const port = await freePort();
    const token = `adm_${randomBytes(24).toString('base64url')}`;
    this.api = startApp('metrics-api', {
      ...appEnv,
      PORT: String(port),
      API_OPS_PORT: '0',
      ADMIN_TOKEN: token,
    });
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitUntil('metrics-api /readyz', async () => (await fetch(`${baseUrl}/readyz`)).ok, 60_000);
    const sampleRandom = new SeededRandom(seed + 2);
    const apiComparisons = await compareApiSample({
      baseUrl,
      token,
      truth,
      rows,
      projectIds: Array.from({ length: short ? 4 : 8 }, () => sampleRandom.pick(projects).id),
      lastDate: dateOfDay(Math.floor(nowMs / 86_400_000)),
      random: sampleRandom,
      mismatches,
    });

    const invalidByCode: Record<string, number> = {};
    for (const letter of truth.deadLetters.values())
      invalidByCode[letter.code] = (invalidByCode[letter.code] ?? 0) + 1;
    return {
      seed,
      produced: stream.produced,
      kafkaRecords,
      producerDuplicates,
      eventDuplicates,
      validEvents: truth.validEvents,
      invalidByCode,
      projects: projects.length,
      faults: Object.fromEntries(faults.injected),
      unexpectedConsumerExits: fleet.unexpectedExits,
      rowsCompared,
      dlqRecords: dlq.records,
      dlqDuplicates: dlq.duplicates,
      apiComparisons,
      mismatches: mismatches.count,
      mismatchesByArea: Object.fromEntries(mismatches.byArea),
      mismatchExamples: mismatches.examples,
      produceMs: producedAt - started,
      lagDrainMs,
      durationMs: Date.now() - started,
    };
  }
}
