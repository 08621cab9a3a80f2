import { Kafka, logLevel, Partitioners, type KafkaConfig } from 'kafkajs';
import { createMetricsStore, type MetricsStore } from '@metrics-store/metrics-db';
import { startOpsServer, type Logger, type OpsServer } from '@metrics-store/runtime';
import type { ConsumerConfig } from './config';
import { createConsumerMetrics } from './consumer.metrics';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { FlushScheduler } from './flush.scheduler';
import { explainKafkaFailure } from './kafka-access.error';
import { kafkaClientOptions } from './kafka-client.options';
import { probeKafkaConnection } from './kafka-connection.probe';
import { kafkaLogCreator } from './kafka-log.bridge';
import { LocalDateResolver } from './local-date.resolver';
import { PartitionBatchProcessor } from './partition-batch.processor';
import { PartitionPositions } from './partition.positions';
import { retryWithBackoff } from './backoff.retry';
import { TimezoneCache } from './timezone.cache';
import { isTransientError } from './transient-error';

export interface ConsumerDeps {
  logger: Logger;
  /** A failure retrying cannot fix; main logs it and exits non-zero so that a supervisor restarts it. */
  onFatal: (error: unknown) => void;
}

export interface RunningConsumer {
  /** The port of /healthz, /readyz and /metrics (useful with CONSUMER_HTTP_PORT=0). */
  opsPort: number;
  isReady(): Promise<boolean>;
  /** Stops fetching, lets the in-flight flush finish or be abandoned, disconnects, closes the pool. Idempotent. */
  stop(): Promise<void>;
}

const TIMEZONE_TTL_MS = 10_000;

/** Starts the enriched-events consumer: Kafka in, daily_metrics out, ops endpoints beside it. */
export async function startConsumer(config: ConsumerConfig, deps: ConsumerDeps): Promise<RunningConsumer> {
  const logger = deps.logger.child({ module: 'consumer' });
  const topic = config.KAFKA_TOPIC;
  const metrics = createConsumerMetrics();
  let running = true;
  // Started before its dependencies are up (a fresh deploy, an outage): wait for them instead of crash-looping.
  const waitFor = <T>(what: string, work: () => Promise<T>) =>
    retryWithBackoff(work, {
      isActive: () => running,
      isRetriable: isTransientError,
      maxDelayMs: 10_000,
      onRetry: (error, attempt, delayMs) => logger.warn({ err: error, attempt, delay_ms: delayMs, topic }, `${what}_unavailable`),
    });
  const store: MetricsStore = await waitFor('database', () =>
    createMetricsStore({ databaseUrl: config.DATABASE_URL, poolSize: config.DB_POOL_SIZE, applicationName: config.KAFKA_CLIENT_ID }),
  );
  const kafkaConfig: KafkaConfig = {
    clientId: config.KAFKA_CLIENT_ID,
    brokers: config.KAFKA_BROKERS,
    ...kafkaClientOptions(config),
    logLevel: config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace' ? logLevel.INFO : logLevel.WARN,
    logCreator: kafkaLogCreator(deps.logger),
    // After its own retries kafkajs restarts the consumer instead of dying: outages are waited out.
    retry: { retries: 8, restartOnFailure: async (error) => isTransientError(error) },
  };
  const kafka = new Kafka(kafkaConfig);
  const consumer = kafka.consumer({
    groupId: config.KAFKA_GROUP_ID,
    // The broker answers once it has minBytes or the flush interval has passed: batches stay large under
    // load, and no record waits longer than FLUSH_INTERVAL_MS at low load.
    maxWaitTimeInMs: config.FLUSH_INTERVAL_MS,
    minBytes: 64 * 1024,
    // Bounds the records in memory at once (with the heap cap in project.json, RSS stays under 300 MB). Large
    // flushes come from gathering several fetches, so a fetch can stay small: its decoded records are what
    // every young-generation GC has to copy.
    maxBytesPerPartition: 2 * 1024 * 1024,
    maxBytes: 4 * 1024 * 1024,
    sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatInterval: Math.min(3_000, Math.floor(config.KAFKA_SESSION_TIMEOUT_MS / 3)),
  });
  // Dead letters carry no ordering promise, so the default partitioner is fine (and says so, silencing kafkajs).
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  const admin = kafka.admin();

  let joined = false;
  const positions = new PartitionPositions({
    store,
    admin,
    consumer,
    groupId: config.KAFKA_GROUP_ID,
    topic,
    logger,
    isRunning: () => running,
  });
  const scheduler = new FlushScheduler({
    store,
    positions,
    deadLetters: new DeadLetterPublisher(producer, config.KAFKA_DLQ_TOPIC, topic, logger),
    metrics,
    logger,
    groupId: config.KAFKA_GROUP_ID,
    topic,
    maxRecords: config.BATCH_MAX_EVENTS,
    lingerMs: config.FLUSH_INTERVAL_MS,
    isRunning: () => running,
    commitOffsets: (offsets) => consumer.commitOffsets(offsets.map((offset) => ({ topic, ...offset }))),
    onFatal: deps.onFatal,
  });
  const processor = new PartitionBatchProcessor({
    positions,
    timezones: new TimezoneCache(store, TIMEZONE_TTL_MS),
    dates: new LocalDateResolver(),
    scheduler,
    logger,
    limits: { maxEventBytes: config.MAX_EVENT_BYTES, maxEventAgeDays: config.MAX_EVENT_AGE_DAYS },
    onFatal: deps.onFatal,
  });

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    joined = true;
    const partitions = payload.memberAssignment[topic] ?? [];
    logger.info({ topic, partitions, member_id: payload.memberId }, 'partitions_assigned');
    // Every partition restarts from its stored offset: what was gathered but not flushed is fetched again.
    scheduler.discardGathered();
    positions.onAssignment(partitions);
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    joined = false;
    if (payload.restart) logger.warn({ err: payload.error, topic }, 'consumer_restarting');
    else if (running) deps.onFatal(explainKafkaFailure(payload.error, config));
  });
  consumer.on(consumer.events.STOP, () => (joined = false));

  // Ready once in the group and while the database answers; ping failures count as not ready.
  const isReady = async () => joined && running && (await store.ping().then(() => true));
  const ops: OpsServer = await startOpsServer({ port: config.CONSUMER_HTTP_PORT, registry: metrics.registry, isReady });

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      running = false;
      // No record is accepted any more; the flush in flight and what was gathered are counted while the
      // partitions are still this member's. Then disconnect() waits for the batch kafkajs is in, whose retry
      // loops give up once running is false, and leaves the group.
      await scheduler.finish();
      await consumer.disconnect().catch((error: unknown) => logger.warn({ err: error }, 'consumer_disconnect_failed'));
      await scheduler.idle();
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
      await store.close();
      await ops.close();
      logger.info({ topic }, 'consumer_stopped');
    })());

  try {
    await waitFor('kafka', async () => {
      await probeKafkaConnection(kafkaConfig);
      await Promise.all([producer.connect(), admin.connect(), consumer.connect()]);
    });
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: processor.handle,
      eachBatchAutoResolve: false,
      autoCommit: false,
      partitionsConsumedConcurrently: config.KAFKA_PARTITIONS_CONCURRENTLY,
    });
  } catch (error) {
    await stop();
    throw explainKafkaFailure(error, config);
  }
  logger.info({ topic, group_id: config.KAFKA_GROUP_ID, ops_port: ops.port }, 'consumer_started');
  return { opsPort: ops.port, isReady, stop };
}
